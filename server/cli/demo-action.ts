/** What `redislens demo` does: the fleet, the sidecar, the summary, and a clean stop (see demo-command.ts). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { pino } from 'pino';
import { startSidecar, DEFAULT_SIDECAR_OPTIONS, type Sidecar } from '../sidecar.js';
import { startDemoFleet, scheduleOutage, type DemoFleet } from '../demo/demo-fleet.js';
import { DemoLock } from '../demo/demo-lock.js';
import { startLiveSummary } from '../demo/live-summary.js';

export interface DemoFlags {
  listen: string;
  grpcListen: string;
  interval: number;
  outageAfter: number;
  outageFor: number;
}

const TENANT = 'demo';

export async function runDemo(flags: DemoFlags): Promise<void> {
  const out = (line = '') => process.stdout.write(line + '\n');
  const lock = DemoLock.acquire();
  // Signals are caught from the start: one during start-up stops the demo as soon as start-up is done.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const dir = mkdtempSync(join(tmpdir(), 'redislens-demo-'));
  let fleet: DemoFleet | undefined;
  let sidecar: Sidecar | undefined;
  let stopOutage: (() => Promise<void>) | undefined;
  let stopSummary: (() => Promise<void>) | undefined;

  // Whatever happens (an uncaught error, process.exit), nothing is left behind.
  const lastResort = () => {
    fleet?.killNow();
    rmSync(dir, { recursive: true, force: true });
    lock.release();
  };
  process.once('exit', lastResort);

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      await stopSummary?.();
      await stopOutage?.();
      await sidecar?.close();
      await fleet?.stop();
      rmSync(dir, { recursive: true, force: true });
      lock.release();
    })());

  try {
    lock.update({ dir });
    const outage = { afterSeconds: flags.outageAfter, forSeconds: flags.outageFor };
    out('RedisLens demo: starting a Redis fleet with planted problems ...');
    fleet = await startDemoFleet(join(dir, 'redis'), outage);

    const token = randomBytes(24).toString('hex');
    const provisionDir = join(dir, 'provisioning');
    mkdirSync(provisionDir);
    writeFileSync(
      join(provisionDir, 'demo.yaml'),
      stringify({
        apiVersion: 1,
        tenants: [{ id: TENANT, name: 'Demo', tokens: [{ name: 'demo', token, role: 'editor' }] }],
        targets: fleet.targets.map((t) => ({ tenant: TENANT, ...t, intervalSeconds: flags.interval })),
      }),
      { mode: 0o600 }
    );
    sidecar = await startSidecar({
      ...DEFAULT_SIDECAR_OPTIONS,
      listen: flags.listen,
      grpcListen: flags.grpcListen,
      dataDir: join(dir, 'store'),
      provisionDir,
      // The demo's screen is its summary; the sidecar only speaks up for problems.
      logger: pino({ name: 'redislens', level: 'warn' }, pino.destination(2)),
    });
    lock.update({ restUrl: sidecar.url });

    out();
    out('Planted problems (the rules that report them):');
    for (const p of fleet.planted) out(`  ${p.target.padEnd(14)} ${p.what}  -> ${p.rules.join(', ')}`);
    out();
    out(`REST API:   ${sidecar.url}/api/v1/anomalies?status=open`);
    out(`API token:  ${token}`);
    out(`            curl -H 'Authorization: Bearer ${token}' '${sidecar.url}/api/v1/anomalies?status=open'`);
    out(`Metrics:    ${sidecar.url}/metrics`);
    out(`OpenAPI:    ${sidecar.url}/api/openapi.json`);
    out('Grafana:    grafana.ini');
    out('              [plugin.redislens-analyzer-datasource]');
    out(`              sidecar_address = ${sidecar.grpcAddress}`);
    out(`            and the RedisLens datasource's API token: ${token}`);
    out(`Store:      ${join(dir, 'store')} (temporary: removed when the demo stops)`);
    out();
    out(
      'Analysing every ' +
        flags.interval +
        ' s. Ctrl-C stops the fleet and the sidecar and removes the temporary folder.'
    );
    out();

    const summary = startLiveSummary(sidecar.read, { tenantId: TENANT, role: 'viewer', actor: 'demo' }, out);
    stopSummary = summary.stop;
    const flapping = fleet.flappingReplica;
    const outageTimer = scheduleOutage(flapping, outage, (event, detail) => {
      const at = new Date().toISOString().slice(11, 19);
      if (event === 'stopped')
        out(`[${at}] planted outage: replica ${flapping.address} stopped, back in ${outage.forSeconds} s`);
      else if (event === 'restarted') out(`[${at}] planted outage over: replica ${flapping.address} is running again`);
      else out(`[${at}] could not restart replica ${flapping.address}: ${detail}`);
    });
    stopOutage = outageTimer.cancel;
  } catch (error) {
    await shutdown();
    throw error;
  }

  out(`\n${await signalled}: stopping the demo ...`);
  await shutdown();
  out('Demo stopped: no process or temporary file left.');
  process.exit(0);
}
