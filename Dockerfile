# aidloop: one image, four entry commands (API, worker, migrations, schedules); see README "Deploying".
# Build: docker build -t aidloop .   Run: docker compose up (compose.yaml), against an external
# Temporal cluster and PostgreSQL.

# 1. Every dependency, to typecheck the sources (the image runs TypeScript with tsx, as `npm start` does).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc --noEmit

# 2. Runtime dependencies only (tsx is one; jest, typescript and the type packages are not).
FROM node:20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The image: runtime dependencies and the checked sources, run as the unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json /app/temporal.config.ts ./
COPY --from=build /app/activities ./activities
COPY --from=build /app/admin ./admin
COPY --from=build /app/api ./api
COPY --from=build /app/config ./config
COPY --from=build /app/db ./db
COPY --from=build /app/domain ./domain
COPY --from=build /app/worker ./worker
COPY --from=build /app/workflows ./workflows
USER node
# 3000 API (/livez, /readyz, /metrics, /codec); 9464 the Temporal SDK's runtime metrics; 9465 the worker's own metrics.
EXPOSE 3000 9464 9465
# The package.json scripts' commands, without npm in between (npm does not pass SIGTERM on to its child).
# The API by default; compose.yaml runs the others: `npm run worker`, `npm run migrate`, `npm run schedules`.
CMD ["node_modules/.bin/tsx", "api/server.ts"]
