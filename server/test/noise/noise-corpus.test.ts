/**
 * The noise corpus: what RedisLens reports on setups an operator would call sound, kept as golden files
 * (golden/<setup>.yaml) with one line per finding saying why a senior Redis operator signs it. A rule change
 * that changes what a setup reports changes its golden file, so it shows up in review.
 *
 * Update after a deliberate change: REDISLENS_UPDATE_GOLDEN=1 node --import tsx --test test/noise/noise-corpus.test.ts
 * keeps every existing justification and marks new findings "TODO"; the test fails until each TODO is justified.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { RedisProcess } from '../harness/redis-process.js';
import { startReplicationGroup, startSentinelSet } from '../harness/topologies.js';
import { analyze } from '../harness/rule-check.js';
import { runCliJson } from '../harness/run-cli.js';
import type { Labels } from '../../rules/evaluation-context.js';
import { LEAST_PRIVILEGE_ACL_RULES } from '../../collect/allow-list.js';
import { settle } from '../harness/settle.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const GOLDEN = join(HERE, 'golden');
const UPDATE = process.env.REDISLENS_UPDATE_GOLDEN === '1';

interface GoldenFinding {
  rule: string;
  severity: string;
  target: string;
  why: string;
}
interface Golden {
  setup: string;
  findings: GoldenFinding[];
  /** Rules that could not judge this setup (labels, history): listed so a change is visible, not justified. */
  not_evaluated: string[];
}

interface Finding {
  ruleId: string;
  severity: string;
  status: string;
  target: string;
}

/** Compares the findings with the golden file (or rewrites it, keeping justifications, under UPDATE). */
function checkGolden(name: string, setup: string, findings: Finding[], names: Map<string, string>): void {
  const alias = (target: string) => names.get(target) ?? target;
  const fired = findings
    .filter((f) => f.status === 'fired')
    .map((f) => ({ rule: f.ruleId, severity: f.severity, target: alias(f.target) }))
    .sort((a, b) => a.rule.localeCompare(b.rule) || a.target.localeCompare(b.target));
  const skipped = [...new Set(findings.filter((f) => f.status === 'not_evaluated').map((f) => f.ruleId))].sort();
  const path = join(GOLDEN, `${name}.yaml`);
  const golden: Golden | undefined = existsSync(path) ? parse(readFileSync(path, 'utf8')) : undefined;
  const key = (f: { rule: string; severity: string; target: string }) => `${f.rule} ${f.severity} ${f.target}`;
  if (UPDATE) {
    const why = new Map((golden?.findings ?? []).map((f) => [key(f), f.why]));
    const next: Golden = {
      setup,
      findings: fired.map((f) => ({ ...f, why: why.get(key(f)) ?? 'TODO' })),
      not_evaluated: skipped,
    };
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, stringify(next, { lineWidth: 0 }));
    return;
  }
  assert.ok(golden, `no golden file ${path}: run with REDISLENS_UPDATE_GOLDEN=1, then justify each finding`);
  assert.deepEqual(fired.map(key), golden.findings.map(key), `${name}: findings differ from ${path}`);
  assert.deepEqual(skipped, golden.not_evaluated, `${name}: not_evaluated rules differ from ${path}`);
  for (const f of golden.findings) {
    assert.ok(f.why && f.why !== 'TODO' && f.why.length >= 20, `${name}: ${key(f)} needs a one-line justification`);
  }
}

/** Readable, port-free names for the processes of a setup. */
function namesOf(entries: [string, { address: string }[]][]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, procs] of entries) {
    procs.forEach((p, i) => names.set(p.address, procs.length === 1 ? name : `${name}-${i + 1}`));
  }
  return names;
}

function privateAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

/** Redis's own defaults for what the harness sets for isolation (port, dir and logfile stay the harness's). */
const STOCK: Record<string, string> = { bind: '* -::*', save: '3600 1 300 100 60 10000' };

