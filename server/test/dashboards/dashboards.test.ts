/**
 * The dashboards the app ships (src/dashboards/*.json, listed in src/plugin.json) against the
 * query model and a real sidecar analysing a real redis-server: every RedisLens query's
 * queryType and fields are valid, every variable resolves, every query answers without error
 * through Grafana's QueryData protocol, and every field an override or transformation names
 * is in the frames that query returns.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RedisProcess } from '../harness/redis-process.js';
import { eventually, startTestSidecar, type TestSidecar } from '../harness/sidecar-harness.js';
import { dataQuery, decodeFrames, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { parseQuery, querySchemas, QUERY_TYPES, type QueryType } from '../../grafana/queries/query-model.js';
import { REPO_ROOT } from '../../scripts/frontend-types.js';

const TOKEN = 'dashboards-test-viewer-token-0123456789';
const DS_TYPE = 'redislens-analyzer-datasource';
/** Keys Grafana itself puts in a query, beside the query model's fields. */
const GRAFANA_KEYS = new Set(['refId', 'datasource', 'queryType', 'hide', 'key', 'intervalMs', 'maxDataPoints']);

interface Target {
  refId: string;
  datasource?: { type?: string };
  queryType?: string;
  [key: string]: unknown;
}
interface Panel {
  title: string;
  type: string;
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { overrides?: Array<{ matcher: { id: string; options: unknown } }> };
  transformations?: Array<{ id: string; options: Record<string, any> }>;
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: { kind: string; target?: string } }> };
  annotations: { list: Array<{ name: string; datasource?: { type?: string }; target?: Target }> };
}

const src = (path: string) => join(REPO_ROOT, 'src', path);
const pluginJson = JSON.parse(readFileSync(src('plugin.json'), 'utf8')) as {
  includes: Array<{ type: string; path: string; name: string }>;
};
const dashboards = pluginJson.includes
  .filter((i) => i.type === 'dashboard')
  .map((i) => ({ path: i.path, json: JSON.parse(readFileSync(src(i.path), 'utf8')) as Dashboard }));

/** Field names a panel's overrides and transformations refer to. */
function namedFields(panel: Panel): string[] {
  const names: string[] = [];
  for (const o of panel.fieldConfig?.overrides ?? [])
    if (o.matcher.id === 'byName') names.push(String(o.matcher.options));
  for (const t of panel.transformations ?? []) {
    if (t.id === 'organize')
      names.push(...Object.keys({ ...t.options.excludeByName, ...t.options.renameByName, ...t.options.indexByName }));
    if (t.id === 'groupBy') names.push(...Object.keys(t.options.fields ?? {}));
    if (t.id === 'filterByValue')
      names.push(...(t.options.filters ?? []).map((f: { fieldName: string }) => f.fieldName));
    if (t.id === 'filterFieldsByName') names.push(...(t.options.include?.names ?? []));
  }
  return names;
}

const substitute = (value: unknown, vars: Map<string, string>): unknown =>
  typeof value === 'string'
    ? value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => vars.get(a ?? b) ?? whole)
    : Array.isArray(value)
      ? value.map((v) => substitute(v, vars))
      : value;

