/**
 * One redis-server or redis-sentinel process of the demo fleet: its own
 * folder and config file, a free loopback port, stopped and restarted on
 * the same port. Readiness is a raw RESP PING: the demo never sends the
 * fleet anything else (the sidecar does the analysing, read-only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

export type Directives = Record<string, string | number | (string | number)[]>;

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One PING; any RESP answer (+PONG, or -NOAUTH from a protected node) means the server is up. */
function answersPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(/^[+-]/.test(data.toString())));
  });
}

export class RedisNode {
  private child?: ChildProcess;
  private constructor(
    readonly kind: 'redis' | 'sentinel',
    readonly port: number,
    readonly dir: string,
    private readonly config: Directives
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.running ? this.child!.pid : undefined;
  }

  /** Starts on a free port in a new folder under root; retries when another program takes the port first. */
  static async start(root: string, name: string, kind: 'redis' | 'sentinel', config: Directives): Promise<RedisNode> {
    for (let attempt = 0; ; attempt++) {
      const node = new RedisNode(kind, await freeLoopbackPort(), join(root, name), config);
      try {
        await node.launch();
        return node;
      } catch (error) {
        if (attempt >= 3 || !/Address already in use/.test((error as Error).message)) throw error;
      }
    }
  }

  /** Starts the process (again) with the same config and port. */
  async launch(): Promise<void> {
    if (this.running) return;
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, this.kind === 'sentinel' ? 'sentinel.conf' : 'redis.conf');
    const base: Directives = {
      port: this.port,
      bind: '127.0.0.1',
      dir: this.dir,
      logfile: join(this.dir, 'server.log'),
    };
    if (this.kind === 'redis') Object.assign(base, { save: '""', appendonly: 'no' });
    // Sentinel rewrites its config file; a restart starts from the demo's plan again.
    writeFileSync(file, render({ ...base, daemonize: 'no', ...this.config }) + '\n', { mode: 0o600 });
    const binary = this.kind === 'sentinel' ? 'redis-sentinel' : 'redis-server';
    const child = spawn(binary, [file], { stdio: 'ignore' });
    this.child = child;
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) =>
        reject(new Error(`cannot start ${binary}: ${error.message} (install Redis: ./scripts/setup.sh)`))
      );
      child.once('exit', () => reject(new Error(`${binary} on port ${this.port} exited: ${this.lastLogLines()}`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + 30000;
    while (!(await Promise.race([answersPing(this.port), failed]))) {
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`${binary} on port ${this.port} did not answer PING within 30 s: ${this.lastLogLines()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Last resort from a synchronous exit handler. */
  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }

  private lastLogLines(): string {
    const log = join(this.dir, 'server.log');
    return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '(no log)';
  }
}

function render(config: Directives): string {
  return Object.entries(config)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k} ${x}`) : [`${k} ${v}`]))
    .join('\n');
}
