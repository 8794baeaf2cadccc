/** `analyze --inspect` and the fleet file's `inspect`: the opt-in features reach the analysis from the CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { RedisProcess } from '../harness/redis-process.js';
import { runCli, runCliJson } from '../harness/run-cli.js';

test('analyze --inspect and a fleet file inspect: the features run; unknown ones are refused', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const dir = mkdtempSync(join(tmpdir(), 'redislens-inspect-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // An unnamed, idle application connection: CLIENT-304 fires in production once CLIENT LIST is read.
  const held = await import('node:net').then((net) => net.connect(redis.port, '127.0.0.1'));
  t.after(() => held.destroy());
  await new Promise((resolve) => held.once('connect', resolve));

  // One run: the URL gets --inspect, the fleet-file target its own inspect (each spawn of the CLI costs seconds).
  const fleet = join(dir, 'fleet.yaml');
  writeFileSync(
    fleet,
    stringify({
      apiVersion: 1,
      targets: [{ name: 'cache', url: redis.url, labels: { environment: 'production' }, inspect: { clients: true } }],
    })
  );
  const run = await runCliJson([
    'analyze',
    redis.url,
    '--targets',
    fleet,
    '--label',
    'environment=production',
    '--inspect',
    'clients',
  ]);
  const unnamed = run.report.findings.filter((f: { ruleId: string }) => f.ruleId === 'CLIENT-304');
  assert.equal(unnamed.length, 2, `from the flag and from the fleet file: ${run.stdout}`);

  const unknown = await runCli(['analyze', redis.url, '--inspect', 'values']);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(
    unknown.stderr,
    /--inspect: unknown feature "values" \(known: clients, keyspace, slowlog, streams, functions\)/
  );
});
