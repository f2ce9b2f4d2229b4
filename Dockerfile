# Porchlight: build on a full Node 20 image (the SQLite cipher module compiles from source), run on a
# slim one as an unprivileged user. Secrets come from the environment or *_FILE paths, never the image.
# The database key comes as the Docker secret porchlight_db_key (/run/secrets/porchlight_db_key), never
# from the /data volume: `start` refuses without a key and never writes one beside the data. See docs/deploy.md.

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
# A fixed numeric id, so volume ownership and "run as non-root" policies can name it.
RUN groupadd --system --gid 10001 porchlight \
    && useradd --system --uid 10001 --gid porchlight --home /data --shell /usr/sbin/nologin porchlight \
    && mkdir -p /data /etc/porchlight && chown porchlight:porchlight /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
# node_modules links the local stub of the Matrix native crypto package here.
COPY --from=build /app/packages ./packages
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY config/porchlight.example.yaml /etc/porchlight/porchlight.example.yaml
# The default configuration keeps the database on the /data volume; mount your own file over it
# (read-only) with the platform sections, and keep `database.path: /data/porchlight.db` in it.
RUN printf 'database:\n  path: /data/porchlight.db\n' > /etc/porchlight/porchlight.yaml
USER porchlight
# The CLI sets umask 077 itself: the database, its log, its key slot and backups are for this user alone.
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=30s --retries=3 \
  CMD ["node", "dist/src/cli.js", "doctor"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start"]
