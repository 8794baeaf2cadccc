/**
 * Grafana's provisioning (provisioning/) checked without a Grafana server
 * (none runs here): the app and datasource ids are the plugin's own, the
 * dashboards come once, with the app (no provider beside its includes),
 * the notification policy routes the rules to a defined contact point, and
 * every alert rule is evaluated end to end against a real sidecar: its
 * RedisLens query goes through the sidecar's QueryData handler (the
 * sidecar's own query schema), and its reduce / math / threshold chain runs
 * on the frames, as Grafana's expression engine would, to see which targets
 * fire: the open Redis fires the critical rule, the address where nothing
 * listens fires "cannot be analysed", and each alert's triage link names
 * its target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseQuery } from '../../grafana/queries/query-model.js';
import { queryData } from '../../grafana/query-data.js';
import { grafanaServiceFor } from '../../grafana/serve-for-sidecar.js';
import { authenticate } from '../../auth/token-auth.js';
import { dataQuery, decodeFrames, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8'));
const APP_ID = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8')).id as string;
const DS_ID = JSON.parse(readFileSync(join(ROOT, 'src/datasource/plugin.json'), 'utf8')).id as string;
const apps = read('provisioning/plugins/apps.yaml');
const datasources = read('provisioning/datasources/redislens.yaml');
const alerting = read('provisioning/alerting/redislens-alerts.yaml');
const rules: any[] = alerting.groups.flatMap((g: any) => g.rules);

test('the app is enabled with the datasource it reads, and the datasource is the nested plugin', () => {
  assert.equal(apps.apiVersion, 1);
  const [app] = apps.apps;
  assert.equal(app.type, APP_ID);
  assert.equal(app.disabled, false);
  const [ds] = datasources.datasources;
  assert.equal(ds.type, DS_ID);
  assert.equal(app.jsonData.datasourceUid, ds.uid);
  assert.ok(!('apiUrl' in app.jsonData) && !app.secureJsonData, 'no template settings nothing reads');
  for (const group of alerting.groups)
    for (const rule of group.rules)
      for (const d of rule.data.filter((x: any) => x.datasourceUid !== '__expr__'))
        assert.equal(d.datasourceUid, ds.uid, `${rule.uid} queries the provisioned datasource`);
});

test('the dashboards come with the app, once: its includes, imported by Grafana when the app is enabled', () => {
  // A file provider beside the includes would provision each dashboard a second time under the same uid.
  assert.ok(!existsSync(join(ROOT, 'provisioning/dashboards')), 'no dashboards provider beside the app includes');
  const app = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8'));
  const included = (app.includes as any[]).filter((i) => i.type === 'dashboard').map((i) => i.path);
  const files = readdirSync(join(ROOT, 'src/dashboards')).filter((f) => f.endsWith('.json'));
  assert.deepEqual(included.sort(), files.map((f) => `dashboards/${f}`).sort(), 'every shipped dashboard is included');
  const uids = files.map((f) => JSON.parse(readFileSync(join(ROOT, 'src/dashboards', f), 'utf8')).uid);
  assert.ok(
    uids.every((u) => typeof u === 'string' && u),
    'each has a uid, so a re-import updates it in place'
  );
  assert.equal(new Set(uids).size, uids.length);
});

test('rules: the three alerts, well-formed expression chains, routed to a defined contact point', () => {
  assert.deepEqual(rules.map((r) => r.uid).sort(), [
    'redislens-open-critical',
    'redislens-target-unanalysable',
    'redislens-warnings-rising',
  ]);
  const critical = rules.find((r) => r.uid === 'redislens-open-critical');
  assert.equal(critical.for, '5m');
  for (const rule of rules) {
    const refs = new Set(rule.data.map((d: any) => d.refId));
    assert.ok(refs.has(rule.condition), `${rule.uid}: condition ${rule.condition} is a refId`);
    for (const d of rule.data) {
      assert.equal(d.model.refId, d.refId, `${rule.uid}/${d.refId}`);
      if (d.datasourceUid === '__expr__') {
        const used =
          d.model.type === 'math'
            ? [...d.model.expression.matchAll(/\$(\w+)/g)].map((m) => m[1])
            : [d.model.expression];
        for (const ref of used) assert.ok(refs.has(ref) && ref !== d.refId, `${rule.uid}/${d.refId} reads ${ref}`);
      } else {
        // The sidecar's own query schema accepts the model.
        const parsed = parseQuery(Buffer.from(JSON.stringify(d.model)), '');
        assert.equal(parsed.queryType, d.model.queryType);
      }
    }
    assert.match(rule.for, /^\d+[smh]$/);
    assert.match(
      rule.annotations.triage_url,
      new RegExp(`^/a/${APP_ID}/anomalies\\?target=\\{\\{ urlquery \\$labels\\.target \\}\\}`),
      `${rule.uid}: the annotation links to the app's triage page filtered to the alert's target`
    );
  }
  const contactPoints = new Set(alerting.contactPoints.map((c: any) => c.name));
  const [policy] = alerting.policies;
  const route = policy.routes.find((r: any) => r.object_matchers.some((m: string[]) => m[0] === 'source'));
  assert.ok(contactPoints.has(route.receiver), `the route's receiver ${route.receiver} is provisioned`);
  assert.deepEqual(route.object_matchers, [['source', '=', 'redislens']]);
  for (const rule of rules) assert.equal(rule.labels.source, 'redislens', `${rule.uid} is routed`);
  assert.ok(route.group_by.includes('target'));
  const templates = alerting.templates.map((t: any) => t.template).join('\n');
  const used = alerting.contactPoints
    .flatMap((c: any) => c.receivers)
    .flatMap((r: any) => [...JSON.stringify(r.settings).matchAll(/template \\"([\w.]+)\\"/g)].map((m) => m[1]));
  assert.deepEqual(used, ['redislens.title', 'redislens.message']);
  for (const name of used) assert.ok(templates.includes(`{{ define "${name}" }}`), `template ${name} is defined`);
});

/** Grafana's expression engine, for the three node types the rules use, on series keyed by their labels. */
type Series = Map<string, number[]>;
function evaluate(rule: any, frames: ReturnType<typeof decodeFrames>): Map<string, boolean> {
  const results = new Map<string, Series>();
  const query: Series = new Map();
  for (const frame of frames)
    for (const field of frame.schema.fields.filter((f) => f.name !== 'time')) {
      const labels = field.metadata.get('labels')!;
      assert.ok(!query.has(labels), `series are told apart by their labels: ${labels}`);
      query.set(labels, [...frame.getChild(field.name)!.toArray()].map(Number));
    }
  const datasourceRef = rule.data.find((d: any) => d.datasourceUid !== '__expr__').refId;
  results.set(datasourceRef, query);
  for (const d of rule.data.filter((x: any) => x.datasourceUid === '__expr__')) {
    const out: Series = new Map();
    if (d.model.type === 'reduce') {
      const reduce = { last: (v: number[]) => v.at(-1)!, min: (v: number[]) => Math.min(...v) }[
        d.model.reducer as 'last'
      ];
      for (const [k, v] of results.get(d.model.expression)!) out.set(k, [reduce(v)]);
    } else if (d.model.type === 'math') {
      const [, a, b] = /^\$(\w+) - \$(\w+)$/.exec(d.model.expression)!;
      for (const [k, v] of results.get(a)!) out.set(k, [v[0] - results.get(b)!.get(k)![0]]);
    } else {
      const { type, params } = d.model.conditions[0].evaluator;
      for (const [k, v] of results.get(d.model.expression)!)
        out.set(k, [(type === 'gt' ? v[0] > params[0] : v[0] < params[0]) ? 1 : 0]);
    }
    results.set(d.refId, out);
  }
  const firing = new Map<string, boolean>();
  for (const [labels, [v]] of results.get(rule.condition)!) firing.set(JSON.parse(labels).target, v === 1);
  return firing;
}

