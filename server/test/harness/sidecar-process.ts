/**
 * A sidecar as its own process (`redislens serve`), so a test can kill -9 it;
 * plus a TCP proxy that slows a target down and a look-up of which process
 * holds a TCP connection (to kill the sidecar that is mid-analysis).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { StopWaiting, waitFor } from './redis-process.js';

const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));

export interface SidecarProcess {
  child: ChildProcess;
  url: string;
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown }
  ): Promise<{ status: number; body: any }>;
  /** kill -9: no shutdown, no job completed, connections dropped. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

export async function startSidecarProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SidecarProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--listen', '127.0.0.1:0', '--grpc-listen', '127.0.0.1:0', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const url = await waitFor('the sidecar to listen', async () => {
    if (exited()) throw new StopWaiting(`redislens serve exited: ${stderr.slice(-2000)}`);
    return /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (!exited()) child.kill(name);
    await gone;
  };
  return {
    child,
    url,
    async api(method, path, { token, body } = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // /metrics is text.
      }
      return { status: response.status, body: parsed };
    },
    kill9: () => signal('SIGKILL'),
    async stop() {
      if (exited()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await signal('SIGTERM');
      clearTimeout(timer);
    },
    log: () => stderr,
  };
}

/** A TCP proxy in front of a real redis-server that holds each reply back, so analyses through it take a while. */
export async function startDelayProxy(
  target: { host: string; port: number },
  delayMs: number
): Promise<{ port: number; server: Server; clientPorts: Set<number>; close(): Promise<void> }> {
  const clientPorts = new Set<number>();
  const server = createServer((client) => {
    const port = client.remotePort!;
    clientPorts.add(port);
    const upstream = createConnection(target);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => setTimeout(() => client.writable && client.write(d), delayMs));
    const end = () => {
      clientPorts.delete(port);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    server,
    clientPorts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The pid (of those given) that owns the loopback TCP socket bound to localPort, from /proc. */
export function pidOwningPort(localPort: number, pids: number[]): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && parseInt(fields[1].split(':')[1], 16) === localPort) inodes.add(fields[9]);
    }
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return pid;
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return undefined;
}
