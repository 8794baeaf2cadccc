/**
 * The store contract on a real PostgreSQL (a throwaway cluster for this file,
 * one database per test), plus what only PostgreSQL has: migrations under an
 * advisory lock and retention by dropping partitions.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { MIGRATIONS } from '../../store/postgres/migrations.js';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { PostgresCluster } from '../harness/postgres-cluster.js';
import { storeContract, target } from './store-contract.js';

let cluster: PostgresCluster;
const ready = PostgresCluster.start().then((c) => (cluster = c));

storeContract({
  name: 'postgres',
  create: async () => (await ready).createDatabase('contract'),
  open: async (url) => openPostgresStore(url),
  dispose: async () => undefined,
});

describe('PostgreSQL store specifics', () => {
  before(async () => void (await ready));
  after(async () => cluster?.stop());

  it('sidecars starting together migrate once (advisory lock)', async () => {
    const url = await cluster.createDatabase('migrate');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    try {
      const client = new pg.Client(url);
      await client.connect();
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      // Each version recorded once: four stores raced, one applied them all.
      assert.deepEqual(
        rows.map((r) => r.version),
        MIGRATIONS.map((_sql, i) => i + 1)
      );
      await stores[0].tenants.upsertTenant({ id: 't1', name: 'one' });
      assert.deepEqual(await stores[3].tenants.listTenants(), [{ id: 't1', name: 'one' }]);
    } finally {
      for (const store of stores) await store.close();
    }
  });

  it('history tables are partitioned by day; retention drops whole partitions', async () => {
    const url = await cluster.createDatabase('partitions');
    const store = await openPostgresStore(url);
    const client = new pg.Client(url);
    await client.connect();
    try {
      await store.tenants.upsertTenant({ id: 't1', name: 'one' });
      const t = target('t1', 'x');
      await store.targets.create(t);
      const day = 86_400_000;
      const now = Date.now();
      for (let d = 1; d <= 5; d++)
        await store.rollups.record([{ targetId: t.id, node: 'n', metric: 'm', time: now - d * day, value: d }]);
      const partitions = async () =>
        (
          await client.query<{ name: string }>(
            `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'rollups'::regclass ORDER BY 1`
          )
        ).rows.map((r) => r.name);
      const before = await partitions();
      // Today and tomorrow made at start-up, five past days on demand.
      assert.equal(before.length, 7);
      const removed = await store.prune(now - 3 * day);
      assert.ok(removed >= 2, `removed ${removed}`);
      const left = await partitions();
      const dropped = before.filter((p) => !left.includes(p));
      assert.ok(dropped.length >= 2, `whole partitions dropped: ${dropped.join(', ')}`);
      for (const name of dropped) assert.ok(Number(name.split('_d')[1]) * day < now - 3 * day);
      const series = await store.rollups.series([t.id], { metrics: ['m'], from: 0, to: now });
      assert.deepEqual(
        series.map((p) => p.last),
        [2, 1],
        'the rollups of days 3, 4 and 5 back are gone (their buckets start before the cut-off)'
      );
    } finally {
      await client.end();
      await store.close();
    }
  });
});
