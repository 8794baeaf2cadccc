/**
 * deploy/prometheus/redislens-rules.yaml against what it runs on. promtool is
 * not installed here, so every expression is parsed with the Prometheus UI's
 * own PromQL grammar (@prometheus-io/lezer-promql: syntax only, no type
 * checking), and its metric and label names are checked against the /metrics
 * output of a real sidecar that analysed a real Redis (anomalies open), an
 * address where nothing listens (failed analysis, unreachable node) and a
 * broken custom rule (rule evaluation error). Range functions must be given
 * range vectors, and rate/increase only counters. Where promtool exists it
 * also runs `promtool check rules`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RULES_FILE = join(ROOT, 'deploy/prometheus/redislens-rules.yaml');
const rulesDoc = parse(readFileSync(RULES_FILE, 'utf8'));
const rules: any[] = rulesDoc.groups.flatMap((g: any) => g.rules);
/** Series Prometheus itself makes for each scrape target. */
const PROMETHEUS_SERIES: Record<string, string[]> = { up: ['job', 'instance'] };
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];
const RANGE_FUNCTIONS = /^(rate|irate|increase|delta|idelta|deriv|changes|resets|\w+_over_time)$/;

interface Selector {
  metric: string;
  labels: string[];
}

function analyse(expr: string): { errors: string[]; selectors: Selector[]; grouping: string[] } {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const selectors: Selector[] = [];
  const grouping: string[] = [];
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      if (ref.type.isError)
        errors.push(`syntax error at ${ref.from}: "${expr.slice(Math.max(0, ref.from - 20), ref.from)}⚠"`);
      if (ref.name === 'VectorSelector') {
        const metric = node.getChild('Identifier');
        const matchers = node.getChild('LabelMatchers');
        const labels: string[] = [];
        matchers?.toTree().iterate({
          enter: (m) => {
            if (m.name === 'LabelName') labels.push(expr.slice(matchers.from + m.from, matchers.from + m.to));
          },
        });
        if (!metric) errors.push(`a selector without a metric name: ${text(node)}`);
        else selectors.push({ metric: text(metric), labels });
      }
      if (ref.name === 'GroupingLabels') for (const l of node.getChildren('LabelName')) grouping.push(text(l));
      if (ref.name === 'FunctionCall') {
        const name = text(node.getChild('FunctionIdentifier')!);
        const argument = node.getChild('FunctionCallBody')?.firstChild;
        if (RANGE_FUNCTIONS.test(name) && !['MatrixSelector', 'SubqueryExpr'].includes(argument?.name ?? ''))
          errors.push(`${name}() needs a range vector, got ${argument ? text(argument) : 'nothing'}`);
        if (/^(rate|irate|increase)$/.test(name)) {
          const metric = argument?.getChild('VectorSelector')?.getChild('Identifier');
          if (metric && !/_(total|count|bucket|sum)$/.test(text(metric)))
            errors.push(`${name}() on ${text(metric)}, which is not a counter`);
        }
      }
    },
  });
  return { errors, selectors, grouping };
}

