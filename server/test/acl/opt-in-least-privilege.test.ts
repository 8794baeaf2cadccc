/**
 * Each opt-in feature works with the least-privilege ACL line plus exactly the extra rules it documents, and
 * INFO commandstats shows that exactly the base commands and that feature's commands reached Redis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandCalls, PLAIN_ANALYSIS_COMMANDS } from '../harness/commandstats.js';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze } from '../harness/rule-check.js';
import { FEATURE_ACL_RULES, aclRulesFor } from '../../collect/allow-list.js';
import {
  INSPECT_FEATURES,
  type InspectFeature,
  type InspectOptions,
} from '../../collect/inspection/inspect-options.js';
import { keyspaceCommands, pipe } from '../inspection/keyspace-builder.js';

const ADMIN = 'admin-password-for-the-test-only-0123456789';
const LENS = 'redislens-password-for-the-test-0123456789';
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const SECURITY = fileURLToPath(new URL('../../../docs/security.md', import.meta.url));
const ANALYZE_FORM = fileURLToPath(new URL('../../../src/pages/analyze/inspectChoices.ts', import.meta.url));

/** What each feature adds, as commandstats names it. */
const FEATURE_COMMANDS: Record<InspectFeature, string[]> = {
  clients: ['client|list'],
  keyspace: [
    'select',
    'scan',
    'type',
    'pttl',
    'object|encoding',
    'memory|usage',
    'hlen',
    'llen',
    'scard',
    'zcard',
    'xlen',
  ],
  slowlog: ['slowlog|get'],
  streams: ['select', 'scan', 'xinfo|stream', 'xinfo|groups', 'xinfo|consumers'],
  functions: ['function|list', 'function|stats'],
};

// A lone master just loaded by the test: lift the ops ceiling, and let the scan finish on a busy machine.
const optionsFor = (feature: InspectFeature): InspectOptions =>
  feature === 'keyspace'
    ? { keyspace: { enabled: true, opsCeiling: 1e9, timeBudgetMs: 600_000 } }
    : { [feature]: true };

test('README, docs/security.md and the app state the extra ACL rules of every opt-in feature', () => {
  const readme = readFileSync(README, 'utf8');
  const security = readFileSync(SECURITY, 'utf8');
  const analyzeForm = readFileSync(ANALYZE_FORM, 'utf8');
  for (const feature of INSPECT_FEATURES) {
    const line = FEATURE_ACL_RULES[feature].join(' ');
    assert.ok(readme.includes(line), `README lists ${feature}: ${line}`);
    assert.ok(security.includes(line), `docs/security.md lists ${feature}: ${line}`);
    assert.ok(analyzeForm.includes(`acl: '${line}'`), `the app's Analyze form lists ${feature}: ${line}`);
  }
});

test('each opt-in feature sends exactly its own commands, allowed by its documented ACL rules', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  t.after(() => redis.stop());
  await pipe(redis, keyspaceCommands(600), ['--pass', ADMIN, '--no-auth-warning']);
  // A consumer that read (and holds) entries, so XINFO CONSUMERS has something to answer.
  await redis.cli('XREADGROUP', 'GROUP', 'workers', 'c1', 'COUNT', '1', 'STREAMS', 'events:secretcustomer-5', '>');
  // Keys in a second database too: sampling SELECTs it.
  await redis.cli('-n', '2', 'SET', 'second:db', 'v');
  await redis.cli('FUNCTION', 'LOAD', "#!lua name=lens\nredis.register_function('one', function() return 1 end)");
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await redis.cli('SET', 'slow:secretcustomer', 'v');
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');

  for (const feature of INSPECT_FEATURES) {
    await t.test(feature, async () => {
      const user = `redislens-${feature}`;
      await redis.cli('ACL', 'SETUSER', user, 'on', `>${LENS}`, ...aclRulesFor([feature]));
      await redis.cli('CONFIG', 'RESETSTAT');
      const { fleet, seedsReachable } = await analyze([`redis://${user}:${LENS}@${redis.address}`], {
        inspect: optionsFor(feature),
      });
      assert.equal(seedsReachable, true);
      const node = fleet.nodes[0];
      assert.deepEqual(node.failures, {}, 'the base analysis lacked nothing');
      assert.deepEqual(node.inspection?.failures, {}, `${feature}: no command denied or failed`);
      if (feature === 'clients') assert.ok(node.inspection?.clients?.length, 'clients listed');
      if (feature === 'keyspace') assert.ok((node.inspection?.keyspace?.sampled ?? 0) > 600, 'keys sampled');
      if (feature === 'slowlog') assert.ok(node.inspection?.slowlog?.length, 'slow log read');
      if (feature === 'functions')
        assert.deepEqual(
          node.inspection?.functions?.map((l) => l.name),
          ['lens']
        );
      if (feature === 'streams')
        assert.ok(
          node.inspection?.streams?.some((s) => s.groups.length > 0),
          'streams'
        );

      const used = [...commandCalls(await redis.cli('INFO', 'commandstats')).keys()].filter(
        (name) => name !== 'config|resetstat'
      );
      const expected = new Set([...PLAIN_ANALYSIS_COMMANDS, ...FEATURE_COMMANDS[feature]]);
      assert.deepEqual(
        used.filter((name) => !expected.has(name)),
        [],
        `${feature}: only base and ${feature} commands reached Redis`
      );
      for (const name of FEATURE_COMMANDS[feature]) assert.ok(used.includes(name), `${feature}: ${name} was used`);
      // No error but the unauthenticated probe's NOAUTH (its question is whether the default user is open): none
      // denied by ACL, and nothing sent past the allow-list that the server refused (ioredis's own CLIENT SETINFO
      // on connect added two ERR per connection on 7.0).
      const errors = (await redis.cli('INFO', 'errorstats')).split('\n').filter((l) => l.startsWith('errorstat_'));
      assert.deepEqual(errors, ['errorstat_NOAUTH:count=1'], 'no command failed on the target but the probe');
    });
  }
});
