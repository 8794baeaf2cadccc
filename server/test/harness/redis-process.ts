/**
 * Real redis-server / redis-sentinel processes for tests: each on a free
 * loopback port, in its own temporary directory, killed at teardown.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const execFileAsync = promisify(execFile);

export type Directives = Record<string, string | number | (string | number)[]>;

export interface RedisProcessOptions {
  kind?: 'redis' | 'sentinel';
  /** redis.conf directives; arrays become repeated lines. */
  config?: Directives;
  /** Password the harness's own admin connection (redis-cli) must use. */
  adminPassword?: string;
  adminUser?: string;
}

const live = new Set<RedisProcess>();
process.on('exit', () => {
  for (const p of live) p.child.kill('SIGKILL');
});

function renderConfig(config: Directives): string {
  return Object.entries(config)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k} ${x}`) : [`${k} ${v}`]))
    .join('\n');
}

/**
 * How long a test waits for a condition by default. Waiting costs nothing when the condition comes
 * quickly, so this is sized for a 2-core CI machine running the whole suite next to other work.
 */
export const WAIT_MS = 120_000;

/** Thrown by a waitFor probe when waiting longer cannot help (the process exited): waitFor gives up at once. */
export class StopWaiting extends Error {}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
export { waitFor };

export class RedisProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
    readonly kind: 'redis' | 'sentinel',
    private adminAuth: string[]
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get url(): string {
    return this.kind === 'sentinel' ? `redis-sentinel://127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  static async start(options: RedisProcessOptions = {}): Promise<RedisProcess> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await RedisProcess.tryStart(options);
      } catch (error) {
        // Another test may have taken the port between freePort() and bind: try another.
        if (attempt >= 3 || !/Address already in use/.test((error as Error).message)) throw error;
      }
    }
  }

  private static async tryStart(options: RedisProcessOptions): Promise<RedisProcess> {
    const kind = options.kind ?? 'redis';
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), `redislens-${kind}-`));
    const confPath = join(dir, kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf');
    const base: Directives = { port, bind: '127.0.0.1', dir, logfile: join(dir, 'server.log'), daemonize: 'no' };
    if (kind === 'redis') Object.assign(base, { save: '""', appendonly: 'no' });
    writeFileSync(confPath, renderConfig({ ...base, ...options.config }) + '\n');
    const binary = kind === 'sentinel' ? 'redis-sentinel' : 'redis-server';
    const child = spawn(binary, [confPath], { stdio: 'ignore' });
    const adminAuth = [
      ...(options.adminUser ? ['--user', options.adminUser] : []),
      ...(options.adminPassword ? ['--pass', options.adminPassword, '--no-auth-warning'] : []),
    ];
    const proc = new RedisProcess(child, port, dir, kind, adminAuth);
    live.add(proc);
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitFor(`${binary} on port ${port}`, async () => {
        if (exited) throw new StopWaiting(`${binary} exited: ${proc.log().split('\n').slice(-5).join(' | ')}`);
        return (await proc.cli('PING')) === 'PONG' ? true : undefined;
      });
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return proc;
  }

  log(): string {
    const path = join(this.dir, 'server.log');
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  }

  /** Runs redis-cli as the test's administrator (never as the analyzer). */
  async cli(...args: (string | number)[]): Promise<string> {
    try {
      // Generous: `--cluster reshard` makes thousands of round trips, and CI runs many tests at once.
      const { stdout } = await execFileAsync(
        'redis-cli',
        ['-h', '127.0.0.1', '-p', String(this.port), ...this.adminAuth, ...args.map(String)],
        {
          timeout: 120000,
        }
      );
      return stdout.trim();
    } catch (error) {
      const { stdout, stderr, killed } = error as { stdout?: string; stderr?: string; killed?: boolean };
      const said = `${stderr ?? ''}${stdout ?? ''}`.trim().split('\n').slice(-5).join(' | ');
      throw new Error(`redis-cli ${args.join(' ')} failed${killed ? ' (timed out)' : ''}: ${said}`);
    }
  }

  setAdminAuth(password?: string, user?: string): void {
    this.adminAuth = [
      ...(user ? ['--user', user] : []),
      ...(password ? ['--pass', password, '--no-auth-warning'] : []),
    ];
  }

  /** Stops the process (SIGKILL: tests never need a graceful save) and removes its directory. */
  async stop(): Promise<void> {
    live.delete(this);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
