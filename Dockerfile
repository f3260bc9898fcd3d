# syntax=docker/dockerfile:1
# One image for every app: docker build --build-arg APP=accounts -t medicalink/accounts .

# Only the package manifests, so the install layers stay cached until dependencies change.
# npm install, not npm ci: see tools/scripts/ensure-install.mjs.
FROM node:20-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /src ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ARG APP
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    APP=${APP}
WORKDIR /app
COPY --from=manifests /src ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# the web console's build, which the gateway serves at /console/
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN if [ ! -f "dist/apps/$APP/src/main.js" ]; then \
      echo "no dist/apps/$APP/src/main.js: build with --build-arg APP=<app>" >&2; exit 1; \
    fi
USER node
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
