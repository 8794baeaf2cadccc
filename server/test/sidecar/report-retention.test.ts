/**
 * Reports of scheduled analyses: a run of analyses with the same findings keeps the reports of its first and
 * its latest; the ones between keep their row and summary, say so (hasReport false), and their export answers
 * why. A real redis-server analysed every second by the real scheduler.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { eventually, startTestSidecar, type TestSidecar } from '../harness/sidecar-harness.js';

const TOKEN = 'report-retention-editor-0123456789ab';
let redis: RedisProcess;
let sc: TestSidecar;

before(async () => {
  redis = await RedisProcess.start();
  sc = await startTestSidecar({
    tenants: [{ id: 'keep', name: 'Keep', tokens: [{ name: 'editor', token: TOKEN, role: 'editor' }] }],
    targets: [{ tenant: 'keep', name: 'steady', url: redis.url, intervalSeconds: 1 }],
  });
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

test('unchanged scheduled analyses keep the first and the latest report, the ones between only their summary', async () => {
  const [target] = (await sc.api('GET', '/api/v1/targets', { token: TOKEN })).body.items;
  const succeeded = async () =>
    (await sc.api('GET', `/api/v1/targets/${target.id}/analyses?limit=50`, { token: TOKEN })).body.items.filter(
      (a: { status: string }) => a.status === 'succeeded'
    ) as { id: string; hasReport: boolean; summary: unknown }[];
  // The first analysis has no history (usage rules not evaluated), the second has: from the second on the
  // findings stay the same, so by the fifth at least two reports between have been dropped.
  const analyses = await eventually('five scheduled analyses', async () => {
    const list = await succeeded();
    return list.length >= 5 ? list : undefined;
  });
  assert.equal(analyses[0].hasReport, true, 'the latest keeps its report');
  assert.equal(analyses.at(-1)!.hasReport, true, 'the first keeps its report');
  const dropped = analyses.filter((a) => !a.hasReport);
  assert.ok(dropped.length >= 2, `reports dropped: ${dropped.length} of ${analyses.length}`);
  for (const a of dropped) assert.ok(a.summary, 'a dropped report leaves the summary');

  const gone = await sc.api('GET', `/api/v1/analyses/${dropped[0].id}/export?format=json`, { token: TOKEN });
  assert.equal(gone.status, 409);
  assert.match(JSON.stringify(gone.body), /was not kept: a run of scheduled analyses with the same findings/);
  const kept = await sc.api('GET', `/api/v1/analyses/${analyses[0].id}/export?format=json`, { token: TOKEN });
  assert.equal(kept.status, 200);
});
