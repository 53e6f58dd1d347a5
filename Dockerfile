# The console's container image: Next's standalone server and the files it traced, nothing else.
# Build: docker build -t <registry>/openhands-console:<tag> .
# Runs as a non-root user with a read-only root file system: the only writable paths are /tmp and
# /app/.next/cache, which the Kubernetes manifests mount as emptyDir (deploy/kubernetes/base).
# A test proves what this image contains without a container runtime: e2e/standalone-image.spec.ts.

# ── 1. dependencies: all of them (the build needs TypeScript, Tailwind…) ─────────────────────────
FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ── 2. build: `next build` with output "standalone" (next.config.ts) ────────────────────────────
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npx next build

# ── 3. runtime: the standalone folder (server.js + traced production node_modules + migrations),
#       the static assets next to it; no npm, no devDependencies, no sources ────────────────────
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
WORKDIR /app
# npm and corepack are not needed at run time; fewer binaries, fewer CVEs.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
COPY --from=build --chown=0:0 /src/.next/standalone ./
COPY --from=build --chown=0:0 /src/.next/static ./.next/static
# Owned by root and read-only to the app user; the node user (uid 1000) only writes to the mounts.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