describe('noise corpus', { concurrency: true }, () => {
  test('a stock redis-server with no configuration', async (t) => {
    const redis = await RedisProcess.start({ config: STOCK });
    t.after(() => redis.stop());
    const { results } = await analyze([redis.url]);
    checkGolden(
      'stock-server',
      'redis-server 7.0.15 with Redis defaults (bind * -::*, protected-mode yes, no password, save 3600 1 300 100 60 10000)',
      results,
      namesOf([['server', [redis]]])
    );
  });

  test('a replicated pair at defaults', async (t) => {
    const group = await startReplicationGroup({ replicas: 1, master: STOCK, replica: STOCK });
    t.after(() => group.stop());
    const { results } = await analyze([group.master.url]);
    const names = namesOf([
      ['master', [group.master]],
      ['replica', group.replicas],
    ]);
    checkGolden('replicated-pair', 'a master and one replica, Redis defaults otherwise', results, names);
  });

  test('a Sentinel set at defaults', async (t) => {
    const set = await startSentinelSet({ replicas: 1, sentinels: 3, master: STOCK });
    t.after(() => set.stop());
    const { results } = await analyze([set.sentinelUrl]);
    const names = namesOf([
      ['master', [set.master]],
      ['replica', set.replicas],
      ['sentinel', set.sentinels],
    ]);
    checkGolden(
      'sentinel-set',
      'a master, one replica and three Sentinels (quorum 2) on one host, defaults otherwise',
      results,
      names
    );
  });

  test('a hardened production setup gets no critical and no warning', async (t) => {
    const password = 'hardened-admin-password-0123456789-abcdef';
    const lens = 'hardened-redislens-password-0123456789-ab';
    const app = 'hardened-application-password-0123456789-x';
    const outside = privateAddress();
    const redis = await RedisProcess.start({
      config: {
        // The private interface (and loopback for local administration) where this host has one.
        bind: outside ? `127.0.0.1 ${outside}` : '127.0.0.1',
        'protected-mode': 'yes',
        requirepass: password,
        maxmemory: '256mb',
        'maxmemory-policy': 'allkeys-lru',
        appendonly: 'yes',
        appendfsync: 'everysec',
        save: '3600 1 300 100 60 10000',
        timeout: 300,
        'tcp-keepalive': 300,
        'latency-monitor-threshold': 100,
        maxclients: 1000,
        'rename-command': ['FLUSHALL ""', 'FLUSHDB ""', 'DEBUG ""'],
      },
      adminPassword: password,
    });
    t.after(() => redis.stop());
    // Applications get their own user without admin or dangerous commands; RedisLens its least-privilege user.
    await redis.cli('ACL', 'SETUSER', 'app', 'on', `>${app}`, '~*', '&*', '+@all', '-@admin', '-@dangerous');
    await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${lens}`, ...LEAST_PRIVILEGE_ACL_RULES);
    const labels: Labels = {
      environment: 'production',
      workload: 'cache',
      cpu_cores: '4',
      somaxconn: '4096',
      fd_limit: '65536',
      supervisor: 'none',
      large_keys: 'no',
      // Debian 12's 7.0.15-1~deb12u10 (the redis-server installed here) carries the fix.
      patched_cves: 'CVE-2025-49844',
    };
    await settle([redis]);
    const { results } = await analyze([`redis://redislens:${lens}@${redis.address}`], { labels });
    checkGolden(
      'hardened',
      'password and ACL users, private bind, maxmemory 256mb allkeys-lru for workload=cache, AOF everysec, RDB schedule, timeouts, latency monitor, FLUSHALL/FLUSHDB/DEBUG renamed away',
      results,
      namesOf([['server', [redis]]])
    );
    const loud = results.filter((r) => r.status === 'fired' && r.severity !== 'notice');
    assert.deepEqual(
      loud.map((r) => `${r.ruleId} ${r.severity}: ${r.message}`),
      []
    );
  });

  test("each supported release's stock redis.conf (lint)", async () => {
    const dir = join(HERE, 'stock-conf');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.conf'))) {
      const version = file.replace(/\.conf$/, '').replace(/^redis-/, '');
      const { report } = await runCliJson(['lint', join(dir, file), '--redis-version', version]);
      checkGolden(
        `lint-${file.replace(/\.conf$/, '')}`,
        `redislens lint of the stock configuration file of ${version} (--redis-version ${version})`,
        report.findings,
        new Map([[join(dir, file), 'file']])
      );
    }
  });
});
