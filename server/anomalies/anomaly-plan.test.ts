import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAnomalies, fingerprintOf } from './anomaly-plan.js';
import type { RuleResult } from '../rules/results.js';
import type { Anomaly } from '../domain/records.js';

const result = (status: RuleResult['status'], ruleId = 'MEM-101', target = '10.0.0.1:6379'): RuleResult => ({
  ruleId,
  title: 't',
  category: 'memory',
  scope: 'instance',
  severity: 'warning',
  status,
  target,
  message: `m ${status}`,
  recommendation: 'r',
  evidence: {},
});
const anomaly = (status: Anomaly['status'], ruleId = 'MEM-101'): Anomaly => ({
  id: `a-${ruleId}-${status}`,
  tenantId: 't1',
  targetId: 'tg',
  fingerprint: fingerprintOf('tg', { ruleId, target: '10.0.0.1:6379' }),
  ruleId,
  category: 'memory',
  severity: 'warning',
  resource: '10.0.0.1:6379',
  title: 't',
  message: 'old',
  recommendation: 'r',
  evidence: {},
  status,
  firstSeen: 1,
  lastSeen: 1,
  occurrences: 3,
});
const plan = (results: RuleResult[], known: Anomaly[], active = known.filter((a) => a.status !== 'resolved')) =>
  planAnomalies({ tenantId: 't1', targetId: 'tg', at: 100, results, known, active });

test('a new condition creates one open anomaly; a persisting one is refreshed, not duplicated', () => {
  const first = plan([result('fired'), result('fired')], []);
  assert.equal(first.create.length, 1);
  assert.equal(first.create[0].status, 'open');
  const again = plan([result('fired')], [anomaly('open')]);
  assert.deepEqual([again.create.length, again.refresh.length], [0, 1]);
  assert.equal(again.refresh[0].message, 'm fired');
  assert.equal(again.refresh[0].regraded, undefined, 'same severity: the details only');
  const worse = plan([{ ...result('fired'), severity: 'critical' }], [anomaly('open')]);
  assert.equal(worse.refresh[0].regraded, true, 'a new severity is marked: counts by severity change');
});

test('auto-resolve only when the rule passed; not_evaluated or absent keeps it open', () => {
  assert.equal(plan([result('passed')], [anomaly('open')]).resolve.length, 1);
  assert.equal(plan([result('passed')], [anomaly('acknowledged')]).resolve.length, 1);
  assert.equal(plan([result('not_evaluated')], [anomaly('open')]).resolve.length, 0);
  assert.equal(plan([], [anomaly('open')]).resolve.length, 0);
});

test('a resolved anomaly whose condition returns is reopened; operator statuses are kept', () => {
  const reopened = plan([result('fired')], [anomaly('resolved')]);
  assert.deepEqual([reopened.reopen.length, reopened.create.length], [1, 0]);
  assert.equal(plan([result('fired')], [anomaly('false_positive')]).refresh.length, 1);
  assert.equal(plan([result('passed')], [anomaly('false_positive')]).resolve.length, 0);
});

test('fingerprints separate rules, resources, subjects and targets', () => {
  const base = { ruleId: 'X-001', target: 'a:1' };
  const all = [
    fingerprintOf('t', base),
    fingerprintOf('t', { ...base, ruleId: 'X-002' }),
    fingerprintOf('t', { ...base, target: 'a:2' }),
    fingerprintOf('t', { ...base, subject: 's' }),
    fingerprintOf('u', base),
  ];
  assert.equal(new Set(all).size, all.length);
});
