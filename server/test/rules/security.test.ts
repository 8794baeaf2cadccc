import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

const execFileAsync = promisify(execFile);

const STRONG = 'Zq8vN3xK7pL2mR9tW4yB6cD1fG5hJ0sA-e'; // 35 characters
const withPassword = (redis: RedisProcess, password: string) =>
  `redis://:${encodeURIComponent(password)}@${redis.address}`;

function tempDir(t: { after: (fn: () => void) => void }, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('SEC-101 fires when an unauthenticated connection is served and passes with a password', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const open = await resultsOf('SEC-101', [redis.url]);
  assert.equal(statusOn(open, redis.address), 'fired');
  assert.equal(open[0].evidence.unauthenticated_access, true);
  // bind 127.0.0.1: only local clients, the lesser finding.
  assert.equal(open[0].severity, 'notice');
  assert.match(open[0].message, /only local clients are served \(bind is loopback only \(127\.0\.0\.1\)\)/);

  await redis.cli('CONFIG', 'SET', 'requirepass', STRONG);
  redis.setAdminAuth(STRONG);
  assert.equal(statusOn(await resultsOf('SEC-101', [withPassword(redis, STRONG)]), redis.address), 'passed');
});

/** A non-loopback address of this host, to be a client "from another host" for real (none on some CI hosts). */
function outsideAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

async function pingFrom(host: string, port: number): Promise<string> {
  try {
    const { stdout } = await execFileAsync('redis-cli', ['-h', host, '-p', String(port), 'PING'], { timeout: 30000 });
    return stdout.trim();
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error).trim();
  }
}

