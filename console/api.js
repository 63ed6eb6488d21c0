// Talks to /api/v1 with the signed-in bearer token. Every rule is the API's:
// the console only shows what the API answers, errors included.
const TOKEN_KEY = 'aidloop.token';

export const token = () => sessionStorage.getItem(TOKEN_KEY);
export const signIn = (t) => sessionStorage.setItem(TOKEN_KEY, t.trim());
export const signOut = () => sessionStorage.removeItem(TOKEN_KEY);

/** Who the token says the user is (the API verifies it; this only reads it for display and defaults). */
export function principal() {
  const t = token();
  if (!t) return null;
  try {
    const bytes = Uint8Array.from(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const body = JSON.parse(new TextDecoder().decode(bytes)); // claims may hold Chinese names
    return { userId: body.sub, role: body.role, regionCode: body.region ?? body.regionCode, department: body.department };
  } catch {
    return null;
  }
}

/** The message of an error body: RFC 9457 problem+json ({ title, detail, issues }) or the older { error: { message, issues } }. */
export function errorText(status, body) {
  const e = body && typeof body === 'object' ? (body.error ?? body) : {};
  const head = e.detail ?? e.message ?? e.title ?? `HTTP ${status}`;
  const issues = (e.issues ?? []).map((i) => `· ${i.path}: ${i.message}`);
  return [`${status} ${head}`, ...issues].join('\n');
}

export class ApiError extends Error {
  constructor(status, body) {
    super(errorText(status, body));
    this.status = status;
    this.body = body;
  }
}

export async function call(method, path, body) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token()}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  if (!res.ok) throw new ApiError(res.status, parsed);
  return parsed;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body ?? {});

/** A list page's rows, whichever shape the route answers ({ items, next } pages, or the older tasks/steps arrays). */
export const rowsOf = (page) => page.items ?? page.tasks ?? page.steps ?? [];

/** Downloads a file the API serves behind the token (the XLSX 月报). */
export async function download(path, filename) {
  const res = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token()}` } });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
