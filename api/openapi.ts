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
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'aidloop', version: '0.1.0', description: '救助帮扶闭环: warning → verification → assistance → feedback' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
  });
}