describe('shipped dashboards against the query model and a real sidecar', () => {
  let redis: RedisProcess;
  let sc: TestSidecar;
  let grafana: ReturnType<typeof dial>;

  before(async () => {
    redis = await RedisProcess.start();
    process.env.DASHBOARDS_TEST_TOKEN = TOKEN;
    sc = await startTestSidecar(
      {
        tenants: [
          {
            id: 'dash',
            name: 'Dash',
            tokens: [{ name: 'grafana', token: '$__env{DASHBOARDS_TEST_TOKEN}', role: 'viewer' }],
          },
        ],
        targets: [{ tenant: 'dash', name: 'cache', url: redis.url, intervalSeconds: 1 }],
      },
      { grpcListen: '127.0.0.1:0' }
    );
    grafana = dial(sc.sidecar.grpcAddress!);
    await eventually(
      'the first anomalies',
      async () => (await sc.api('GET', '/api/v1/anomalies?status=open', { token: TOKEN })).body.items.length > 0
    );
  });

  after(async () => {
    grafana?.close();
    await sc?.stop();
    await redis?.stop();
  });

  /** Variable values as the datasource's variable support computes them, through the same REST endpoints. */
  async function resolveVariable(
    query: { kind: string; target?: string },
    vars: Map<string, string>
  ): Promise<string[]> {
    const get = async (path: string) => (await sc.api('GET', path, { token: TOKEN })).body.items as any[];
    switch (query.kind) {
      case 'targets':
        return (await get('/api/v1/targets')).map((t) => t.name);
      case 'nodes': {
        const ref = substitute(query.target, vars);
        const target = (await get('/api/v1/targets')).find((t) => t.name === ref || t.id === ref);
        assert.ok(target, `nodes variable: no target "${ref}"`);
        return (await get(`/api/v1/targets/${target.id}/instances`)).map((i) => i.address);
      }
      case 'rules':
        return (await get('/api/v1/rules')).map((r) => r.id);
      case 'categories':
        return [...new Set((await get('/api/v1/rules')).map((r) => r.category as string))].sort();
      default:
        throw new Error(`unknown variable kind "${query.kind}"`);
    }
  }

  async function run(target: Target, vars: Map<string, string>, where: string): Promise<Set<string>> {
    const queryType = target.queryType as QueryType;
    assert.ok((QUERY_TYPES as readonly string[]).includes(queryType), `${where}: unknown queryType "${queryType}"`);
    const fields = new Set(Object.keys(querySchemas[queryType].shape));
    for (const key of Object.keys(target))
      assert.ok(GRAFANA_KEYS.has(key) || fields.has(key), `${where}: "${key}" is not a field of ${queryType} queries`);
    const model = Object.fromEntries(Object.entries(target).map(([k, v]) => [k, substitute(v, vars)]));
    for (const [k, v] of Object.entries(model))
      assert.ok(
        !JSON.stringify(v).includes('$'),
        `${where}: ${k} still holds an unresolved variable: ${JSON.stringify(v)}`
      );
    parseQuery(Buffer.from(JSON.stringify(model)), queryType); // throws with the field on a bad value
    const now = Date.now();
    const answer = await grafana.queryData({
      pluginContext: pluginContext(TOKEN, 'Viewer'),
      queries: [dataQuery({ refId: target.refId, model, from: now - 86400e3, to: now, intervalMs: 60e3 })],
    });
    const response = answer.responses[target.refId];
    assert.equal(response.error ?? '', '', `${where}: ${response.error}`);
    return new Set(decodeFrames(response.frames).flatMap((t) => t.schema.fields.map((f) => f.name)));
  }

  test('plugin.json lists the three dashboards and each file exists', () => {
    assert.deepEqual(dashboards.map((d) => d.json.uid).sort(), [
      'redislens-fleet',
      'redislens-target',
      'redislens-trends',
    ]);
  });

  for (const { path, json } of dashboards) {
    test(`${path}: variables resolve, queries are valid and answer, named fields exist`, async () => {
      const vars = new Map<string, string>();
      for (const v of json.templating.list) {
        assert.equal(v.type, 'query', `${path}: variable ${v.name}`);
        const values = await resolveVariable(v.query, vars);
        assert.ok(values.length > 0, `${path}: variable $${v.name} has no values`);
        vars.set(v.name, values[0]);
      }
      let queries = 0;
      const panels = json.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
      for (const panel of panels) {
        const returned = new Set<string>();
        for (const target of panel.targets ?? []) {
          if (target.datasource?.type !== DS_TYPE) continue;
          for (const name of await run(target, vars, `${path} "${panel.title}" ${target.refId}`)) returned.add(name);
          queries++;
        }
        for (const name of namedFields(panel))
          assert.ok(
            returned.has(name),
            `${path} "${panel.title}": field "${name}" is not in its frames (${[...returned].join(', ')})`
          );
      }
      for (const a of json.annotations.list) {
        if (a.datasource?.type !== DS_TYPE || !a.target) continue;
        const fields = await run(a.target, vars, `${path} annotation "${a.name}"`);
        for (const name of ['time', 'timeEnd', 'title', 'text', 'tags'])
          assert.ok(fields.has(name), `annotation field ${name}`);
        queries++;
      }
      assert.ok(queries > 0, `${path} has no RedisLens query`);
    });
  }
});
