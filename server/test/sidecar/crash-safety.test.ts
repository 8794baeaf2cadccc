import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { eventually } from '../harness/sidecar-harness.js';

const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));
const TOKEN = 'crash-test-editor-token-0123456789';

function serve(dataDir: string, provisionDir: string, port: number): ChildProcess {
  return spawn(
    process.execPath,
    [BIN, 'serve', '--data-dir', dataDir, '--provision', provisionDir, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDISLENS_GRPC_LISTEN: '127.0.0.1:0' },
    }
  );
}

test('kill -9 loses nothing acknowledged; the analysis it interrupted is marked interrupted on restart', async (t) => {
  const healthy = await RedisProcess.start({ config: { timeout: 0 } });
  const hung = await RedisProcess.start();
  const dir = mkdtempSync(join(tmpdir(), 'redislens-crash-'));
  const provisionDir = join(dir, 'provisioning');
  mkdirSync(provisionDir);
  writeFileSync(
    join(provisionDir, 'redislens.yaml'),
    stringify({
      apiVersion: 1,
      tenants: [{ id: 'ops', name: 'Ops', tokens: [{ name: 'oncall', token: TOKEN, role: 'editor' }] }],
      targets: [
        { tenant: 'ops', name: 'healthy', url: healthy.url, intervalSeconds: 3600 },
        { tenant: 'ops', name: 'hung', url: hung.url, intervalSeconds: 3600 },
      ],
    })
  );
  let sidecar: ChildProcess | undefined;
  t.after(async () => {
    sidecar?.kill('SIGKILL');
    hung.child.kill('SIGCONT');
    await Promise.all([healthy.stop(), hung.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  sidecar = serve(join(dir, 'data'), provisionDir, port);
  await eventually('the sidecar to be ready', async () => (await fetch(`${base}/readyz`)).status === 200);
  const targets = (await api('GET', '/api/v1/targets')).body.items;
  const byName = (name: string) => targets.find((x: any) => x.name === name);

  const anomaly = await eventually(
    'an anomaly on the healthy target',
    async () => (await api('GET', '/api/v1/anomalies?ruleId=CLIENT-005')).body.items[0]
  );
  const ack = await api('POST', `/api/v1/anomalies/${anomaly.id}/status`, {
    status: 'acknowledged',
    note: 'known, ticket OPS-42',
  });
  assert.equal(ack.status, 200, 'acknowledged to the client');

  // A node that accepts connections but never answers keeps the analysis running.
  hung.child.kill('SIGSTOP');
  await eventually('the first scheduled run of the hung target to be over', async () =>
    (await api('GET', `/api/v1/targets/${byName('hung').id}/analyses`)).body.items.every(
      (a: any) => a.status !== 'running' && a.status !== 'queued'
    )
  );
  const job = (await api('POST', `/api/v1/targets/${byName('hung').id}/analyses`)).body;
  await eventually(
    'the analysis to be running',
    async () => (await api('GET', `/api/v1/analyses/${job.id}`)).body.status === 'running'
  );
  sidecar.kill('SIGKILL');
  await new Promise((r) => sidecar!.once('exit', r));

  sidecar = serve(join(dir, 'data'), provisionDir, port);
  await eventually('the sidecar to be ready again', async () => (await fetch(`${base}/readyz`)).status === 200);
  const interrupted = (await api('GET', `/api/v1/analyses/${job.id}`)).body;
  assert.equal(interrupted.status, 'interrupted');
  assert.match(interrupted.error, /stopped before this analysis finished/);
  const kept = (await api('GET', `/api/v1/anomalies/${anomaly.id}`)).body;
  assert.equal(kept.status, 'acknowledged');
  assert.equal(kept.history.at(-1).note, 'known, ticket OPS-42');
});
