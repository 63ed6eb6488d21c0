import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerApplicationPaths } from './applications/openapi';
import { registerCasePaths } from './cases/openapi';
import { registerEnrolmentPaths } from './enrolments/openapi';
import { registerEmergencyPaths } from './emergencies/openapi';
import { registerIntegrityPaths } from './integrity/openapi';
import { registerFeedPaths } from './feeds/openapi';

/** OpenAPI 3.1 generated from the same zod schemas that validate requests; each feature registers its paths. */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  registerCasePaths(registry);
  registerApplicationPaths(registry);
  registerEnrolmentPaths(registry);
  registerEmergencyPaths(registry);
  registerIntegrityPaths(registry);
  registerFeedPaths(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'aidloop', version: '0.1.0', description: '救助帮扶闭环: warning → verification → assistance → feedback' },
    servers: [{ url: '/api/v1' }],
  });
}
