/**
 * --fail-on on real redis-server processes, through the real executable. Each
 * run costs seconds on a busy machine, so every run checks several things.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { runCli } from '../harness/run-cli.js';
import { fired, runJson, suppressionsOf, tempFiles } from './cli-test-kit.js';

test('--fail-on: exit 1 at or above the threshold, 0 below it; critical by default', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  // CLIENT-005 (timeout 0) as critical fails the default gate, as before --fail-on existed.
  const all = await runJson(['analyze', redis.url, '--severity', 'CLIENT-005=critical', '--format', 'json']);
  assert.equal(all.code, 1);
  assert.ok(
    fired(all.json).some((f) => f.ruleId === 'CLIENT-005' && f.severity === 'critical'),
    'CLIENT-005 fires on timeout 0'
  );
  // From here CLIENT-005 is a warning and everything else a stock server draws is suppressed,
  // so the gate sees exactly one warning whatever the rest of the catalog says.
  const pin = ['--severity', 'CLIENT-005=warning'];
  const others = write(
    'others.yaml',
    suppressionsOf(
      fired(all.json).filter((f) => f.ruleId !== 'CLIENT-005'),
      'not under test here'
    )
  );
  for (const [failOn, expected] of [
    ['notice', 1],
    ['warning', 1],
    [undefined, 0],
  ] as const) {
    const run = await runJson([
      'analyze',
      redis.url,
      ...pin,
      '--suppress',
      others,
      ...(failOn ? ['--fail-on', failOn] : []),
      '--format',
      'json',
    ]);
    assert.equal(run.code, expected, `--fail-on ${failOn ?? '(default)'}: ${run.stderr}`);
    assert.deepEqual(
      fired(run.json).map((f) => [f.ruleId, f.severity]),
      [['CLIENT-005', 'warning']]
    );
  }

  const everything = write('all.yaml', suppressionsOf(fired(all.json), 'accepted for the test'));
  const clean = await runJson([
    'analyze',
    redis.url,
    ...pin,
    '--suppress',
    everything,
    '--fail-on',
    'notice',
    '--format',
    'json',
  ]);
  assert.equal(clean.code, 0, 'suppressed findings do not count for the exit code');
  assert.equal(fired(clean.json).length, 0);
  assert.equal(clean.json.suppressed?.length, fired(all.json).length, 'each suppressed finding is listed');
  assert.equal(clean.json.summary.suppressed, fired(all.json).length);
});

test('--fail-on applies to lint as well, and a bad value is a usage error', async (t) => {
  const write = tempFiles(t);
  const conf = write('redis.conf', 'timeout 0\n');
  const pin = ['--severity', 'CLIENT-005=notice'];
  const all = await runJson(['lint', conf, ...pin, '--fail-on', 'notice', '--format', 'json']);
  assert.equal(all.code, 1, 'a notice fails --fail-on notice');
  assert.ok(fired(all.json).some((f) => f.ruleId === 'CLIENT-005' && f.severity === 'notice'));
  const others = write(
    'others.yaml',
    suppressionsOf(
      fired(all.json).filter((f) => f.ruleId !== 'CLIENT-005'),
      'not under test'
    )
  );
  assert.equal((await runCli(['lint', conf, ...pin, '--suppress', others, '--fail-on', 'warning'])).code, 0);
  const bad = await runCli(['lint', conf, '--fail-on', 'high']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /use critical, warning, notice/);
});
