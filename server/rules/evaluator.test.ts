import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from './catalog-loader.js';
import { evaluateCatalog } from './evaluator.js';
import type { FleetSnapshot, NodeSnapshot } from '../collect/snapshot.js';

// Evaluator semantics on a hand-built snapshot; rules' behaviour on real Redis is tested in test/rules.
const node = (overrides: Partial<NodeSnapshot> = {}): NodeSnapshot => ({
  address: '127.0.0.1:7000',
  kind: 'redis',
  role: 'master',
  reachable: true,
  collectedAt: '2026-01-01T00:00:00Z',
  info: { memory: { used_memory: 960, mem_fragmentation_ratio: 1.2 } },
  config: { maxmemory: 1000, timeout: 0 },
  failures: {},
  ...overrides,
});
const fleet = (n: NodeSnapshot): FleetSnapshot => ({
  seeds: [],
  collectedAt: n.collectedAt,
  nodes: [n],
  groups: [{ id: n.address, kind: 'standalone', master: n.address, replicas: [], sentinels: [], members: [] }],
});

const base = {
  category: 'site',
  rationale: 'A paragraph long enough to explain why the rule matters to an operator.',
  recommendation: 'Do the documented thing, carefully.',
  references: ['https://redis.io/docs/latest/'],
};

function catalog(t: { after: (fn: () => void) => void }, rules: Record<string, unknown>[]) {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-eval-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'site.yaml'),
    JSON.stringify({ category: 'site', rules: rules.map((r) => ({ ...base, ...r })) })
  );
  return loadCatalog({ dirs: [dir] });
}

test('fired, passed, escalation and evidence', (t) => {
  const c = catalog(t, [
    {
      id: 'T-001',
      title: 'memory high',
      severity: 'warning',
      scope: 'instance',
      requires: ['info', 'config'],
      when: 'double(info.memory.used_memory) / double(config.maxmemory) > 0.9',
      escalate: { critical: 'double(info.memory.used_memory) / double(config.maxmemory) > 0.95' },
      message: 'used {{info.memory.used_memory}} of {{config.maxmemory}}',
      evidence: { used: 'info.memory.used_memory' },
    },
    {
      id: 'T-002',
      title: 'fragmented',
      severity: 'notice',
      scope: 'instance',
      requires: ['info'],
      when: 'info.memory.mem_fragmentation_ratio > 1.5',
      message: 'fragmentation',
    },
  ]);
  const results = evaluateCatalog(c, { fleet: fleet(node()) });
  const t1 = results.find((r) => r.ruleId === 'T-001')!;
  assert.equal(t1.status, 'fired');
  assert.equal(t1.severity, 'critical');
  assert.equal(t1.message, 'used 960 of 1000');
  assert.deepEqual(t1.evidence, { used: 960 });
  assert.equal(results.find((r) => r.ruleId === 'T-002')!.status, 'passed');
});

test('missing data is not_evaluated with the reason, never passed', (t) => {
  const c = catalog(t, [
    {
      id: 'T-010',
      title: 'needs config',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      when: 'config.timeout == 0',
      message: 'x fired',
    },
    {
      id: 'T-011',
      title: 'needs a label',
      severity: 'warning',
      scope: 'instance',
      requires: ['config', 'labels'],
      when: 'config.maxmemory > labels.fd_limit',
      message: 'x fired',
    },
    {
      id: 'T-012',
      title: 'needs history',
      severity: 'warning',
      scope: 'instance',
      requires: ['info', 'history'],
      when: 'info.memory.used_memory > previous.info.memory.used_memory',
      message: 'x fired',
    },
    {
      id: 'T-013',
      title: 'broken rule',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      when: "config.timeout + 'x' == 'y'",
      message: 'x fired',
    },
  ]);
  const noConfig = node({
    config: undefined,
    failures: { config: { code: 'command_unavailable', message: 'command renamed or disabled' } },
  });
  const results = evaluateCatalog(c, { fleet: fleet(noConfig) });
  const byId = (id: string) => results.find((r) => r.ruleId === id)!;
  assert.equal(byId('T-010').status, 'not_evaluated');
  assert.match(byId('T-010').reason!, /CONFIG GET unavailable on 127\.0\.0\.1:7000: command renamed or disabled/);

  const withConfig = evaluateCatalog(c, { fleet: fleet(node()) });
  const label = withConfig.find((r) => r.ruleId === 'T-011')!;
  assert.equal(label.status, 'not_evaluated');
  assert.equal(label.reason, 'label "fd_limit" not supplied (add --label fd_limit=<value>)');
  assert.equal(
    evaluateCatalog(c, { fleet: fleet(node()), labels: { fd_limit: '10' } }).find((r) => r.ruleId === 'T-011')!.status,
    'fired'
  );
  assert.match(withConfig.find((r) => r.ruleId === 'T-012')!.reason!, /no earlier snapshot/);
  const broken = withConfig.find((r) => r.ruleId === 'T-013')!;
  assert.equal(broken.status, 'not_evaluated');
  assert.equal(broken.ruleError, true);
});

