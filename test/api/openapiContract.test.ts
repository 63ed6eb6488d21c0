import type { Express } from 'express';
import { buildApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { API_TAGS } from '../../api/openapiParts';
import { openApiDocument } from '../../api/openapi';

/**
 * The published contract against the running router: every operation tagged
 * with an area, answered with a schema, failing as problem details, guarded by
 * the bearer scheme unless public, and every mounted route documented.
 */
const doc = openApiDocument() as unknown as {
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
interface Media { schema?: unknown }
interface Operation {
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: Record<string, Media> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] as Operation })));
const STREAMED = ['text/csv', 'text/html', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** The routes express serves under /api/v1, as OpenAPI templates (`/cases/{id}`). */
function mountedApiRoutes(app: Express): string[] {
  interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }
  const stackOf = (l: Layer) => l.handle?.stack;
  const collect = (stack: Layer[]): string[] => stack.flatMap((l) => {
    if (l.route) {
      const path = l.route.path.replace(/:(\w+)/g, '{$1}');
      return Object.keys(l.route.methods).filter((m) => m !== '_all').map((m) => `${m} ${path}`);
    }
    const inner = stackOf(l);
    return inner ? collect(inner) : [];
  });
  const root = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const api = root.find((l) => stackOf(l)?.some((inner) => inner.route?.path === '/openapi.json'));
  if (!api) throw new Error('the /api/v1 router is not mounted');
  return collect(stackOf(api)!);
}

describe('the OpenAPI document is an honest contract', () => {
  it('lists the fixed areas with Chinese names, and tags every operation with one of them', () => {
    expect(doc.tags.map((t) => t.name)).toEqual(API_TAGS.map((t) => t.name));
    const names = new Set<string>(API_TAGS.map((t) => t.name));
    const untagged = operations.filter(({ op }) => op.tags?.length !== 1 || !names.has(op.tags[0]!)).map(({ method, path }) => `${method} ${path}`);
    expect(untagged).toEqual([]);
    for (const { name } of API_TAGS) expect(name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers every operation with a 2xx carrying a schema (JSON, or the streamed media type)', () => {
    const bare = operations.filter(({ op }) => {
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) return true;
      return success.some(([status, r]) => {
        if (status === '202' && !r.content) return false; // accepted: the body is the same subject view, documented on 201
        const media = Object.entries(r.content ?? {});
        return media.length === 0 || media.some(([type, m]) => !m.schema || (type !== 'application/json' && !STREAMED.includes(type)));
      });
    }).map(({ method, path }) => `${method} ${path}`);
    expect(bare).toEqual([]);
  });

  it('answers every 4xx and 5xx as application/problem+json with the one ProblemDetails schema', () => {
    const problem = doc.components.schemas.ProblemDetails;
    expect(Object.keys(problem?.properties ?? {})).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'issues']));
    const wrong = operations.flatMap(({ method, path, op }) => Object.entries(op.responses)
      .filter(([status]) => /^[45]\d\d$/.test(status))
      .filter(([, r]) => JSON.stringify(r.content) !== JSON.stringify({ 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } }))
      .map(([status]) => `${method} ${path} ${status}`));
    expect(wrong).toEqual([]);
  });

  it('requires the bearer token everywhere (no operation opts out, no x-actor headers)', () => {
    expect(doc).toMatchObject({ security: [{ bearer: [] }] });
    expect(operations.filter(({ op }) => op.security !== undefined).map(({ path }) => path)).toEqual([]);
    expect(JSON.stringify(doc)).not.toMatch(/x-actor/i);
  });

  it('documents no request header but Idempotency-Key, and that only on the steps that read it', () => {
    const headers = operations.flatMap(({ method, path, op }) => (op.parameters ?? [])
      .filter((p) => p.in === 'header').map((p) => `${method} ${path} ${p.name}`));
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h).toMatch(/^post \/\w+\/\{id\}\/actions\/[\w-]+ idempotency-key$/);
  });

  it('documents every route express mounts under /api/v1, and nothing it does not serve', () => {
    // Only the routing table is read: no request is served, so no server is needed behind these dependencies.
    const app = buildApp({
      verifyToken: async () => { throw new Error('unused'); },
      temporal: { options: { loadedDataConverter: { payloadCodecs: [] } } },
    } as unknown as ApiDeps);
    const mounted = new Set(mountedApiRoutes(app));
    // The document itself and Swagger UI are public and not operations of the API.
    mounted.delete('get /openapi.json');
    const documented = operations.map(({ method, path }) => `${method} ${path}`);
    // A mounted parameter matches a documented one or a fixed segment (`/actions/:action` is documented per action).
    const pattern = (r: string) => new RegExp(`^${r.replace(/\{\w+\}/g, '[^/]+')}$`);
    const patterns = [...mounted].map((r) => [r, pattern(r)] as const);
    expect(patterns.filter(([, p]) => !documented.some((d) => p.test(d))).map(([r]) => r).sort()).toEqual([]);
    expect(documented.filter((d) => !patterns.some(([, p]) => p.test(d))).sort()).toEqual([]);
  });
});
