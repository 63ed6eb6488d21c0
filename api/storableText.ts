import type { FieldIssue } from './errors';

/**
 * Longest string any request may carry (characters). The free-text fields are
 * notes, findings and summaries; a longer one is a mistake or an attack, and
 * would also swell every workflow history that carries it.
 */
export const MAX_TEXT_LENGTH = 4000;

/**
 * Every string a request carries (as sent, whatever its schema) must be one
 * PostgreSQL and Temporal can store: no NUL (text and jsonb refuse U+0000),
 * no unpaired UTF-16 surrogate (not encodable as UTF-8; jsonb refuses the
 * escape), and not over MAX_TEXT_LENGTH. Checked once here for every route's
 * params, query and body, so no schema can forget it.
 */
export function unstorableStrings(location: string, value: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) issues.push({ path: [location, ...path].join('.'), message: problem, code: 'unstorable_text' });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, String(i)]));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) walk(item, [...path, key]);
    }
  };
  walk(value, []);
  return issues;
}

function textProblem(s: string): string | undefined {
  if (s.length > MAX_TEXT_LENGTH) return `must be at most ${MAX_TEXT_LENGTH} characters`;
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (/\p{Surrogate}/u.test(s)) return 'must be well-formed Unicode (an unpaired surrogate cannot be stored)';
  return undefined;
}