test('a group rule is not_evaluated for the first reachable Redis member lacking what it requires, config before info before ACL', (t) => {
  const c = catalog(t, [
    {
      id: 'T-020',
      title: 'needs info and ACL on every member',
      severity: 'warning',
      scope: 'topology',
      requires: ['info', 'acl'],
      when: 'size(group.replicas) > 5',
      message: 'x fired',
    },
    {
      id: 'T-021',
      title: 'needs config and info on every member',
      severity: 'warning',
      scope: 'topology',
      requires: ['info', 'config'],
      when: 'size(group.replicas) > 5',
      message: 'x fired',
    },
  ]);
  const master = node({ aclUsers: [] });
  const replica = node({
    address: '127.0.0.1:7001',
    role: 'replica',
    info: undefined,
    config: undefined,
    failures: {
      info: { code: 'command_denied', message: 'NOPERM info' },
      config: { code: 'command_denied', message: 'NOPERM config' },
    },
  });
  const down = node({
    address: '127.0.0.1:7002',
    role: 'replica',
    reachable: false,
    info: undefined,
    config: undefined,
  });
  const group: FleetSnapshot = {
    seeds: [],
    collectedAt: master.collectedAt,
    nodes: [master, replica, down],
    groups: [
      {
        id: 'g',
        kind: 'replication',
        master: master.address,
        replicas: [replica.address, down.address],
        sentinels: [],
        members: [],
      },
    ],
  };
  const byId = (results: ReturnType<typeof evaluateCatalog>, id: string) => results.find((r) => r.ruleId === id)!;
  const results = evaluateCatalog(c, { fleet: group });
  // The unreachable replica is not judged; the reachable one lacks both: config is named first.
  assert.equal(byId(results, 'T-021').reason, 'CONFIG GET unavailable on 127.0.0.1:7001: NOPERM config');
  assert.equal(byId(results, 'T-020').reason, 'INFO unavailable on 127.0.0.1:7001: NOPERM info');

  const withInfo = { ...replica, info: master.info, failures: {} };
  const acl = evaluateCatalog(c, { fleet: { ...group, nodes: [master, withInfo, down] } });
  assert.equal(byId(acl, 'T-020').reason, 'ACL LIST unavailable on 127.0.0.1:7001');
  assert.equal(
    byId(evaluateCatalog(c, { fleet: { ...group, nodes: [master, { ...withInfo, aclUsers: [] }, down] } }), 'T-020')
      .status,
    'passed'
  );
});

test('history: previous snapshot of the same node feeds rates', (t) => {
  const c = catalog(t, [
    {
      id: 'T-020',
      title: 'growing',
      severity: 'warning',
      scope: 'instance',
      requires: ['info', 'history'],
      when: 'info.memory.used_memory - previous.info.memory.used_memory > 100',
      message: 'grew in {{previous.elapsed_seconds}} s',
    },
  ]);
  const before = node({ collectedAt: '2026-01-01T00:00:00Z', info: { memory: { used_memory: 100 } } });
  const after = node({ collectedAt: '2026-01-01T00:01:00Z' });
  const [result] = evaluateCatalog(c, { fleet: fleet(after), previous: fleet(before) });
  assert.equal(result.status, 'fired');
  assert.equal(result.message, 'grew in 60 s');
});

test('applies=false yields no result; scopes pick their nodes', (t) => {
  const c = catalog(t, [
    {
      id: 'T-030',
      title: 'gopher only',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      applies: "'gopher-enabled' in config",
      when: "config['gopher-enabled'] == true",
      message: 'x fired',
    },
    {
      id: 'T-031',
      title: 'replicas only',
      severity: 'warning',
      scope: 'replica',
      requires: ['config'],
      when: 'true',
      message: 'x fired',
    },
  ]);
  assert.deepEqual(evaluateCatalog(c, { fleet: fleet(node()) }), []);
});

test("a label hidden behind && is still required: CEL's error absorption never turns a missing label into a pass", (t) => {
  const c = catalog(t, [
    {
      id: 'T-040',
      title: 'prod only',
      severity: 'warning',
      scope: 'instance',
      requires: ['config', 'labels'],
      when: "labels.environment == 'production' && config.timeout == 1",
      message: 'x fired',
    },
    {
      id: 'T-041',
      title: 'optional label',
      severity: 'warning',
      scope: 'instance',
      requires: ['config', 'labels'],
      when: 'has(labels.environment) && config.timeout == 1',
      message: 'x fired',
    },
  ]);
  const results = evaluateCatalog(c, { fleet: fleet(node()) });
  assert.equal(results.find((r) => r.ruleId === 'T-040')!.status, 'not_evaluated');
  assert.equal(results.find((r) => r.ruleId === 'T-041')!.status, 'passed');
  assert.equal(
    evaluateCatalog(c, { fleet: fleet(node()), labels: { environment: 'production' } }).find(
      (r) => r.ruleId === 'T-040'
    )!.status,
    'passed'
  );
});

