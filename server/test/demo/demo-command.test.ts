/**
 * `redislens demo` as a user runs it: the real executable, its own Redis
 * fleet and sidecar. The planted problems must show up over REST, a second
 * demo must refuse to start, and SIGINT must leave no process and no
 * temporary file behind. TMPDIR points at a folder of this test, so what the
 * demo leaves (or not) is checked there, and its processes are found by their
 * working directory (redis-server chdirs into its `dir`, inside TMPDIR).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from '../harness/sidecar-harness.js';
import { DemoLock, DemoAlreadyRunningError } from '../../demo/demo-lock.js';

const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));

/** Pids of live processes whose working directory is inside dir. */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir + '/')) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

test('demo: planted anomalies over REST, a second demo refused, SIGINT leaves nothing behind', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'redislens-demo-test-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const env = { ...process.env, TMPDIR: tmp };
  const demo = spawn(process.execPath, [BIN, 'demo', '--interval', '2', '--outage-after', '8', '--outage-for', '15'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  demo.stdout.on('data', (d) => (stdout += d));
  demo.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
  t.after(() => {
    if (demo.exitCode === null) demo.kill('SIGKILL');
    for (const pid of processesIn(tmp)) process.kill(pid, 'SIGKILL');
  });

  const { url, token } = await eventually(
    'the demo to print its REST address and token',
    async () => {
      if (demo.exitCode !== null) throw new Error(`demo exited ${demo.exitCode}: ${stdout}\n${stderr}`);
      const url = /^REST API:\s+(http:\/\/127\.0\.0\.1:\d+)\//m.exec(stdout)?.[1];
      const token = /^API token:\s+(\S+)$/m.exec(stdout)?.[1];
      return url && token ? { url, token } : undefined;
    },
    120000
  );
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, path);
    return (await response.json()) as any;
  };
  const targets = new Map<string, string>(
    (await get('/api/v1/targets')).items.map((t: any) => [t.id, t.name] as [string, string])
  );
  assert.deepEqual([...targets.values()].sort(), ['demo-cache', 'demo-sessions']);
  const anomaliesOf = async (ruleId: string) =>
    (await get(`/api/v1/anomalies?ruleId=${ruleId}&limit=500`)).items.map((a: any) => ({
      ...a,
      target: targets.get(a.targetId),
    }));

  // Every planted problem is found by the rule that should find it.
  const expected: [string, string][] = [
    ['SENTINEL-103', 'demo-sessions'],
    ['REPL-104', 'demo-sessions'],
    // Loopback only, so protected mode off is not remote exposure: SEC-101 (a notice), not SEC-103.
    ['SEC-101', 'demo-cache'],
    ['TOPO-001', 'demo-sessions'],
  ];
  for (const [ruleId, target] of expected) {
    await eventually(
      `${ruleId} to open on ${target}`,
      async () => (await anomaliesOf(ruleId)).some((a: any) => a.target === target && a.status === 'open'),
      120000
    );
  }
  // The Sentinel set is password-protected: its nodes must not report SEC-101.
  assert.ok(!(await anomaliesOf('SEC-101')).some((a: any) => a.target === 'demo-sessions'));

  // The replica comes back: TOPO-001 auto-resolves, and its trail says so.
  const [outage] = await anomaliesOf('TOPO-001');
  await eventually(
    'TOPO-001 to auto-resolve when the replica is back',
    async () => (await get(`/api/v1/anomalies/${outage.id}`)).history.some((e: any) => e.kind === 'auto_resolved'),
    120000
  );
  assert.match(stdout, /opened\s+(critical|warning)\s+SENTINEL-103/);
  assert.match(stdout, /planted outage over/);

  // A second demo says one is running instead of failing on ports.
  const second = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
    execFile(process.execPath, [BIN, 'demo'], { env, timeout: 120000 }, (error, _out, err) =>
      resolve({ code: error ? (error.code as number) : 0, stderr: err })
    )
  );
  assert.equal(second.code, 2);
  assert.match(second.stderr, new RegExp(`a RedisLens demo is already running \\(pid ${demo.pid}, REST API ${url}\\)`));

  const fleet = processesIn(tmp);
  // 7 Redis processes; the flapping replica may be in one of its outages right now.
  assert.ok(fleet.length >= 6, `the fleet's processes are found (${fleet.length})`);
  demo.kill('SIGINT');
  assert.equal(await exited, 0, stderr);
  assert.match(stdout, /SIGINT: stopping the demo/);
  assert.deepEqual(processesIn(tmp), [], 'no Redis process is left');
  for (const pid of fleet) assert.throws(() => process.kill(pid, 0), /ESRCH/, `pid ${pid} is gone`);
  const left = readdirSync(tmp).filter((f) => f.startsWith('redislens-'));
  assert.deepEqual(left, [], 'no temporary folder or lock file is left');
});

test('demo lock: a live holder is named, a dead holder is taken over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-demo-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'redislens-demo.lock');

  const mine = DemoLock.acquire(path);
  mine.update({ restUrl: 'http://127.0.0.1:1234' });
  assert.throws(
    () => DemoLock.acquire(path),
    (error: unknown) => {
      assert.ok(error instanceof DemoAlreadyRunningError);
      assert.equal(error.holder.pid, process.pid);
      assert.match(error.message, /REST API http:\/\/127\.0\.0\.1:1234/);
      return true;
    }
  );
  mine.release();

  // A pid that no longer exists: a demo killed with SIGKILL.
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  writeFileSync(path, JSON.stringify({ pid: child.pid, startedAt: 0 }));
  const taken = DemoLock.acquire(path);
  taken.release();
  assert.deepEqual(readdirSync(dir), []);
});