test('every rule, evaluated on a real sidecar, fires for the target with the problem and not for the others', async (t) => {
  // Open to the network (all interfaces, protected mode off, no password): SEC-102, a critical. Loopback alone
  // would be a notice only.
  const open = await RedisProcess.start({ config: { bind: '* -::*', 'protected-mode': 'no' } });
  t.after(() => open.stop());
  const nothing = await freePort();
  const token = 'grafana-provisioning-test-token-0123456789';
  process.env.GRAFANA_PROVISIONING_TEST_TOKEN = token;
  const sc = await startTestSidecar({
    tenants: [
      {
        id: 'ops',
        name: 'Ops',
        tokens: [{ name: 'grafana', token: '$__env{GRAFANA_PROVISIONING_TEST_TOKEN}', role: 'viewer' }],
      },
    ],
    targets: [
      { tenant: 'ops', name: 'open cache', url: open.url, intervalSeconds: 1 },
      { tenant: 'ops', name: 'gone', url: `redis://127.0.0.1:${nothing}`, intervalSeconds: 1 },
    ],
  });
  t.after(() => sc.stop());
  const { sidecar } = sc;
  const service = grafanaServiceFor({
    read: sidecar.read,
    authenticate: (value) => authenticate(sidecar.store, value),
    ready: async () => ({ ok: true, checks: {} }),
  });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const run = async (rule: any) => {
    const d = rule.data.find((x: any) => x.datasourceUid !== '__expr__');
    const now = Date.now();
    const { responses } = await queryData(
      service,
      {
        pluginContext: pluginContext(token, undefined),
        headers: {},
        queries: [
          dataQuery({
            refId: d.refId,
            model: d.model,
            from: now - d.relativeTimeRange.from * 1000,
            to: now - d.relativeTimeRange.to * 1000,
            intervalMs: d.model.intervalMs,
            maxDataPoints: d.model.maxDataPoints,
          }),
        ],
      },
      quiet
    );
    assert.equal(responses[d.refId].error, undefined, `${rule.uid}: ${responses[d.refId].error}`);
    return evaluate(rule, decodeFrames(responses[d.refId].frames));
  };
  const byUid = (uid: string) => rules.find((r) => r.uid === uid);

  const critical = await eventually(
    'the critical rule to see the open cache',
    async () => {
      const firing = await run(byUid('redislens-open-critical'));
      return firing.get('open cache') === true && firing;
    },
    60000
  );
  assert.equal(critical.get('gone'), false, 'nothing analysed, nothing critical');
  const unanalysable = await eventually(
    'both targets to be analysed once',
    async () => {
      const firing = await run(byUid('redislens-target-unanalysable'));
      return firing.size === 2 && firing;
    },
    60000
  );
  assert.deepEqual(Object.fromEntries(unanalysable), { 'open cache': false, gone: true });
  // Warnings opened at the same moment as the first analysis: from 0 an hour ago (before) to the count now.
  const rising = await run(byUid('redislens-warnings-rising'));
  assert.deepEqual([...rising.keys()].sort(), ['gone', 'open cache']);
  assert.equal(rising.get('gone'), false);
  t.diagnostic(`critical ${JSON.stringify([...critical])}, rising ${JSON.stringify([...rising])}`);
});
