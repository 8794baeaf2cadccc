/**
 * Daily partitions of the history tables: created on demand before a write
 * (and for today and tomorrow at start-up), dropped whole by retention.
 */
import type pg from 'pg';

export const DAY_MS = 86_400_000;

/** History table -> its partition key (epoch milliseconds). */
export const PARTITIONED = { snapshots: 'collected_at', rollups: 'bucket', target_events: 'at' } as const;
export type PartitionedTable = keyof typeof PARTITIONED;

const PARTITION_LOCK = 7_245_019_333;

export class Partitions {
  /** Partitions this process has made sure of: a write to a known day costs no DDL. */
  private readonly known = new Set<string>();

  constructor(private readonly pool: pg.Pool) {}

  /** Makes sure the partitions holding these instants exist (own transaction: never inside a writer's). */
  async ensure(table: PartitionedTable, instants: number[]): Promise<void> {
    const days = [...new Set(instants.map((t) => Math.floor(t / DAY_MS)))].filter(
      (day) => !this.known.has(`${table}_d${day}`)
    );
    if (days.length === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serialised across sidecars: two creating the same partition at once would otherwise collide.
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const day of days) {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(table, day)} PARTITION OF ${table} FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`
        );
      }
      await client.query('COMMIT');
      for (const day of days) this.known.add(partitionName(table, day));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Drops every partition wholly older than `olderThan` and deletes the older
   * rows of the one it falls in; returns the rows removed.
   */
  async dropBefore(client: pg.PoolClient, table: PartitionedTable, olderThan: number): Promise<number> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass`,
      [table]
    );
    let removed = 0;
    for (const { name } of rows) {
      const day = Number(/_d(\d+)$/.exec(name)?.[1]);
      if (!Number.isFinite(day) || (day + 1) * DAY_MS > olderThan) continue;
      const { rows: counted } = await client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${name}`);
      await client.query(`DROP TABLE IF EXISTS ${name}`);
      this.known.delete(name);
      removed += counted[0].n;
    }
    const column = PARTITIONED[table];
    removed += (await client.query(`DELETE FROM ${table} WHERE ${column} < $1`, [olderThan])).rowCount ?? 0;
    return removed;
  }
}

function partitionName(table: PartitionedTable, day: number): string {
  if (!Number.isSafeInteger(day) || day < 0) throw new Error(`no partition for a time before 1970 (day ${day})`);
  return `${table}_d${day}`;
}
