import { test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { startReplicationGroup, startSentinelSet } from '../harness/topologies.js';
import { runCli, runCliJson } from '../harness/run-cli.js';

test('analyze reports the rules a deliberately bad config breaks, and exits 1 on critical', async (t) => {
  // Open to the network without a password (SEC-102, critical) and a replica buffer below the backlog (CLIENT-001).
  const redis = await RedisProcess.start({
    config: { 'repl-backlog-size': '512mb', timeout: 0, bind: '* -::*', 'protected-mode': 'no' },
  });
  t.after(() => redis.stop());
  const { code, report } = await runCliJson(['analyze', redis.url]);
  assert.equal(code, 1);
  const version = /redis_version:(\S+)/.exec(await redis.cli('INFO', 'server'))![1];
  assert.deepEqual(report.targets, [
    { address: redis.address, kind: 'redis', role: 'master', version, reachable: true },
  ]);
  const fired = report.findings.filter((f: any) => f.status === 'fired').map((f: any) => f.ruleId);
  assert.ok(fired.includes('CLIENT-001'), `CLIENT-001 in ${fired}`);
  assert.ok(fired.includes('CLIENT-005'), `CLIENT-005 in ${fired}`);
  const finding = report.findings.find((f: any) => f.ruleId === 'CLIENT-001');
  assert.equal(finding.target, redis.address);
  // A notice on a node without replication: the buffer limit matters once a replica attaches.
  assert.equal(finding.severity, 'notice');
  assert.match(finding.recommendation, /client-output-buffer-limit/);
  assert.equal(report.findings.find((f: any) => f.ruleId === 'SEC-102').severity, 'critical');
  assert.equal(
    report.summary.critical,
    report.findings.filter((f: any) => f.status === 'fired' && f.severity === 'critical').length
  );
});

test('analyze from one sentinel address finds the whole Sentinel set and evaluates topology rules', async (t) => {
  const set = await startSentinelSet({ replicas: 2, sentinels: 3 });
  t.after(() => set.stop());
  const { report } = await runCliJson(['analyze', set.sentinelUrl]);
  const addresses = report.targets.map((x: any) => x.address).sort();
  assert.deepEqual(addresses, set.all.map((p) => p.address).sort());
  assert.equal(report.targets.filter((x: any) => x.kind === 'sentinel').length, 3);
  assert.equal(report.targets.filter((x: any) => x.role === 'replica').length, 2);
  assert.ok(report.targets.every((x: any) => x.reachable));
  // Topology rules run on the group, named by its master name: an operator rule folder proves it.
  const dir = mkdtempSync(join(tmpdir(), 'redislens-rules-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'site.yaml'),
    [
      'category: site',
      'rules:',
      '  - id: SITE-001',
      '    title: Sentinel group shape as seen by RedisLens',
      '    severity: notice',
      '    scope: topology',
      '    requires: [topology]',
      "    when: group.kind == 'sentinel' && size(group.sentinels) == 3 && size(group.replicas) == 2 && group.sentinels.all(s, s.ckquorum.ok)",
      "    message: '{{size(group.sentinels)}} sentinels watch {{group.master.address}}'",
      '    rationale: A site rule used by the tests to observe what topology rules see for a Sentinel group.',
      '    recommendation: Nothing to do; this rule only documents the group shape.',
      '    references: [https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/]',
    ].join('\n')
  );
  const site = await runCliJson(['analyze', set.sentinelUrl, '--rules', dir]);
  const finding = site.report.findings.find((f: any) => f.ruleId === 'SITE-001');
  assert.ok(finding, 'the topology rule fired on the sentinel group');
  assert.equal(finding.target, 'mymaster');
  assert.equal(finding.message, `3 sentinels watch ${set.master.address}`);
});

test('table output groups findings by target and ends with a summary', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const { code, stdout } = await runCli(['analyze', redis.url]);
  assert.ok(code === 0 || code === 1);
  assert.match(stdout, new RegExp(`^${redis.address.replace(/\./g, '\\.')}  master  7\\.0\\.15`, 'm'));
  assert.match(stdout, /NOTICE +CLIENT-005/);
  assert.match(stdout, /^Summary: \d+ critical, \d+ warning, \d+ notice, \d+ not evaluated; 1 node\(s\)$/m);
  assert.doesNotMatch(stdout, /\x1b\[/, 'no colour codes when stdout is not a terminal');
});

test('operators can disable and re-grade rules', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0, 'repl-backlog-size': '512mb' } });
  t.after(() => redis.stop());
  const { code, report } = await runCliJson([
    'analyze',
    redis.url,
    '--disable',
    'CLIENT-005',
    '--severity',
    'CLIENT-001=warning',
  ]);
  assert.ok(!report.findings.some((f: any) => f.ruleId === 'CLIENT-005'));
  assert.equal(report.findings.find((f: any) => f.ruleId === 'CLIENT-001').severity, 'warning');
  assert.ok(code === 0 || report.summary.critical > 0);
  const bad = await runCli(['analyze', redis.url, '--disable', 'NOPE-999']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /NOPE-999: no rule has this id/);
});

test('a label for one node applies to that node only (dr_only on one replica)', async (t) => {
  const group = await startReplicationGroup({ replicas: 2 });
  t.after(() => group.stop());
  const [dr, serving] = group.replicas;
  const { report } = await runCliJson([
    'analyze',
    group.master.url,
    '--label',
    'dr_only=no',
    '--label',
    `${dr.address}/dr_only=yes`,
  ]);
  const repl002 = report.findings.filter((f: any) => f.ruleId === 'REPL-002');
  assert.deepEqual(
    repl002.map((f: any) => [f.target, f.status]),
    [[dr.address, 'fired']]
  );
  assert.ok(!report.findings.some((f: any) => f.ruleId === 'REPL-002' && f.target === serving.address));
});
