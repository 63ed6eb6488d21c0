import { z } from 'zod';

/**
 * Whether a step's body records money: any top-level member named `…Fen`
 * (amounts are integer fen everywhere) in the schema or one of its variants.
 * Derived from the schema, so a new money step needs its Idempotency-Key
 * without anyone remembering to ask for it.
 */
export function recordsMoney(schema: z.ZodType): boolean {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return hasAmount(json);
}

interface JsonSchema {
  properties?: Record<string, unknown>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const hasAmount = (s: JsonSchema): boolean =>
  Object.keys(s.properties ?? {}).some((k) => k.endsWith('Fen')) ||
  [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].some(hasAmount);