test('a stock server (bind "* -::*", protected-mode yes, no password): SEC-101 is a notice, SEC-102/SEC-103 pass', async (t) => {
  const redis = await RedisProcess.start({ config: { bind: '* -::*', 'protected-mode': 'yes' } });
  t.after(() => redis.stop());
  const { results } = await analyze([redis.url]);
  const of = (id: string) => results.filter((r) => r.ruleId === id);
  const sec101 = of('SEC-101');
  assert.equal(statusOn(sec101, redis.address), 'fired');
  assert.equal(sec101[0].severity, 'notice');
  assert.match(sec101[0].message, /only local clients are served \(protected mode refuses clients from other hosts/);
  assert.equal(statusOn(of('SEC-102'), redis.address), 'passed');
  assert.equal(statusOn(of('SEC-103'), redis.address), 'passed');

  // What a remote client can actually do: from a non-loopback address, protected mode answers DENIED.
  const outside = outsideAddress();
  if (!outside) return t.diagnostic('no non-loopback IPv4 address on this host: the remote-client check is skipped');
  assert.match(await pingFrom(outside, redis.port), /DENIED/);

  // Protected mode off: the same remote client is served, and RedisLens's probe over that address proves it.
  await redis.cli('CONFIG', 'SET', 'protected-mode', 'no');
  assert.equal(await pingFrom(outside, redis.port), 'PONG');
  const remote = await analyze([`redis://${outside}:${redis.port}`]);
  const target = `${outside}:${redis.port}`;
  const remote101 = remote.results.filter((r) => r.ruleId === 'SEC-101');
  assert.equal(statusOn(remote101, target), 'fired');
  assert.equal(remote101[0].severity, 'critical');
  assert.match(remote101[0].message, /anyone who can reach the port/);
  assert.equal(
    statusOn(
      remote.results.filter((r) => r.ruleId === 'SEC-102'),
      target
    ),
    'fired'
  );
  assert.equal(
    statusOn(
      remote.results.filter((r) => r.ruleId === 'SEC-103'),
      target
    ),
    'passed',
    'SEC-102 reports it'
  );
});

test('SEC-103 fires for protected-mode no with a specific non-loopback bind; a loopback-only bind keeps SEC-101 a notice', async (t) => {
  const outside = outsideAddress();
  if (!outside) return t.skip('no non-loopback IPv4 address on this host to bind to');
  const redis = await RedisProcess.start({ config: { bind: `127.0.0.1 ${outside}`, 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  const { results } = await analyze([redis.url]);
  const of = (id: string) => results.filter((r) => r.ruleId === id);
  assert.equal(statusOn(of('SEC-103'), redis.address), 'fired');
  assert.equal(statusOn(of('SEC-102'), redis.address), 'passed');
  assert.equal(of('SEC-101')[0].severity, 'critical', 'protected mode off and an outside address bound');
  assert.equal(await pingFrom(outside, redis.port), 'PONG');

  await redis.cli('CONFIG', 'SET', 'bind', '127.0.0.1');
  const local = await analyze([redis.url]);
  const after = (id: string) => local.results.filter((r) => r.ruleId === id);
  assert.equal(statusOn(after('SEC-103'), redis.address), 'passed');
  assert.equal(after('SEC-101')[0].severity, 'notice');
});

test('SEC-101 passes when only an ACL password protects the default user (requirepass empty)', async (t) => {
  const redis = await RedisProcess.start({ config: { bind: '* -::*' } });
  t.after(() => redis.stop());
  await redis.cli('ACL', 'SETUSER', 'default', 'on', `>${STRONG}`);
  redis.setAdminAuth(STRONG);
  assert.equal(await redis.cli('CONFIG', 'GET', 'requirepass'), 'requirepass');
  const { results } = await analyze([withPassword(redis, STRONG)]);
  const status = (id: string) =>
    statusOn(
      results.filter((r) => r.ruleId === id),
      redis.address
    );
  // The probe saw NOAUTH, so listening on all interfaces is not "without a password".
  assert.equal(status('SEC-101'), 'passed');
  assert.equal(status('SEC-102'), 'passed');
});

test('SEC-101 is not_evaluated when the unauthenticated probe cannot connect', async (t) => {
  // maxclients 1: RedisLens's own (authenticated) connection takes the only slot,
  // so the second, credential-less probe connection is refused by a real server.
  const redis = await RedisProcess.start({ config: { requirepass: STRONG }, adminPassword: STRONG });
  t.after(() => redis.stop());
  await redis.cli('CONFIG', 'SET', 'maxclients', '1');
  const results = await resultsOf('SEC-101', [withPassword(redis, STRONG)]);
  await waitFor('maxclients reset', async () =>
    (await redis.cli('CONFIG', 'SET', 'maxclients', '100')) === 'OK' ? true : undefined
  );
  assert.equal(statusOn(results, redis.address), 'not_evaluated');
  assert.match(results[0].reason ?? '', /unauthenticated_access/);
});

test('SEC-102 fires for bind 0.0.0.0 and "* -::*" without a password when protected mode is off; passes on loopback, in protected mode or with a password', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('SEC-102', [redis.url]), redis.address), 'passed');

  for (const bind of ['0.0.0.0', '* -::*']) {
    await redis.cli('CONFIG', 'SET', 'bind', bind);
    await redis.cli('CONFIG', 'SET', 'protected-mode', 'yes');
    assert.equal(statusOn(await resultsOf('SEC-102', [redis.url]), redis.address), 'passed', `protected, "${bind}"`);
    await redis.cli('CONFIG', 'SET', 'protected-mode', 'no');
    const results = await resultsOf('SEC-102', [redis.url]);
    assert.equal(statusOn(results, redis.address), 'fired', `bind "${bind}"`);
    assert.equal(results[0].evidence.bind, bind);
  }

  await redis.cli('CONFIG', 'SET', 'requirepass', STRONG);
  redis.setAdminAuth(STRONG);
  assert.equal(statusOn(await resultsOf('SEC-102', [withPassword(redis, STRONG)]), redis.address), 'passed');
});

test('SEC-102 treats an empty bind as all interfaces before Redis 7 only (recorded snapshot)', async (t) => {
  // Recorded snapshot: on this Redis 7.0.15, CONFIG SET bind "" closes every TCP
  // listener (RedisLens could not connect at all), and Redis 6.x, where an empty
  // bind means every interface, is not installed here.
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const recorded = structuredClone(fleet) as FleetSnapshot;
  recorded.nodes[0].config!.bind = '';
  recorded.nodes[0].config!['protected-mode'] = false;
  assert.equal(statusOn(resultsOnSnapshot('SEC-102', recorded), redis.address), 'passed');
  recorded.nodes[0].version = { text: '6.2.20', major: 6, minor: 2, patch: 20 };
  assert.equal(statusOn(resultsOnSnapshot('SEC-102', recorded), redis.address), 'fired');
  // Before 7.0 protected mode applies exactly when no bind is given: an empty bind is protected again.
  recorded.nodes[0].config!['protected-mode'] = true;
  assert.equal(statusOn(resultsOnSnapshot('SEC-102', recorded), redis.address), 'passed');
  // ... and an explicit bind switches it off before 7.0, whatever protected-mode says.
  recorded.nodes[0].config!.bind = '0.0.0.0';
  const sec102 = resultsOnSnapshot('SEC-102', recorded);
  assert.equal(statusOn(sec102, redis.address), 'fired');
  assert.match(sec102[0].message, /does not apply with an explicit bind before Redis 7\.0/);
});

test('SEC-102/SEC-103 fall back to requirepass and aclfile when the probe result is missing', async (t) => {
  const redis = await RedisProcess.start({ config: { bind: '* -::*', 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  // Recorded snapshot: the offline lint of a redis.conf has no probe result; we
  // remove it from a real snapshot to check the configuration fallback.
  const recorded = structuredClone(fleet) as FleetSnapshot;
  delete recorded.nodes[0].unauthenticatedAccess;
  assert.equal(statusOn(resultsOnSnapshot('SEC-102', recorded), redis.address), 'fired');
  assert.equal(statusOn(resultsOnSnapshot('SEC-101', recorded), redis.address), 'not_evaluated');
  recorded.nodes[0].config!.bind = '10.0.0.5';
  assert.equal(statusOn(resultsOnSnapshot('SEC-103', recorded), redis.address), 'fired');
  recorded.nodes[0].secrets!.requirepass = { set: true, length: 40, placeholder: false };
  assert.equal(statusOn(resultsOnSnapshot('SEC-102', recorded), redis.address), 'passed');
  assert.equal(statusOn(resultsOnSnapshot('SEC-103', recorded), redis.address), 'passed');
});

test('SEC-003 fires when requirepass is set next to an aclfile and passes with the ACL file alone', async (t) => {
  const dir = tempDir(t, 'redislens-acl-');
  const aclfile = join(dir, 'users.acl');
  writeFileSync(aclfile, `user default on >${STRONG} ~* &* +@all\n`);
  const redis = await RedisProcess.start({ config: { aclfile }, adminPassword: STRONG });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('SEC-003', [withPassword(redis, STRONG)]), redis.address), 'passed');

  const other = `${STRONG}-other`;
  await redis.cli('CONFIG', 'SET', 'requirepass', other);
  redis.setAdminAuth(other);
  const results = await resultsOf('SEC-003', [withPassword(redis, other)]);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.equal(results[0].evidence.aclfile, aclfile);
  assert.equal(results[0].evidence.requirepass_set, true);
});

test('SEC-004 fires on a replica without masterauth for a password-protected master, passes once masterauth is set', async (t) => {
  const master = await RedisProcess.start({ config: { requirepass: STRONG }, adminPassword: STRONG });
  t.after(() => master.stop());
  const replica = await RedisProcess.start({
    config: { requirepass: STRONG, replicaof: `127.0.0.1 ${master.port}` },
    adminPassword: STRONG,
  });
  t.after(() => replica.stop());

  const results = await resultsOf('SEC-004', [withPassword(replica, STRONG)]);
  assert.equal(statusOn(results, replica.address), 'fired');
  assert.equal(results[0].evidence.master, master.address);
  assert.equal(results[0].evidence.master_link_status, 'down');
  assert.equal(results[0].severity, 'critical', 'the link is down: the replica serves data no longer updated');
  assert.equal(statusOn(results, master.address), 'absent'); // replica scope only

  // The rule reads configuration only; the replica reconnects on its own a few seconds later.
  await replica.cli('CONFIG', 'SET', 'masterauth', STRONG);
  assert.equal(statusOn(await resultsOf('SEC-004', [withPassword(replica, STRONG)]), replica.address), 'passed');
});

test('SEC-004 is a warning while a link made before the master got its password is up, critical once it broke', async (t) => {
  const master = await RedisProcess.start();
  t.after(() => master.stop());
  const replica = await RedisProcess.start({
    config: { requirepass: STRONG, replicaof: `127.0.0.1 ${master.port}` },
    adminPassword: STRONG,
  });
  t.after(() => replica.stop());
  const link = async (status: string) =>
    waitFor(`master_link_status:${status}`, async () =>
      new RegExp(`master_link_status:${status}`).test(await replica.cli('INFO', 'replication')) ? true : undefined
    );
  await link('up');
  // The password arrives on the master only: the replica's connection, already made, stays up.
  await master.cli('CONFIG', 'SET', 'requirepass', STRONG);
  master.setAdminAuth(STRONG);
  const upNow = await resultsOf('SEC-004', [withPassword(replica, STRONG)]);
  assert.equal(statusOn(upNow, replica.address), 'fired');
  assert.equal(upNow[0].evidence.master_link_status, 'up');
  assert.equal(upNow[0].severity, 'warning');

  // The next disconnect: the replica cannot authenticate and the link stays down.
  await master.cli('CLIENT', 'KILL', 'TYPE', 'replica');
  await link('down');
  const down = await resultsOf('SEC-004', [withPassword(replica, STRONG)]);
  assert.equal(down[0].severity, 'critical');
  assert.match(down[0].message, /\(link down\)$/);
});

test('SEC-004 passes on a replica of a master that needs no password', async (t) => {
  const master = await RedisProcess.start();
  t.after(() => master.stop());
  const replica = await RedisProcess.start({ config: { replicaof: `127.0.0.1 ${master.port}` } });
  t.after(() => replica.stop());
  assert.equal(statusOn(await resultsOf('SEC-004', [replica.url]), replica.address), 'passed');
});

test('SEC-104 fires for enable-debug-command yes or enable-module-command yes and passes for no/local', async (t) => {
  const [debug, module, safe] = await Promise.all([
    RedisProcess.start({ config: { 'enable-debug-command': 'yes' } }),
    RedisProcess.start({ config: { 'enable-module-command': 'yes' } }),
    RedisProcess.start({ config: { 'enable-debug-command': 'local' } }),
  ]);
  t.after(() => Promise.all([debug.stop(), module.stop(), safe.stop()]));
  const { results } = await analyze([debug.url, module.url, safe.url]);
  const mine = results.filter((r) => r.ruleId === 'SEC-104');
  assert.equal(statusOn(mine, debug.address), 'fired');
  assert.equal(mine.find((r) => r.target === debug.address)!.evidence.enable_debug_command, 'yes');
  assert.equal(statusOn(mine, module.address), 'fired');
  assert.equal(mine.find((r) => r.target === module.address)!.evidence.enable_module_command, 'yes');
  assert.equal(statusOn(mine, safe.address), 'passed');
});

test('SEC-105 fires while the plain port stays open next to tls-port and passes once port is 0', async (t) => {
  const dir = tempDir(t, 'redislens-tls-');
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  const tlsPort = await freePort();
  const redis = await RedisProcess.start({
    config: { 'tls-port': tlsPort, 'tls-cert-file': cert, 'tls-key-file': key, 'tls-auth-clients': 'no' },
  });
  t.after(() => redis.stop());

  const results = await resultsOf('SEC-105', [redis.url]);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.deepEqual(results[0].evidence, { tls_port: tlsPort, port: redis.port });

  // Close the plain port; from now on the server is reachable over TLS only.
  await redis.cli('CONFIG', 'SET', 'port', '0');
  // The certificate is self-signed and RedisLens has no CA option: trust it for this test only.
  const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  t.after(() => {
    if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  });
  const tlsAddress = `127.0.0.1:${tlsPort}`;
  const tlsOnly = await resultsOf('SEC-105', [`rediss://${tlsAddress}`]);
  assert.equal(statusOn(tlsOnly, tlsAddress), 'passed');
});

/**
 * What rules/data/redis-releases.yaml says about a version, worked out here in plain TypeScript from the
 * table's documented meaning (not with the rules' CEL), so the real-server test below holds on any Redis.
 */
function releaseFacts(version: string): { unmaintained: boolean; cves: string[] } {
  const table = parseYaml(readFileSync(join(BUILTIN_RULES_DIR, 'data', 'redis-releases.yaml'), 'utf8')) as {
    maintained_lines: string[];
    critical_cves: { id: string; introduced: string; fixed: string[] }[];
  };
  const num = (v: string) => {
    const [major, minor = 0, patch = 0] = v.split('.').map(Number);
    return major * 10000 + minor * 100 + patch;
  };
  const line = (v: string) => Math.floor(num(v) / 100);
  const v = num(version);
  const maintained = table.maintained_lines;
  return {
    // Older than some maintained line and not on one (a line newer than the table counts as maintained).
    unmaintained: !maintained.some((l) => line(l) === line(version)) && maintained.some((l) => v < num(l)),
    cves: table.critical_cves
      .filter(
        (c) =>
          v >= num(c.introduced) &&
          c.fixed.some((f) => v < num(f)) &&
          !c.fixed.some((f) => line(f) === line(version) && v >= num(f))
      )
      .map((c) => c.id),
  };
}

test('SEC-106 and SEC-107 on the real server follow rules/data/redis-releases.yaml for its version', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  // The version comes from the server under test (redis-cli, not the analyser), so any supported Redis passes.
  const version = /redis_version:(\S+)/.exec(await redis.cli('INFO', 'server'))![1];
  const expected = releaseFacts(version);
  const { fleet, results } = await analyze([redis.url]);
  assert.equal(fleet.nodes[0].version!.text, version);
  const of = (id: string) => results.filter((r) => r.ruleId === id);
  assert.equal(statusOn(of('SEC-106'), redis.address), expected.unmaintained ? 'fired' : 'passed', version);
  assert.equal(statusOn(of('SEC-107'), redis.address), expected.cves.length > 0 ? 'fired' : 'passed', version);
  if (expected.cves.length > 0) {
    const cves = of('SEC-107')[0].evidence.cves as { id: string }[];
    assert.deepEqual(
      cves.map((c) => c.id),
      expected.cves
    );
    for (const id of expected.cves) assert.match(of('SEC-107')[0].message, new RegExp(id));
    const sec107 = of('SEC-107')[0];
    // The version alone cannot prove a distribution's backport (Debian's 7.0.15-1~deb12u10 has the fix): the message
    // says so, and the operator records it once with a label.
    assert.match(sec107.message, /cannot show a fix your distribution backported.*patched_cves=/);
    assert.equal(sec107.severity, 'warning', 'bound to loopback: only local clients can run the exploit');
    await redis.cli('CONFIG', 'SET', 'bind', '* -::*');
    await redis.cli('CONFIG', 'SET', 'protected-mode', 'no');
    const exposed = await resultsOf('SEC-107', [redis.url]);
    assert.equal(exposed[0].severity, 'critical', 'no password and open to the network: anyone can run the exploit');
    await redis.cli('CONFIG', 'SET', 'bind', '127.0.0.1');
    const patched = await resultsOf('SEC-107', [redis.url], { labels: { patched_cves: expected.cves.join(',') } });
    assert.equal(statusOn(patched, redis.address), 'passed');
    await redis.cli('CONFIG', 'SET', 'requirepass', STRONG);
    redis.setAdminAuth(STRONG);
    const withAuth = await resultsOf('SEC-107', [withPassword(redis, STRONG)]);
    assert.equal(withAuth[0].severity, 'warning', 'an authenticated client is needed');
  }
});

test('the release-table oracle above agrees with the cases the table documents', () => {
  // 7.0 ended with 7.0.15 and got no fix for CVE-2025-49844; 7.2.11 is its fix on the 7.2 line.
  assert.deepEqual(releaseFacts('7.0.15'), { unmaintained: true, cves: ['CVE-2025-49844'] });
  assert.deepEqual(releaseFacts('7.2.11'), { unmaintained: false, cves: [] });
  assert.deepEqual(releaseFacts('7.2.10'), { unmaintained: false, cves: ['CVE-2025-49844'] });
  assert.deepEqual(releaseFacts('8.4.0'), { unmaintained: false, cves: [] });
});

test('SEC-106 and SEC-107 on recorded snapshots of other versions', async (t) => {
  // Recorded snapshots: one Redis is installed here, so other versions are a real snapshot with the
  // version fields edited.
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const withVersion = (text: string): FleetSnapshot => {
    const recorded = structuredClone(fleet) as FleetSnapshot;
    const [major, minor, patch] = text.split('.').map(Number);
    recorded.nodes[0].version = { text, major, minor, patch };
    recorded.nodes[0].info!.server.redis_version = text;
    return recorded;
  };
  const check = (text: string) => {
    const snap = withVersion(text);
    const cve = resultsOnSnapshot('SEC-107', snap);
    return {
      line: statusOn(resultsOnSnapshot('SEC-106', snap), redis.address),
      cve: statusOn(cve, redis.address),
      ids: ((cve[0]?.evidence.cves as { id: string }[] | undefined) ?? []).map((c) => c.id),
    };
  };
  assert.deepEqual(check('7.4.6'), { line: 'passed', cve: 'passed', ids: [] }); // maintained, fixed
  assert.deepEqual(check('8.2.2'), { line: 'passed', cve: 'passed', ids: [] });
  assert.deepEqual(check('8.4.0'), { line: 'passed', cve: 'passed', ids: [] }); // newer than the table
  assert.deepEqual(check('7.2.10'), { line: 'passed', cve: 'fired', ids: ['CVE-2025-49844'] }); // one patch short
  assert.deepEqual(check('6.2.20'), { line: 'passed', cve: 'passed', ids: [] });
  assert.deepEqual(check('5.0.14'), { line: 'fired', cve: 'fired', ids: ['CVE-2025-49844'] });
  // Valkey 8.0 reports redis_version 7.2.4 next to valkey_version: the Redis table cannot judge it.
  const valkey = withVersion('7.2.4');
  Object.assign(valkey.nodes[0].info!.server, { server_name: 'valkey', valkey_version: '8.0.1' });
  for (const id of ['SEC-106', 'SEC-107']) {
    const results = resultsOnSnapshot(id, valkey);
    assert.equal(statusOn(results, redis.address), 'not_evaluated', id);
    assert.match(results[0].reason ?? '', /Valkey 8\.0\.1 is not covered by the Redis/, id);
  }
  assert.deepEqual(check('3.2.3'), {
    line: 'fired',
    cve: 'fired',
    ids: ['CVE-2025-49844', 'CVE-2018-11218', 'CVE-2018-11219', 'CVE-2016-8339'],
  });
});

test('SEC-108 fires for a placeholder or short requirepass, passes for a long one, and does not apply without one', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: 'foobared' }, adminPassword: 'foobared' });
  t.after(() => redis.stop());
  const placeholder = await resultsOf('SEC-108', [withPassword(redis, 'foobared')]);
  assert.equal(statusOn(placeholder, redis.address), 'fired');
  assert.deepEqual(placeholder[0].evidence, { length: 8, placeholder: true, weak_acl_users: [] });
  assert.match(placeholder[0].message, /placeholder/);

  const short = 'x7Rq2-Lm9vPz!k4W'; // 16 random characters
  await redis.cli('CONFIG', 'SET', 'requirepass', short);
  redis.setAdminAuth(short);
  const shortResults = await resultsOf('SEC-108', [withPassword(redis, short)]);
  assert.equal(statusOn(shortResults, redis.address), 'fired');
  assert.deepEqual(shortResults[0].evidence, { length: 16, placeholder: false, weak_acl_users: [] });
  assert.match(shortResults[0].message, /only 16 characters/);

  await redis.cli('CONFIG', 'SET', 'requirepass', STRONG);
  redis.setAdminAuth(STRONG);
  assert.equal(statusOn(await resultsOf('SEC-108', [withPassword(redis, STRONG)]), redis.address), 'passed');

  await redis.cli('CONFIG', 'SET', 'requirepass', '');
  redis.setAdminAuth();
  assert.equal(statusOn(await resultsOf('SEC-108', [redis.url]), redis.address), 'absent');
});
