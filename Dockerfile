# Porchlight: build on a full Node 20 image (the SQLite cipher module compiles from source), run on a
# slim one as an unprivileged user. Secrets come from the environment or *_FILE paths, never the image.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORCHLIGHT_CONFIG=/etc/porchlight/porchlight.yaml
RUN groupadd --system porchlight && useradd --system --gid porchlight --home /data porchlight \
    && mkdir -p /data /etc/porchlight && chown porchlight:porchlight /data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY config/porchlight.example.yaml /etc/porchlight/porchlight.example.yaml
USER porchlight
VOLUME ["/data"]
# Set database.path to /data/porchlight.db in the mounted config.
HEALTHCHECK --interval=60s --timeout=20s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/cli.js", "doctor"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start"]
