import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerApplicationPaths } from './applications/openapi';
import { registerCasePaths } from './cases/openapi';
import { registerEnrolmentPaths } from './enrolments/openapi';
import { registerEmergencyPaths } from './emergencies/openapi';
import { registerIntegrityPaths } from './integrity/openapi';
import { registerFindPaths } from './lists/openapi';
import { registerConsolePaths } from './console/openapi';
import { registerIncidentPaths } from './receiptScope';
import { REFERRAL_API } from './referrals';
import { registerSubjectPaths } from './subjectApi';
import { registerFeedPaths } from './feeds/openapi';
import { registerAdminPaths } from './admin/openapi';
import { API_TAGS, type ApiTag } from './openapiParts';

/** OpenAPI 3.1 generated from the same zod schemas that validate requests; each feature registers its paths. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  // Every route but the docs needs a bearer token (api/auth.ts): Swagger's Authorize button takes it.
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  registerCasePaths(registry);
  registerApplicationPaths(registry);
  registerEnrolmentPaths(registry);
  registerEmergencyPaths(registry);
  registerIntegrityPaths(registry);
  registerFindPaths(registry);
  registerConsolePaths(registry);
  registerIncidentPaths(registry);
  registerSubjectPaths(registry, REFERRAL_API);
  registerFeedPaths(registry);
  registerAdminPaths(registry);
  for (const d of registry.definitions) if (d.type === 'route') d.route.tags ??= [areaOf(d.route.path)];
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'aidloop', version: '0.1.0', description: '救助帮扶闭环: warning → verification → assistance → feedback' },
    servers: [{ url: '/api/v1' }],
    tags: API_TAGS.map((t) => ({ ...t })),
    security: [{ bearer: [] }],
  });
}

/** The area of a path, by its first segment (the areas of API_TAGS). */
const AREAS: [RegExp, ApiTag][] = [
  [/^\/(warnings|cases)\b/, '预警核查'],
  [/^\/(applications|eligibility)\b/, '救助申请'],
  [/^\/(enrolments|exchanges)\b/, '救助对象'],
  [/^\/emergencies\b/, '急难救助'],
  [/^\/referrals\b/, '部门转介'],
  [/^\/feeds\b/, '部门数据'],
  [/^\/(tasks|supervision|sampling|incidents)\b/, '待办与督办'],
  [/^\/statistics\b/, '统计'],
  [/^\/(persons|households)\b/, '查询'],
  [/^\/(integrity|publicity|admin\/staff-relatives|admin\/audit)\b/, '诚信与审计'],
  [/^\/admin\b/, '管理'],
];

function areaOf(path: string): ApiTag {
  const area = AREAS.find(([prefix]) => prefix.test(path));
  if (!area) throw new Error(`no API area for ${path}: add it to AREAS`);
  return area[1];
}
