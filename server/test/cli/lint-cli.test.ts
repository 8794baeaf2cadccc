import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliJson } from '../harness/run-cli.js';
import { RedisProcess } from '../harness/redis-process.js';

function confFile(t: { after: (fn: () => void) => void }, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'redis.conf');
  writeFileSync(path, text);
  return path;
}

test('lint flags what Redis would refuse at start-up and evaluates config rules offline', async (t) => {
  const path = confFile(
    t,
    [
      'port 7000',
      'maxmemroy 1gb',
      'appendonly maybe',
      'maxmemory-policy allkeys-lfu',
      'timeout 0',
      'requirepass foobared',
      '',
    ].join('\n')
  );
  const { code, report, stdout } = await runCliJson(['lint', path]);
  assert.equal(code, 1);
  const byId = (id: string) => report.findings.find((f: any) => f.ruleId === id);
  assert.match(byId('CONF-001').message, /maxmemroy \(line 2\)/);
  assert.match(byId('CONF-002').message, /appendonly \(line 3\): "maybe" is not yes or no/);
  assert.equal(byId('CLIENT-005').status, 'fired');
  assert.ok(!stdout.includes('foobared'), 'secrets are redacted in lint output too');
});

test('lint of a file Redis accepts reports no start-up problems', async (t) => {
  const path = confFile(
    t,
    [
      'tcp-keepalive 300',
      'timeout 300',
      'save 3600 1',
      'save 300 100',
      'client-output-buffer-limit replica 512mb 128mb 60',
      'slave-read-only yes',
      '',
    ].join('\n')
  );
  const { report } = await runCliJson(['lint', path]);
  for (const id of ['CONF-001', 'CONF-002', 'CLIENT-005', 'CLIENT-001']) {
    assert.ok(!report.findings.some((f: any) => f.ruleId === id), `${id} should not be reported`);
  }
  // Redis itself agrees the file is valid: it starts with it.
  const redis = await RedisProcess.start({ config: { include: path } });
  await redis.stop();
});

test('lint of a missing file exits 2 with the path', async () => {
  const run = await runCli(['lint', '/nonexistent/redis.conf']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /cannot read \/nonexistent\/redis\.conf/);
});