test('a label for one node ("host:port/name") applies to that node only and wins over the target-wide label', (t) => {
  const c = catalog(t, [
    {
      id: 'T-050',
      title: 'few cores',
      severity: 'notice',
      scope: 'instance',
      requires: ['labels'],
      when: 'labels.cpu_cores < 4',
      message: 'x fired',
    },
  ]);
  const a = node({ address: '10.0.0.1:6379' });
  const b = node({ address: '10.0.0.2:6379' });
  const two: FleetSnapshot = { ...fleet(a), nodes: [a, b] };
  const results = evaluateCatalog(c, { fleet: two, labels: { cpu_cores: '16', '10.0.0.2:6379/cpu_cores': '2' } });
  assert.deepEqual(
    results.map((r) => [r.target, r.status]),
    [
      ['10.0.0.1:6379', 'passed'],
      ['10.0.0.2:6379', 'fired'],
    ]
  );
  const onlyOne = evaluateCatalog(c, { fleet: two, labels: { '10.0.0.2:6379/cpu_cores': '2' } });
  assert.deepEqual(
    onlyOne.map((r) => [r.target, r.status]),
    [
      ['10.0.0.1:6379', 'not_evaluated'],
      ['10.0.0.2:6379', 'fired'],
    ]
  );
});

test('unknown(reason) makes a rule not_evaluated with that reason', (t) => {
  const c = catalog(t, [
    {
      id: 'T-060',
      title: 'cannot tell',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      when: "config.timeout == 0 ? unknown('timeout 0 hides what this rule measures') : true",
      message: 'x fired',
    },
  ]);
  const [result] = evaluateCatalog(c, { fleet: fleet(node()) });
  assert.deepEqual(
    [result.status, result.reason, result.ruleError],
    ['not_evaluated', 'timeout 0 hides what this rule measures', false]
  );
});

test('an error deciding whether a rule applies makes it not_evaluated, never evaluated anyway', (t) => {
  const c = catalog(t, [
    {
      id: 'T-060',
      title: 'applies cannot be decided',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      // The condition alone would pass (timeout is 0, not 5): an applies error must not lead to that pass.
      applies: "config['no-such-directive'] == true",
      when: 'config.timeout == 5',
      message: 'x fired',
    },
    {
      id: 'T-061',
      title: 'applies decided false',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      applies: "'no-such-directive' in config",
      when: 'config.timeout == 5',
      message: 'x fired',
    },
  ]);
  const results = evaluateCatalog(c, { fleet: fleet(node()) });
  const r = results.find((x) => x.ruleId === 'T-060');
  assert.equal(r?.status, 'not_evaluated');
  assert.match(r!.reason!, /no-such-directive/);
  assert.equal(
    results.find((x) => x.ruleId === 'T-061'),
    undefined
  );
});

test('vars are computed in order and read by condition, message and evidence; params default and are overridden', (t) => {
  const rules = [
    {
      id: 'T-070',
      title: 'memory share over a policy threshold',
      severity: 'warning',
      scope: 'instance',
      requires: ['info', 'config'],
      params: { max_share: 0.9 },
      vars: {
        share: 'double(info.memory.used_memory) / double(config.maxmemory)',
        percent: 'int(vars.share * 100.0)',
      },
      when: 'vars.share > params.max_share',
      message: 'memory at {{vars.percent}}% (limit {{params.max_share}})',
      evidence: { percent: 'vars.percent' },
    },
  ];
  const fired = evaluateCatalog(catalog(t, rules), { fleet: fleet(node()) })[0];
  assert.equal(fired.status, 'fired');
  assert.equal(fired.message, 'memory at 96% (limit 0.90)');
  assert.deepEqual(fired.evidence, { percent: 96 });

  const dir = mkdtempSync(join(tmpdir(), 'redislens-params-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'site.yaml'),
    JSON.stringify({ category: 'site', rules: rules.map((r) => ({ ...base, ...r })) })
  );
  const relaxed = loadCatalog({ dirs: [dir], params: { 'T-070': { max_share: '0.97' } } });
  assert.equal(evaluateCatalog(relaxed, { fleet: fleet(node()) })[0].status, 'passed');
  assert.throws(
    () => loadCatalog({ dirs: [dir], params: { 'T-070': { max_share: 'lots' } } }),
    /T-070\.max_share.*"lots" is not a number/
  );
  assert.throws(
    () => loadCatalog({ dirs: [dir], params: { 'T-070': { nope: '1' } } }),
    /T-070\.nope.*no such parameter \(this rule has: max_share\)/
  );
});

test('a var that cannot be computed makes the rule not_evaluated with the reason', (t) => {
  const c = catalog(t, [
    {
      id: 'T-080',
      title: 'var reads a missing key',
      severity: 'warning',
      scope: 'instance',
      requires: ['config'],
      vars: { value: "config['not-there']" },
      when: 'vars.value == 1',
      message: 'x fired',
    },
  ]);
  const r = evaluateCatalog(c, { fleet: fleet(node()) })[0];
  assert.equal(r.status, 'not_evaluated');
  assert.match(r.reason!, /not-there/);
});
