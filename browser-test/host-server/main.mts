/**
 * Starts the whole test host and prints one line, `REDISLENS_HOST <json>`,
 * when it is ready: the URL the browser opens, the sidecar's REST URL and
 * token (for tests that check what a click changed), the analysed topology.
 * Everything runs until SIGTERM / SIGINT or stdin closes, then is torn down.
 *   node --import tsx browser-test/host-server/main.mts
 * Grafana's part is played as its server would: the datasource's backend
 * stub is started with Grafana's plugin environment, its handshake names
 * the sidecar's gRPC address, and every plugin call goes there.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dial, grafanaPluginEnv, parseHandshake, startStub } from '../../server/grafana/test-support/grafana-host.js';
import { buildShell } from '../host-shell/build.mjs';
import { GrafanaApi } from './grafana-api.mjs';
import { startHostServer } from './host-server.mjs';
import { readCatalog } from './plugin-catalog.mjs';
import { DATASOURCE_TOKEN, startScenario, BAD_MAXMEMORY } from './scenario.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line: string) => process.stderr.write(`host: ${line}\n`);

/**
 * The browser bundle, built once per content of its sources and of the lock file (esbuild needs ~20 s
 * for @grafana/ui on a busy machine) and kept in node_modules/.cache.
 */
async function shellBundle(): Promise<string> {
  const sources = join(repoRoot, 'browser-test', 'host-shell');
  const hash = createHash('sha256');
  for (const file of readdirSync(sources).sort()) hash.update(file).update(readFileSync(join(sources, file)));
  hash.update(readFileSync(join(repoRoot, 'package-lock.json')));
  const dir = join(repoRoot, 'node_modules', '.cache', 'redislens-test-host', hash.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'shell.js'))) return dir;
  const building = `${dir}.${process.pid}`;
  mkdirSync(building, { recursive: true });
  await buildShell(join(building, 'shell.js'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  log('browser bundle built');
  return dir;
}

async function main() {
  const catalog = readCatalog(join(repoRoot, 'dist'));
  const datasource = catalog.nested.find((n) => n.json.type === 'datasource');
  if (!datasource) throw new Error('dist/plugin.json includes no datasource');
  const [scenario, shellDir] = await Promise.all([startScenario(log), shellBundle()]);
  const stub = startStub(grafanaPluginEnv({ GF_PLUGIN_SIDECAR_ADDRESS: scenario.sidecar.sidecar.grpcAddress! }));
  const backend = dial(parseHandshake(await stub.handshake).address);
  const api = new GrafanaApi(catalog, backend, {
    id: 1,
    uid: 'redislens',
    name: 'RedisLens',
    type: datasource.json.id,
    jsonData: {},
    secureJsonData: { apiToken: DATASOURCE_TOKEN },
  });
  // The known-bad directive's severity is the one the catalog gives MEM-102 (rules/memory.yaml), read from the
  // finding the sidecar raised rather than written here a second time.
  const open = await scenario.sidecar.api('GET', '/api/v1/anomalies?status=open&limit=500', {
    token: DATASOURCE_TOKEN,
  });
  const mem102 = (open.body.items as { ruleId: string; targetId: string; severity: string }[]).find(
    (a) => a.ruleId === 'MEM-102' && a.targetId === scenario.targets.cache
  );
  if (!mem102) throw new Error(`MEM-102 is not open on cache: ${JSON.stringify(open.body)}`);
  const state = {
    sidecarUrl: scenario.sidecar.sidecar.url,
    token: DATASOURCE_TOKEN,
    appId: catalog.app.json.id,
    datasourceUid: 'redislens',
    targets: scenario.targets,
    deadReplica: scenario.deadReplica,
    appClientName: scenario.appClientName,
    badDirective: { parameter: 'maxmemory', value: BAD_MAXMEMORY, ruleId: 'MEM-102', severity: mem102.severity },
  };
  const server = await startHostServer({ catalog, api, shellDir, state });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await server.close();
    backend.close();
    stub.child.kill('SIGTERM');
    await stub.closed;
    await scenario.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`REDISLENS_HOST ${JSON.stringify({ url: server.url, ...state })}\n`);
}

main().catch((error) => {
  process.stderr.write(`host: failed to start: ${error.stack ?? error}\n`);
  process.exit(1);
});
