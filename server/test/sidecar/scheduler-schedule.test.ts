/**
 * The in-process scheduler keeps its schedule in memory: it reads the enabled
 * targets once at start and again only when the write service says targets
 * changed, not every tick. A target added through the API is scheduled, a
 * disabled or deleted one stops being analysed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { eventually, startTestSidecar, type TestSidecar } from '../harness/sidecar-harness.js';

const TOKEN = 'schedule-test-editor-0123456789ab';
let redis: RedisProcess;
let sc: TestSidecar;
/** Calls to the store's listEnabled, and each analysis created: [targetId, at]. */
let reads = 0;
const created: [string, number][] = [];

before(async () => {
  redis = await RedisProcess.start({ config: { timeout: 0 } });
  sc = await startTestSidecar(
    { tenants: [{ id: 'sched', name: 'Sched', tokens: [{ name: 'editor', token: TOKEN, role: 'editor' }] }] },
    { targetPolicy: { minIntervalSeconds: 1 } }
  );
  // Count what the scheduler asks of the real store (the calls still go through).
  const { targets, analyses } = sc.sidecar.store;
  const listEnabled = targets.listEnabled.bind(targets);
  targets.listEnabled = () => (reads++, listEnabled());
  const create = analyses.create.bind(analyses);
  analyses.create = (a) => (created.push([a.targetId, Date.now()]), create(a));
  // A tick creates its due analyses in one call.
  const createMany = analyses.createMany.bind(analyses);
  analyses.createMany = (list) => (list.forEach((a) => created.push([a.targetId, Date.now()])), createMany(list));
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

const runsOf = (id: string, since = 0) => created.filter(([t, at]) => t === id && at >= since).length;
const addTarget = async (name: string) => {
  const res = await sc.api('POST', '/api/v1/targets', {
    token: TOKEN,
    body: { name, url: redis.url, intervalSeconds: 1 },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
};

test('a target added through the API is scheduled after one re-read, not a re-read per tick', async () => {
  const before = reads;
  const id = await addTarget('added');
  // Three runs at a 1 s interval span many 200 ms ticks.
  await eventually('three scheduled analyses of the new target', async () => runsOf(id) >= 3);
  assert.equal(reads - before, 1, `listEnabled was called ${reads - before} times`);
});

test('disabling or deleting a target stops its analyses', async () => {
  const disabled = await addTarget('to-disable');
  const deleted = await addTarget('to-delete');
  await eventually('both new targets analysed', async () => runsOf(disabled) >= 1 && runsOf(deleted) >= 1);
  const patch = await sc.api('PATCH', `/api/v1/targets/${disabled}`, { token: TOKEN, body: { enabled: false } });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  assert.equal((await sc.api('DELETE', `/api/v1/targets/${deleted}`, { token: TOKEN })).status, 204);
  const since = Date.now();
  // A witness target still scheduled every second shows time has passed for several intervals.
  const witness = await addTarget('witness');
  await eventually('three runs of the witness', async () => runsOf(witness, since) >= 3);
  assert.equal(runsOf(disabled, since), 0, 'the disabled target was analysed again');
  assert.equal(runsOf(deleted, since), 0, 'the deleted target was analysed again');
});
