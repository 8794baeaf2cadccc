/** The PostgreSQL connection pool, transactions, and ? -> $n for SQL shared with the SQLite store. */
import pg from 'pg';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** int8 (BIGINT, COUNT) as a JS number: epoch milliseconds and row counts are far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format)) as never,
};

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types, application_name: 'redislens' });
  // An idle client losing its server (PostgreSQL restarted) is dropped from the pool, not fatal.
  pool.on('error', () => undefined);
  // A client checked out between queries (a transaction's work) has no pool listener: its connection ending
  // (a PostgreSQL restart) would be an uncaught error that ends the sidecar. Queries in flight still reject.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** SQLite-style ? placeholders numbered for PostgreSQL ($1, $2, ...). Only for SQL without ? in literals. */
export function numbered(sql: string, offset = 0): string {
  let n = offset;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export { json } from '../json-column.js';
