#!/usr/bin/env bash
# Installs everything RedisLens and its tests need on a fresh Debian machine:
# the Redis binaries the tests start (redis-server, redis-sentinel, redis-cli), PostgreSQL (initdb, pg_ctl),
# Chromium for the browser tests, and the npm packages of the plugin and the sidecar.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-sentinel >/dev/null || missing+=(redis-sentinel)
command -v redis-cli >/dev/null || missing+=(redis-tools)
command -v openssl >/dev/null || missing+=(openssl)  # TLS tests make throw-away certificates
command -v busybox >/dev/null || missing+=(busybox)  # the datasource stub is tested under busybox sh, as in Grafana's image
# The PostgreSQL store and the multi-sidecar tests start throw-away clusters with Debian's initdb / pg_ctl.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The built plugin is tested in a real browser (browser-test/): Debian's chromium, driven by Playwright,
# because Playwright's own browser download cannot run here. fonts-dejavu-core: a font for text the
# pages do not set in Inter.
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
