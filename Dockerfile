# The RedisLens sidecar: `redislens serve` (REST API, /metrics, Grafana's plugin protocol).
# Node 24 is an LTS line; better-sqlite3 is built from source here, so the
# build stage carries the toolchain and the runtime stage does not.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
RUN npm ci --workspace server --include-workspace-root=false --omit=dev --no-audit --no-fund
COPY server/ server/
COPY rules/ rules/

FROM node:24-bookworm-slim
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /var/lib/redislens /etc/redislens/provisioning && chown node:node /var/lib/redislens
USER node
# V8 otherwise lets the heap grow toward a quarter of the host's memory before it collects in earnest: under
# 2,000 targets and busy readers the sidecar sat at 600 MiB RSS while 90 MiB of it was live (npm run
# bench:sidecar). 384 MiB leaves room for fleets of several thousand nodes; raise it for more.
ENV NODE_OPTIONS=--max-old-space-size=384
ENV REDISLENS_LISTEN=0.0.0.0:8080 \
    REDISLENS_GRPC_LISTEN=0.0.0.0:50051 \
    REDISLENS_DATA_DIR=/var/lib/redislens \
    REDISLENS_PROVISION=/etc/redislens/provisioning
VOLUME /var/lib/redislens
EXPOSE 8080 50051
HEALTHCHECK --interval=15s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:8080/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/server/bin/redislens.js"]
CMD ["serve"]
