import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { RedisProcess } from '../harness/redis-process.js';
import { startReplicationGroup } from '../harness/topologies.js';
import { freePort } from '../harness/free-port.js';
import { runCli, runCliJson } from '../harness/run-cli.js';

async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

test('unreachable host: specific message, exit 2', async () => {
  const port = await freePort();
  const { code, report } = await runCliJson(['analyze', `redis://127.0.0.1:${port}`]);
  assert.equal(code, 2);
  assert.equal(report.targets[0].reachable, false);
  assert.match(report.targets[0].error, new RegExp(`cannot connect to 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
});

test('wrong password: auth failure named, password never printed, exit 2', async (t) => {
  const redis = await RedisProcess.start({
    config: { requirepass: 'right-password-of-enough-length-123' },
    adminPassword: 'right-password-of-enough-length-123',
  });
  t.after(() => redis.stop());
  const run = await runCliJson(['analyze', `redis://:wrong-secret@${redis.address}`]);
  assert.equal(run.code, 2);
  assert.match(run.report.targets[0].error, /authentication failed at .*WRONGPASS/);
  assert.ok(!run.stdout.includes('wrong-secret') && !run.stderr.includes('wrong-secret'));
  const none = await runCliJson(['analyze', redis.url]);
  assert.equal(none.code, 2);
  assert.match(none.report.targets[0].error, /requires authentication and no password was given/);
});

test('a port that speaks HTTP, not Redis: "is this a Redis port?", exit 2', async (t) => {
  // The client may send its greeting in several chunks: answer the first, ignore the rest
  // (a second end() would throw "write after end" in this process, not in the CLI's).
  const { server, port } = await listen((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  });
  t.after(() => server.close());
  const { code, report } = await runCliJson(['analyze', `redis://127.0.0.1:${port}`]);
  assert.equal(code, 2);
  assert.match(report.targets[0].error, /did not answer in the Redis protocol \(is this a Redis port\?\)/);
});

test('a port that accepts and never answers times out with the timeout named', async (t) => {
  const { server, port } = await listen(() => {});
  t.after(() => server.close());
  const { code, report } = await runCliJson(['analyze', `redis://127.0.0.1:${port}`, '--timeout', '500']);
  assert.equal(code, 2);
  assert.match(report.targets[0].error, /no answer from 127\.0\.0\.1:\d+ in time/);
});

test('CONFIG renamed away: config rules are not_evaluated with the reason, never passed', async (t) => {
  const redis = await RedisProcess.start({ config: { 'rename-command': 'CONFIG ""' } });
  t.after(() => redis.stop());
  const { code, report } = await runCliJson(['analyze', redis.url]);
  assert.notEqual(code, 2, 'the node is reachable and analysed');
  const timeout = report.findings.find((f: any) => f.ruleId === 'CLIENT-005');
  assert.equal(timeout.status, 'not_evaluated');
  assert.match(timeout.message, /CONFIG GET unavailable on .*command renamed or disabled/);
  assert.ok(report.summary.notEvaluated > 0);
});

test('malformed arguments: invalid URL and label give usage errors, exit 2', async () => {
  const url = await runCli(['analyze', 'http://example:80']);
  assert.equal(url.code, 2);
  assert.match(url.stderr, /unknown scheme "http"/);
  const label = await runCli(['analyze', 'redis://127.0.0.1:1', '--label', 'production']);
  assert.equal(label.code, 2);
  assert.match(label.stderr, /expected key=value/);
  const sentinel = await runCli(['analyze', 'redis-sentinel://127.0.0.1:1']);
  assert.equal(sentinel.code, 2);
  assert.match(sentinel.stderr, /must end with \/<master-name>/);
});

test('a replica that hangs mid-analysis is recorded; the rest of the group is analysed', async (t) => {
  const group = await startReplicationGroup({ replicas: 2 });
  t.after(async () => {
    group.replicas[0].child.kill('SIGCONT');
    await group.stop();
  });
  // SIGSTOP: the kernel still accepts the TCP connection, Redis never answers.
  group.replicas[0].child.kill('SIGSTOP');
  const { code, report, stderr } = await runCliJson(['analyze', group.master.url, '--timeout', '5000']);
  assert.notEqual(code, 2, 'the seed was analysed');
  assert.match(
    stderr,
    /^redislens: collected 3 of 3 node\(s\), 1 unreachable$/m,
    'a discovery longer than a second reports progress on stderr'
  );
  const hung = report.targets.find((x: any) => x.address === group.replicas[0].address);
  assert.equal(hung.reachable, false);
  assert.match(hung.error, /no answer from .* in time/);
  const healthy = report.targets
    .filter((x: any) => x.reachable)
    .map((x: any) => x.address)
    .sort();
  assert.deepEqual(healthy, [group.master.address, group.replicas[1].address].sort());
});
