import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startSentinelSet } from '../harness/topologies.js';
import { analyze, resultsOnSnapshot } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

const GROUP = 'mymaster';

/** One analysis, then any rule's result on any target from it. */
async function check(urls: string[]) {
  const analysis = await analyze(urls);
  const result = (ruleId: string, target = GROUP): RuleResult => {
    const mine = analysis.results.filter((r) => r.ruleId === ruleId && r.target === target);
    assert.equal(mine.length, 1, `one ${ruleId} result on ${target}, got ${mine.length}`);
    return mine[0];
  };
  const status = (ruleId: string, target = GROUP) => result(ruleId, target).status;
  return { analysis, result, status };
}

/** SENTINEL MASTER / REPLICAS replies as redis-cli prints them (one field or value a line) -> records. */
function records(text: string, firstKey = 'name'): Record<string, string>[] {
  const lines = text.split('\n');
  const out: Record<string, string>[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    if (lines[i] === firstKey) out.push({});
    out[out.length - 1][lines[i]] = lines[i + 1];
  }
  return out;
}

/** The recorded-snapshot edit: the same fleet with some nodes re-addressed (every mention, quoted). */
function relocate(fleet: FleetSnapshot, moves: [string, string][]): FleetSnapshot {
  let text = JSON.stringify(fleet);
  for (const [from, to] of moves) text = text.replaceAll(`"${from}"`, `"${to}"`);
  return JSON.parse(text) as FleetSnapshot;
}
const port = (address: string) => address.slice(address.lastIndexOf(':') + 1);