/** Metric name -> label names, from the text exposition format (histograms also under _bucket/_sum/_count). */
function exposition(body: string): Map<string, Set<string>> {
  const metrics = new Map<string, Set<string>>();
  const add = (name: string, labels: string[] = []) => {
    const set = metrics.get(name) ?? new Set<string>();
    labels.forEach((l) => set.add(l));
    metrics.set(name, set);
  };
  for (const line of body.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      add(type[1]);
      if (type[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) add(type[1] + s);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? /.exec(line);
    if (sample)
      add(
        sample[1],
        [...(sample[2] ?? '').matchAll(/(\w+)="/g)].map((m) => m[1])
      );
  }
  return metrics;
}

test('the rules file has the structure Prometheus loads: groups, alerts, durations, severity, annotations', () => {
  assert.ok(rulesDoc.groups.length > 0);
  const names = new Set<string>();
  for (const group of rulesDoc.groups) {
    assert.equal(typeof group.name, 'string');
    assert.ok(Array.isArray(group.rules) && group.rules.length > 0, group.name);
    for (const rule of group.rules) {
      assert.deepEqual(
        Object.keys(rule).filter((k) => !['alert', 'expr', 'for', 'labels', 'annotations'].includes(k)),
        [],
        `${rule.alert}: only alerting-rule keys`
      );
      assert.match(rule.alert, /^[A-Za-z_][A-Za-z0-9_]*$/);
      assert.ok(!names.has(rule.alert), `${rule.alert} is defined twice`);
      names.add(rule.alert);
      if (rule.for !== undefined) assert.match(rule.for, /^(\d+[smhdwy])+$/, `${rule.alert}: for`);
      assert.ok(['critical', 'warning'].includes(rule.labels?.severity), `${rule.alert}: labels.severity`);
      assert.ok(rule.annotations?.summary && rule.annotations?.description, `${rule.alert}: summary, description`);
    }
  }
  for (const alert of [
    'RedisLensCriticalAnomaliesOpen',
    'RedisLensWarningAnomaliesRising',
    'RedisLensTargetNotAnalysable',
  ])
    assert.ok(names.has(alert), alert);
});

test('every expression parses as PromQL, and a broken one would not', () => {
  for (const rule of rules) assert.deepEqual(analyse(rule.expr).errors, [], `${rule.alert}: ${rule.expr}`);
  // The checks can fail: a syntax error, a gauge under rate(), an instant vector where a range is needed.
  assert.notDeepEqual(analyse('sum by (target) (redislens_anomalies_open').errors, []);
  assert.notDeepEqual(analyse('rate(redislens_anomalies_open[5m])').errors, []);
  assert.notDeepEqual(analyse('increase(redislens_rule_evaluation_errors_total)').errors, []);
});

test("every metric and label the rules read is in a real sidecar's /metrics", async (t) => {
  // Open to the network (all interfaces, protected mode off, no password): SEC-102, a critical.
  const redis = await RedisProcess.start({ config: { bind: '* -::*', 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  const nothing = await freePort();
  const rulesDir = mkdtempSync(join(tmpdir(), 'redislens-broken-rule-'));
  t.after(() => rmSync(rulesDir, { recursive: true, force: true }));
  writeFileSync(
    join(rulesDir, 'broken.yaml'),
    `category: custom
rules:
  - id: CUSTOM-001
    title: A rule whose condition cannot be computed
    severity: warning
    scope: instance
    requires: [config]
    when: "config.timeout + 'x' == 'y'"
    message: never
    rationale: A deliberately broken rule, so the sidecar counts a rule evaluation error.
    recommendation: Fix the condition of the rule.
    references: [https://cel.dev]
`
  );
  process.env.PROM_RULES_TEST_TOKEN = 'prometheus-rules-test-token-0123456789';
  const sc = await startTestSidecar(
    {
      tenants: [
        { id: 'ops', name: 'Ops', tokens: [{ name: 't', token: '$__env{PROM_RULES_TEST_TOKEN}', role: 'viewer' }] },
      ],
      targets: [
        { tenant: 'ops', name: 'open-cache', url: redis.url, intervalSeconds: 1 },
        { tenant: 'ops', name: 'nothing-there', url: `redis://127.0.0.1:${nothing}`, intervalSeconds: 1 },
      ],
    },
    { rulesDirs: [rulesDir] }
  );
  t.after(() => sc.stop());
  const metrics = await eventually(
    'anomalies, a failed analysis and a rule error on /metrics',
    async () => {
      const body = (await sc.api('GET', '/metrics')).body as string;
      const ok =
        /^redislens_anomalies_open\{.*severity="critical".*\} [1-9]/m.test(body) &&
        /^redislens_analyses_total\{.*status="failed".*\} [1-9]/m.test(body) &&
        /^redislens_rule_evaluation_errors_total\{rule="CUSTOM-001"\} [1-9]/m.test(body) &&
        /^redislens_target_nodes\{.*reachable="false".*\} [1-9]/m.test(body);
      return ok && exposition(body);
    },
    60000
  );
  for (const [name, labels] of Object.entries(PROMETHEUS_SERIES)) metrics.set(name, new Set(labels));

  for (const rule of rules) {
    const { selectors, grouping } = analyse(rule.expr);
    assert.ok(selectors.length > 0, `${rule.alert} reads some metric`);
    const available = new Set<string>();
    for (const { metric, labels } of selectors) {
      const known = metrics.get(metric);
      assert.ok(known, `${rule.alert}: ${metric} is not a metric the sidecar exposes`);
      for (const label of labels) assert.ok(known.has(label), `${rule.alert}: ${metric} has no label ${label}`);
      known.forEach((l) => available.add(l));
    }
    for (const label of grouping)
      assert.ok(available.has(label), `${rule.alert}: groups by ${label}, which its metrics do not carry`);
    // Labels and annotations only name labels the expression's result keeps.
    const templated = [...JSON.stringify(rule.annotations).matchAll(/\$labels\.(\w+)/g)].map((m) => m[1]);
    for (const label of templated)
      assert.ok(
        grouping.length ? grouping.includes(label) : available.has(label),
        `${rule.alert}: annotation uses $labels.${label}, which the result does not have`
      );
  }
});

test('promtool check rules, where promtool is installed', (t) => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
  } catch {
    t.skip('promtool is not installed here; the PromQL grammar test above covers syntax');
    return;
  }
  const output = execFileSync('promtool', ['check', 'rules', RULES_FILE], { encoding: 'utf8' });
  assert.match(output, /SUCCESS/);
});
