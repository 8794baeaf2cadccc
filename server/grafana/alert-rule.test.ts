/**
 * The provisioned alert rule (provisioning/alerting/redislens-alerts.yaml)
 * counts open critical anomalies through this datasource. Its query model
 * goes through the QueryData handler as Grafana's alerting would send it;
 * each frame must be what the reduce expression expects: one time field and
 * one numeric "critical" field labelled with its target (one series per
 * target), bucketed over the rule's relative time range.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TimeUnit, Type, type Timestamp } from 'apache-arrow';
import { queryData } from './query-data.js';
import { arrayReadService } from './test-support/array-read-service.js';
import { fixture, NOW, TOKENS } from './test-support/fixture.js';
import { dataQuery, decodeFrames, pluginContext, STUB_DIR } from './test-support/grafana-host.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const provisioning = join(STUB_DIR, '..', '..', 'provisioning');

interface RuleData {
  refId: string;
  datasourceUid: string;
  relativeTimeRange: { from: number; to: number };
  model: Record<string, any>;
}

function alertRule() {
  const file = parse(readFileSync(join(provisioning, 'alerting', 'redislens-alerts.yaml'), 'utf8'));
  assert.equal(file.apiVersion, 1);
  const rule = file.groups.flatMap((g: any) => g.rules).find((r: any) => r.uid === 'redislens-open-critical');
  assert.ok(rule, 'the rule is provisioned');
  return rule as { condition: string; data: RuleData[] };
}

test('the datasource the rule names is provisioned with that uid, type and a token from the environment', () => {
  const file = parse(readFileSync(join(provisioning, 'datasources', 'redislens.yaml'), 'utf8'));
  const [ds] = file.datasources;
  assert.deepEqual({ uid: ds.uid, type: ds.type }, { uid: 'redislens', type: 'redislens-analyzer-datasource' });
  assert.match(ds.secureJsonData.apiToken, /^\$\{?REDISLENS_API_TOKEN\}?$/);
});

test('the rule reduces the RedisLens query and fires above 0', () => {
  const rule = alertRule();
  const byRef = Object.fromEntries(rule.data.map((d) => [d.refId, d]));
  assert.equal(byRef.A.datasourceUid, 'redislens');
  assert.equal(byRef.A.model.queryType, 'anomalyCounts');
  assert.deepEqual(byRef.B.model, { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last' });
  assert.equal(byRef.C.model.type, 'threshold');
  assert.equal(byRef.C.model.expression, 'B');
  assert.deepEqual(byRef.C.model.conditions[0].evaluator, { type: 'gt', params: [0] });
  assert.equal(rule.condition, 'C');
});

test("the rule's query returns the frame the reduce expects: time + one numeric critical field, last bucket = now", async () => {
  const { model, relativeTimeRange } = alertRule().data.find((d) => d.datasourceUid === 'redislens')!;
  const now = NOW;
  const service = arrayReadService(fixture());
  const { responses } = await queryData(
    service,
    {
      // Alert evaluation runs as Grafana itself: no user in the context.
      pluginContext: pluginContext(TOKENS.acmeViewer, undefined),
      headers: {},
      queries: [
        dataQuery({
          refId: model.refId,
          model,
          from: now - relativeTimeRange.from * 1000,
          to: now - relativeTimeRange.to * 1000,
          intervalMs: model.intervalMs,
          maxDataPoints: model.maxDataPoints,
        }),
      ],
    },
    quiet
  );
  const response = responses.A;
  assert.equal(response.error, undefined);
  const [frame, ...others] = decodeFrames(response.frames);
  assert.equal(others.length, 0, "one frame: the tenant's one target");
  assert.deepEqual(
    frame.schema.fields.map((f) => f.name),
    ['time', 'critical']
  );
  const [time, critical] = frame.schema.fields;
  assert.equal(time.typeId, Type.Timestamp);
  assert.equal((time.type as Timestamp).unit, TimeUnit.NANOSECOND);
  assert.equal(critical.typeId, Type.Float);
  assert.equal(critical.nullable, false);
  // groupBy target: one frame (one alert instance) per target, labelled with the target's name.
  assert.deepEqual(JSON.parse(critical.metadata.get('labels')!), { severity: 'critical', target: 'cache' });
  assert.equal(frame.numRows, 11, '10 minutes at 1-minute buckets, both ends');
  const times = [...(frame.getChild('time')!.data[0].values as BigInt64Array)];
  assert.equal(times.at(-1), BigInt(now) * 1_000_000n);
  // a1 is the one critical anomaly open now: the reduce (last) sees 1 and C fires.
  assert.equal(frame.getChild('critical')!.get(frame.numRows - 1), 1);
  assert.deepEqual(service.calls.find((c) => c.method === 'countAnomalies')!.args, {
    from: now - 600_000,
    to: now,
    intervalMs: 60_000,
    filter: { category: undefined, ruleId: undefined, targetId: ['t-cache'] },
  });
});
