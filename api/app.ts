import express, { type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { calendarRouter } from './admin/calendarRouter';
import { policyRouter } from './admin/policyRouter';
import { applicationsRouter } from './applications/router';
import { authenticate } from './auth';
import { casesRouter } from './cases/router';
import { emergenciesRouter } from './emergencies/router';
import type { ApiDeps } from './deps';
import { errorHandler, notFound } from './errors';
import { enrolmentsRouter } from './enrolments/router';
import { exchangesRouter } from './exchanges/router';
import { feedsRouter } from './feeds/router';
import { householdsRouter } from './households/router';
import { integrityRouter } from './integrity/router';
import { openApiDocument } from './openapi';
import { requestLog } from './requestLog';
import { supervisionRouter } from './supervision/router';
import { tasksRouter } from './tasks/router';

/** The HTTP API, built from its dependencies (exported for supertest). */
export function buildApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog);
  app.use(express.json({ limit: '256kb' }));

  const api = express.Router();
  const doc = openApiDocument();
  api.get('/openapi.json', (_req, res) => { res.json(doc); });
  api.use('/docs', swaggerUi.serve, swaggerUi.setup(doc));
  api.use(authenticate(deps.verifyToken));
  api.use(casesRouter(deps));
  api.use(tasksRouter(deps));
  api.use(supervisionRouter(deps));
  api.use(calendarRouter(deps));
  api.use(policyRouter(deps));
  api.use(applicationsRouter(deps));
  api.use(householdsRouter(deps));
  api.use(enrolmentsRouter(deps));
  api.use(exchangesRouter(deps));
  api.use(emergenciesRouter(deps));
  api.use(integrityRouter(deps));
  api.use(feedsRouter(deps));
  app.use('/api/v1', api);
  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  app.use((req, _res, next) => next(notFound(`route ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}