describe('Sentinel rules', { concurrency: true }, () => {
  test('a healthy three-Sentinel set passes, then quorum, down-after, a dead Sentinel and dead replicas fire their rules', async (t) => {
    const set = await startSentinelSet({ replicas: 2, sentinels: 3 });
    t.after(() => set.stop());
    const [s0, s1, s2] = set.sentinels;

    const healthy = await check([set.sentinelUrl]);
    const group = healthy.analysis.fleet.groups.find((g) => g.kind === 'sentinel')!;
    assert.equal(group.sentinels.length, 3);
    for (const id of [
      'SENTINEL-101',
      'SENTINEL-102',
      'SENTINEL-103',
      'SENTINEL-104',
      'SENTINEL-105',
      'SENTINEL-106',
      'SENTINEL-107',
      'SENTINEL-108',
      'SENTINEL-109',
    ]) {
      assert.equal(healthy.status(id), 'passed', id);
    }
    for (const s of set.sentinels) assert.equal(healthy.status('SENTINEL-111', s.address), 'passed');

    // SENTINEL-110: everything runs on 127.0.0.1 here, so the firing case is the real one.
    const sameHost = healthy.result('SENTINEL-110');
    assert.equal(sameHost.status, 'fired');
    assert.deepEqual(sameHost.evidence.sentinel_hosts, ['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    assert.match(
      sameHost.message,
      /all 3 Sentinels run on 127\.0\.0\.1.*the master and all 2 replica\(s\) run on 127\.0\.0\.1/
    );
    // The passing case needs several machines, which this test host does not have: a recorded snapshot of
    // this very set, with the Sentinels and replicas re-addressed onto other hosts (nothing else changed).
    const sentinelMoves = group.sentinels.map((a, i): [string, string] => [a, `10.0.1.${i + 1}:${port(a)}`]);
    const replicaMoves = group.replicas.map((a, i): [string, string] => [a, `10.0.2.${i + 1}:${port(a)}`]);
    const spread = resultsOnSnapshot(
      'SENTINEL-110',
      relocate(healthy.analysis.fleet, [...sentinelMoves, ...replicaMoves])
    );
    assert.equal(spread.find((r) => r.target === GROUP)?.status, 'passed');
    const sentinelsOnly = resultsOnSnapshot('SENTINEL-110', relocate(healthy.analysis.fleet, sentinelMoves)).find(
      (r) => r.target === GROUP
    )!;
    assert.equal(sentinelsOnly.status, 'fired', 'the master and its replicas still share a host');
    assert.doesNotMatch(sentinelsOnly.message, /Sentinels run on/);
    const replicasOnly = resultsOnSnapshot('SENTINEL-110', relocate(healthy.analysis.fleet, replicaMoves)).find(
      (r) => r.target === GROUP
    )!;
    assert.equal(replicasOnly.status, 'fired', 'the Sentinels still share a host');
    assert.doesNotMatch(replicasOnly.message, /replica\(s\) run on/);

    // Quorum 1 of 3: below a majority, but still reachable.
    await s0.cli('SENTINEL', 'SET', GROUP, 'quorum', 1);
    let now = await check([set.sentinelUrl]);
    const low = now.result('SENTINEL-104');
    assert.equal(low.status, 'fired');
    assert.equal(low.severity, 'notice', 'a failover still needs a majority of the Sentinels');
    assert.match(low.message, new RegExp(`${s0.address} quorum 1 of 3`));
    assert.equal(now.status('SENTINEL-103'), 'passed');
    assert.equal(now.status('SENTINEL-108'), 'passed');

    // Quorum 4 of 3: o_down can never be reached, and Sentinel's own CKQUORUM says so.
    await s0.cli('SENTINEL', 'SET', GROUP, 'quorum', 4);
    now = await check([set.sentinelUrl]);
    assert.equal(now.result('SENTINEL-103').status, 'fired');
    assert.equal(now.result('SENTINEL-103').severity, 'warning', 'the master is up: a risk under failure');
    const ckquorum = now.result('SENTINEL-108');
    assert.equal(ckquorum.status, 'fired');
    assert.match(ckquorum.message, new RegExp(`${s0.address}: NOQUORUM`));
    assert.equal(now.status('SENTINEL-104'), 'passed');
    await s0.cli('SENTINEL', 'SET', GROUP, 'quorum', 2);

    // A CKQUORUM the analyzer may not run (ACL) says nothing about the quorum: not_evaluated, never "no quorum".
    await s1.cli('ACL', 'SETUSER', 'default', '-sentinel|ckquorum');
    now = await check([set.sentinelUrl]);
    const denied = now.result('SENTINEL-108');
    assert.equal(denied.status, 'not_evaluated');
    assert.match(denied.reason!, new RegExp(`could not be checked: ${s1.address} \\(command_denied|redis_error`));
    assert.match(denied.reason!, /NOPERM/);
    // A real NOQUORUM from another Sentinel still fires, whatever the denied one says.
    await s0.cli('SENTINEL', 'SET', GROUP, 'quorum', 4);
    now = await check([set.sentinelUrl]);
    assert.equal(now.result('SENTINEL-108').status, 'fired');
    assert.doesNotMatch(now.result('SENTINEL-108').message, new RegExp(s1.address));
    await s0.cli('SENTINEL', 'SET', GROUP, 'quorum', 2);
    await s1.cli('ACL', 'SETUSER', 'default', '+sentinel|ckquorum');

    // down-after-milliseconds: a node-level rule on each Sentinel.
    await s1.cli('SENTINEL', 'SET', GROUP, 'down-after-milliseconds', 500);
    now = await check([set.sentinelUrl]);
    const tooShort = now.result('SENTINEL-111', s1.address);
    assert.equal(tooShort.status, 'fired');
    assert.match(tooShort.message, /outside 1000 to 60000 ms on this Sentinel: mymaster 500 ms/);
    assert.equal(now.status('SENTINEL-111', s0.address), 'passed');
    // The range is policy: min_ms below 500 accepts it.
    const lenient = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'SENTINEL-111': { min_ms: '100' } } });
    const withParams = evaluateCatalog(lenient, { fleet: now.analysis.fleet }).filter(
      (r) => r.ruleId === 'SENTINEL-111' && r.target === s1.address
    );
    assert.equal(withParams[0].status, 'passed');
    await s1.cli('SENTINEL', 'SET', GROUP, 'down-after-milliseconds', 90000);
    assert.equal((await check([set.sentinelUrl])).status('SENTINEL-111', s1.address), 'fired');
    for (const s of [s0, s1]) await s.cli('SENTINEL', 'SET', GROUP, 'down-after-milliseconds', 1000);
    now = await check([set.sentinelUrl]);
    assert.equal(now.status('SENTINEL-111', s1.address), 'passed', '1000 ms is inside the range');
    // Back to the harness's 5 s: with 1 s, a master slow to answer on a loaded machine could be voted down
    // (quorum 2) and failed over, changing the set under the rest of this test.
    for (const s of [s0, s1]) await s.cli('SENTINEL', 'SET', GROUP, 'down-after-milliseconds', 5000);

    // A dead Sentinel: the others still count it, only two answer.
    await s2.stop();
    now = await check([set.sentinelUrl]);
    const few = now.result('SENTINEL-101');
    assert.equal(few.status, 'fired');
    assert.deepEqual(few.evidence.sentinels, [s0.address, s1.address].sort());
    const blind = now.result('SENTINEL-107');
    assert.equal(blind.status, 'fired');
    assert.match(blind.message, /^2 Sentinels answer/);
    assert.equal(now.status('SENTINEL-102'), 'passed', 'the set is still configured with three');

    // Both replicas dead, and both remaining Sentinels have noticed: nothing to promote.
    await Promise.all(set.replicas.map((r) => r.stop()));
    await waitFor('both Sentinels to flag both replicas s_down', async () => {
      for (const s of [s0, s1]) {
        const replicas = records(await s.cli('SENTINEL', 'REPLICAS', GROUP));
        if (replicas.length !== 2 || !replicas.every((r) => r.flags.includes('s_down'))) return undefined;
      }
      return true;
    });
    now = await check([set.sentinelUrl]);
    assert.equal(now.status('SENTINEL-109'), 'fired');
    assert.equal(now.status('SENTINEL-105'), 'passed', 'the master itself is fine');
  });

  test('two Sentinels fire SENTINEL-101/102; a Sentinel watching another server under the same name fires SENTINEL-106/107', async (t) => {
    const [set, other] = await Promise.all([startSentinelSet({ replicas: 1, sentinels: 2 }), RedisProcess.start()]);
    const stray = await RedisProcess.start({
      kind: 'sentinel',
      config: { sentinel: [`monitor ${GROUP} 127.0.0.1 ${other.port} 1`] },
    });
    t.after(() => Promise.all([set.stop(), other.stop(), stray.stop()]));

    // Topology rules about Sentinel do not apply to a server no Sentinel watches.
    const plain = await analyze([other.url]);
    assert.equal(plain.results.filter((r) => r.ruleId.startsWith('SENTINEL-')).length, 0);

    const two = await check([set.sentinelUrl]);
    assert.equal(two.status('SENTINEL-101'), 'fired');
    const even = two.result('SENTINEL-102');
    assert.equal(even.status, 'fired');
    assert.equal(even.severity, 'notice');
    assert.equal(two.status('SENTINEL-104'), 'passed', 'quorum 2 is the majority of 2');
    assert.equal(two.status('SENTINEL-106'), 'passed');
    assert.equal(two.status('SENTINEL-107'), 'passed');

    // A stale or misconfigured Sentinel answering for the same name with another master.
    const split = await check([set.sentinelUrl, `redis-sentinel://${stray.address}/${GROUP}`]);
    const disagree = split.result('SENTINEL-106');
    assert.equal(disagree.status, 'fired');
    assert.equal(disagree.severity, 'critical');
    const masters = (disagree.evidence.master_by_sentinel as { sentinel: string; master: string }[]).map(
      (v) => v.master
    );
    assert.deepEqual(new Set(masters), new Set([set.master.address, other.address]));
    assert.equal(split.status('SENTINEL-107'), 'fired', 'the stray Sentinel knows none of the other two');
    assert.equal(split.status('SENTINEL-101'), 'passed', 'three Sentinels answer for the name');
  });

  test('SENTINEL-109 fires when the only replica has priority 0, and SENTINEL-105 when the master is then down', async (t) => {
    const set = await startSentinelSet({ replicas: 1, sentinels: 3 });
    t.after(() => set.stop());
    // Short enough to notice the dead master quickly, long enough that a live one on a loaded machine is not flagged.
    await Promise.all(set.sentinels.map((s) => s.cli('SENTINEL', 'SET', GROUP, 'down-after-milliseconds', 3000)));

    await set.replicas[0].cli('CONFIG', 'SET', 'replica-priority', 0);
    // Sentinels read replica-priority from the replica's INFO, refreshed every 10 s.
    await waitFor('every Sentinel to see replica-priority 0', async () => {
      for (const s of set.sentinels) {
        if (records(await s.cli('SENTINEL', 'REPLICAS', GROUP))[0]?.['slave-priority'] !== '0') return undefined;
      }
      return true;
    });
    let now = await check([set.sentinelUrl]);
    const stuck = now.result('SENTINEL-109');
    assert.equal(stuck.status, 'fired');
    assert.equal(stuck.severity, 'warning', 'the master is up: no failover is needed yet');
    assert.match(JSON.stringify(stuck.evidence.replicas_by_sentinel), /"priority":0/);
    assert.equal(now.status('SENTINEL-105'), 'passed');

    // The master dies; with no promotable replica it stays down (no failover can replace it).
    await set.master.stop();
    await waitFor('a Sentinel to flag the master s_down', async () => {
      for (const s of set.sentinels) {
        if (records(await s.cli('SENTINEL', 'MASTER', GROUP))[0].flags.includes('s_down')) return true;
      }
      return undefined;
    });
    now = await check([set.sentinelUrl]);
    const down = now.result('SENTINEL-105');
    assert.equal(down.status, 'fired');
    assert.equal(down.severity, 'critical');
    assert.match(down.message, new RegExp(`sees ${set.master.address} (s_down|o_down)`));
    assert.equal(now.status('SENTINEL-109'), 'fired');
    assert.equal(now.result('SENTINEL-109').severity, 'critical', 'the master is down and nothing can replace it');
  });
});
