/**
 * Soak: the scheduler analyses SOAK_TARGETS real redis-server targets every
 * second or two for SOAK_SECONDS while readers hammer the API, all on
 * loopback and bounded in time. Checks: no failed analysis or request, every
 * target analysed repeatedly, no duplicate anomalies, and RSS growth after
 * warm-up below a stated bound.
 *
 * `npm test` runs a short soak (10 targets, 20 s); `npm run test:soak` runs
 * the long one (50 targets, 180 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { eventually, startTestSidecar } from '../harness/sidecar-harness.js';

const TARGETS = Number(process.env.SOAK_TARGETS ?? 10);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const WARM_UP_SECONDS = Math.min(45, SECONDS / 3);
/** Allowed RSS growth between the end of warm-up and the end of the run. */
const RSS_GROWTH_BOUND_MB = 96;
const TOKEN = 'soak-test-token-0123456789abcdef';

test(`soak: ${TARGETS} targets, ${SECONDS} s, concurrent API reads`, { timeout: (SECONDS + 600) * 1000 }, async (t) => {
  const servers: RedisProcess[] = [];
  for (let i = 0; i < TARGETS; i += 10)
    servers.push(
      ...(await Promise.all(Array.from({ length: 10 }, () => RedisProcess.start({ config: { timeout: 0 } }))))
    );
  t.after(() => Promise.all(servers.map((s) => s.stop())));
  const sc = await startTestSidecar({
    tenants: [{ id: 'soak', name: 'Soak', tokens: [{ name: 'reader', token: TOKEN, role: 'editor' }] }],
    targets: servers.map((s, i) => ({
      tenant: 'soak',
      name: `redis-${i}`,
      url: s.url,
      intervalSeconds: 1 + (i % 2),
      labels: { workload: 'cache' },
    })),
  });
  t.after(() => sc.stop());

  const failures: string[] = [];
  let requests = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const reader = async (paths: () => string[]) => {
    while (Date.now() < deadline) {
      for (const path of paths()) {
        const res = await sc.api('GET', path, { token: TOKEN });
        requests++;
        if (res.status !== 200) failures.push(`${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const now = () => Date.now();
  const readers = [
    reader(() => ['/api/v1/anomalies?limit=100&sort=severity', '/api/v1/anomalies?status=open&severity=warning']),
    reader(() => ['/api/v1/targets', `/api/v1/anomaly-counts?from=${now() - 600000}&to=${now()}&intervalMs=10000`]),
    reader(() => ['/metrics', '/readyz']),
  ];
  let baseline = 0;
  let peak = 0;
  const sampler = (async () => {
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5000));
      global.gc?.();
      const rss = process.memoryUsage().rss;
      if (Date.now() >= deadline - (SECONDS - WARM_UP_SECONDS) * 1000 && baseline === 0) baseline = rss;
      if (baseline) peak = Math.max(peak, rss);
    }
  })();
  await Promise.all([...readers, sampler]);

  const targets = (await sc.api('GET', '/api/v1/targets', { token: TOKEN })).body.items;
  const succeededOf = async (target: { id: string }) =>
    (await sc.api('GET', `/api/v1/targets/${target.id}/analyses?limit=500`, { token: TOKEN })).body.items.filter(
      (a: any) => a.status === 'succeeded'
    ).length;
  // How many runs fit in the window depends on the machine's load: a count, not a rate, is the claim here.
  await eventually('every target to have been analysed at least twice', async () => {
    for (const target of targets) if ((await succeededOf(target)) < 2) return undefined;
    return true;
  });
  let succeeded = 0;
  for (const target of targets) {
    const analyses = (await sc.api('GET', `/api/v1/targets/${target.id}/analyses?limit=500`, { token: TOKEN })).body
      .items;
    for (const a of analyses) {
      if (a.status === 'failed') failures.push(`analysis of ${target.name} failed: ${a.error}`);
      if (a.status === 'succeeded') succeeded++;
    }
  }
  const anomalies = (await sc.api('GET', '/api/v1/anomalies?limit=500', { token: TOKEN })).body.items;
  const keys = anomalies.map((a: any) => `${a.targetId}|${a.ruleId}|${a.resource}|${a.subject ?? ''}`);
  const growthMb = (peak - baseline) / 1024 / 1024;
  t.diagnostic(
    `analyses succeeded: ${succeeded}, API requests: ${requests}, anomalies: ${anomalies.length}, RSS growth after warm-up: ${growthMb.toFixed(1)} MB (bound ${RSS_GROWTH_BOUND_MB} MB)`
  );

  assert.deepEqual(failures, []);
  assert.equal(targets.length, TARGETS);
  assert.equal(new Set(keys).size, keys.length, 'no duplicate anomalies');
  assert.ok(
    anomalies.filter((a: any) => a.ruleId === 'CLIENT-005').length === TARGETS,
    'one CLIENT-005 anomaly per target, however many runs'
  );
  assert.ok(growthMb < RSS_GROWTH_BOUND_MB, `RSS grew ${growthMb.toFixed(1)} MB after warm-up`);
});
