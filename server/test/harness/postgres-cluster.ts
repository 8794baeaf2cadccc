/**
 * A throwaway PostgreSQL cluster for tests: Debian's initdb / pg_ctl in a
 * temporary directory, run as the `postgres` system user (the server refuses
 * root, and CI runs as root), on a free loopback port, its unix socket in the
 * temporary directory, removed at teardown (also when the test process dies).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const execFileAsync = promisify(execFile);

/** /usr/lib/postgresql/<highest version>/bin: Debian keeps initdb and pg_ctl off the PATH. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error('PostgreSQL is not installed: scripts/setup.sh installs Debian\'s "postgresql" package');
  return join(root, versions[0], 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the postgres user when we are root; as ourselves otherwise. */
function command(tool: string, args: string[]): [string, string[]] {
  const path = join(postgresBinDir(), tool);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function run(tool: string, args: string[]): Promise<string> {
  const [file, argv] = command(tool, args);
  try {
    const { stdout } = await execFileAsync(file, argv, { timeout: 120_000 });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${`${stderr ?? ''}${stdout ?? ''}`.trim().slice(-800)}`);
  }
}

const live = new Set<PostgresCluster>();
process.on('exit', () => {
  for (const cluster of live) cluster.destroySync();
});

export class PostgresCluster {
  private databases = 0;

  private constructor(
    readonly dir: string,
    public port: number
  ) {}

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  private get logFile(): string {
    return join(this.dir, 'server.log');
  }

  /** postgres:// URL of a database in this cluster (trust authentication on loopback only). */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async start(): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'redislens-pg-'));
    const cluster = new PostgresCluster(dir, 0);
    live.add(cluster);
    try {
      if (asRoot) chownSync(dir, postgresUid(), userGroup());
      chmodSync(dir, 0o700);
      await run('initdb', [
        '-D',
        cluster.dataDir,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ]);
      for (let attempt = 0; ; attempt++) {
        try {
          cluster.port = await freePort();
          await cluster.startServer();
          return cluster;
        } catch (error) {
          // Another test may have taken the port between freePort() and bind: try another.
          if (attempt >= 3 || !/could not (create|bind)|already in use/i.test(cluster.log())) throw error;
        }
      }
    } catch (error) {
      cluster.destroySync();
      throw error;
    }
  }

  private async startServer(): Promise<void> {
    const socketDir = join(this.dir, 'socket');
    if (!existsSync(socketDir)) {
      mkdirSync(socketDir, { mode: 0o700 });
      if (asRoot) chownSync(socketDir, postgresUid(), userGroup());
    }
    const settings = [
      `-p ${this.port}`,
      `-k ${socketDir}`,
      "-c listen_addresses='127.0.0.1'",
      // Three sidecars, each with a pool and a job queue, plus the test's own connections.
      '-c max_connections=200',
      '-c shared_buffers=32MB',
      // Throwaway data: crash safety here is about killed processes (the page cache survives), not power loss.
      '-c fsync=off',
      '-c full_page_writes=off',
    ].join(' ');
    await run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', settings, '-w', '-t', '120', 'start']);
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** A fresh, empty database: one per test so tests sharing a cluster do not see each other. */
  async createDatabase(prefix = 'test'): Promise<string> {
    const name = `${prefix}_${++this.databases}`;
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** Stops the server at once, as a crash would (clients see their connections drop). */
  async kill(): Promise<void> {
    await run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** Starts the server again on the same port and data directory (after kill()). */
  async restart(): Promise<void> {
    await this.startServer();
  }

  async stop(): Promise<void> {
    live.delete(this);
    try {
      await run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running (start failed, or killed by the test): only the directory is left to remove.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** For process exit: synchronous, best effort. */
  destroySync(): void {
    live.delete(this);
    try {
      const [file, argv] = command('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
      execFileSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
    } catch {
      // Not running.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresUid(): number {
  return Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
}

function userGroup(): number {
  return asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : userInfo().gid;
}
