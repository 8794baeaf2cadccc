/**
 * Issue 17's promise for the opt-in inspections: a target with every feature on is analysed by the real
 * sidecar, and afterwards no key name (nor value, slow-log argument or consumer-group name) appears in clear
 * in the store (SQLite files and the gzipped snapshot and report bodies), the logs, the REST API or the
 * Grafana frames, and INFO commandstats shows that no command reading data reached the server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { RedisProcess } from '../harness/redis-process.js';
import { dataQuery, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { A_EDITOR, analyse, startLoggedSidecar, TWO_TENANTS, type LoggedSidecar } from './support.js';
import { DATA_READS, KEY_MARKER, keyspaceCommands, pipe } from '../inspection/keyspace-builder.js';

let redis: RedisProcess;
let sc: LoggedSidecar;

before(async () => {
  redis = await RedisProcess.start();
  await pipe(redis, keyspaceCommands(600));
  // Group and consumer names chosen by applications, and slow-log entries whose arguments are key names.
  await redis.cli('XGROUP', 'CREATE', 'events:secretcustomer-5', `group-${KEY_MARKER}`, '0');
  await redis.cli(
    'XREADGROUP',
    'GROUP',
    `group-${KEY_MARKER}`,
    `consumer-${KEY_MARKER}`,
    'STREAMS',
    'events:secretcustomer-5',
    '>'
  );
  // A library whose source and description name the marker: only library and function names may be kept.
  await redis.cli(
    'FUNCTION',
    'LOAD',
    `#!lua name=billing\nredis.register_function{function_name='charge', callback=function() return '${KEY_MARKER}' end, description='${KEY_MARKER}'}`
  );
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await redis.cli('SET', `slow:${KEY_MARKER}`, `value-${KEY_MARKER}`);
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  await redis.cli('CONFIG', 'RESETSTAT');
  sc = await startLoggedSidecar(
    { tenants: TWO_TENANTS },
    { secretKey: 'inspection-privacy-key', grpcListen: '127.0.0.1:0' }
  );
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('every inspection on: findings made, no key name in clear anywhere, no data read', async () => {
  const created = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: {
      name: 'inspected',
      url: redis.url,
      intervalSeconds: 3600,
      labels: { workload: 'cache', environment: 'production' },
      inspect: {
        clients: true,
        slowlog: true,
        streams: true,
        functions: true,
        keyspace: { enabled: true, opsCeiling: 1_000_000_000, timeBudgetMs: 600_000 },
      },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.inspect.keyspace.enabled, true, 'the setting is stored and shown');
  const rejected = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'bad', url: redis.url, inspect: { keyspace: { enabled: true, everything: true } } },
  });
  assert.equal(rejected.status, 400, 'unknown inspect fields are refused at the edge');

  const analysis = await analyse(sc, A_EDITOR, created.body.id);
  assert.equal(analysis.status, 'succeeded', analysis.error);

  const shown: string[] = [];
  const get = async (path: string) => {
    const res = await sc.api('GET', path, { token: A_EDITOR });
    assert.equal(res.status, 200, path);
    shown.push(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
    return res.body;
  };
  const id = created.body.id;
  const now = Date.now();
  await get('/api/v1/targets');
  for (const path of ['', '/instances', '/config', '/topology', '/analyses', '/snapshots'])
    await get(`/api/v1/targets/${id}${path}`);
  await get(`/api/v1/analyses/${analysis.id}`);
  await get(`/api/v1/analyses/${analysis.id}/export?format=json`);
  await get(`/api/v1/analyses/${analysis.id}/export?format=csv`);
  for (const s of (await get(`/api/v1/targets/${id}/snapshots`)).items) await get(`/api/v1/snapshots/${s.id}`);
  for (const a of (await get('/api/v1/anomalies?limit=500')).items) await get(`/api/v1/anomalies/${a.id}`);
  await get('/api/v1/anomalies/export?format=csv');
  await get(`/api/v1/events?from=0&to=${now}`);
  const rest = shown.join('\n');
  // The inspections really ran and reached what is shown: the sample, the hashed stream and the slow log.
  assert.match(rest, /"sampled":60\d/);
  assert.match(rest, /"durationUs"/);
  assert.match(rest, /"groups":\[\{"name":"[0-9a-f]{16}"/);
  assert.match(rest, /KEY-30[1-4]/, 'key-space findings are reported');
  assert.match(rest, /"functions":\[\{"name":"billing","engine":"LUA","functions":\[\{"name":"charge"/);
  assert.ok(!rest.includes(KEY_MARKER), 'REST and exports');

  const grafana = dial(sc.sidecar.grpcAddress!);
  try {
    const queries = [
      { refId: 'a', model: { queryType: 'anomalies' } },
      { refId: 'b', model: { queryType: 'instances' } },
      { refId: 'c', model: { queryType: 'config', target: id } },
      { refId: 't', model: { queryType: 'topology', target: id } },
    ].map((q) => dataQuery({ ...q, from: now - 3600_000, to: Date.now() }));
    const answer = await grafana.queryData({ pluginContext: pluginContext(A_EDITOR, 'Editor'), queries });
    const frames = Object.values(answer.responses).flatMap((r) => r.frames);
    assert.ok(frames.length >= queries.length);
    assert.ok(!Buffer.concat(frames).toString('latin1').includes(KEY_MARKER), 'Grafana frames');
  } finally {
    grafana.close();
  }

  // The store: every file as bytes, and the gzipped bodies opened.
  for (const file of filesUnder(sc.dataDir))
    assert.ok(!readFileSync(file).toString('latin1').includes(KEY_MARKER), file);
  const db = new Database(join(sc.dataDir, 'store', 'redislens.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const bodies = db.prepare('SELECT body FROM snapshot_bodies').all() as { body: Buffer }[];
    const reports = db.prepare('SELECT report FROM analyses WHERE report IS NOT NULL').all() as { report: Buffer }[];
    const opened = [...bodies.map((b) => b.body), ...reports.map((r) => r.report)].map((b) => gunzipSync(b).toString());
    assert.ok(
      opened.some((text) => text.includes('"keyspace"')),
      'the stored snapshot holds the sample'
    );
    for (const text of opened) assert.ok(!text.includes(KEY_MARKER), 'stored snapshot or report body');
  } finally {
    db.close();
  }
  assert.ok(sc.logs.length > 0);
  assert.ok(!sc.logs.join('\n').includes(KEY_MARKER), 'log');

  const stats = await redis.cli('INFO', 'commandstats');
  const used = [...stats.matchAll(/^cmdstat_(\S+):calls=/gm)].map((m) => m[1]);
  assert.deepEqual(
    used.filter((c) => DATA_READS.includes(c)),
    [],
    'no command that reads data reached the server'
  );
  assert.ok(used.includes('memory|usage') && used.includes('xinfo|groups') && used.includes('client|list'));
});
