/**
 * Shared set-up of the security regression suite: a real sidecar with two
 * tenants (A and B) whose log lines are kept for inspection, and helpers to
 * wait for analyses. Each finding of issue 10 has its own test file here.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { startTestSidecar, eventually, type TestSidecar } from '../harness/sidecar-harness.js';
import type { SidecarOptions } from '../../sidecar.js';

export const A_EDITOR = 'sec-tenant-a-editor-7f3c9e1b5d2a4f60';
export const A_VIEWER = 'sec-tenant-a-viewer-1e8b7c6d5a4f3e21';
export const B_EDITOR = 'sec-tenant-b-editor-9a8b7c6d5e4f3a2b';

export const TWO_TENANTS = [
  {
    id: 'team-a',
    name: 'A',
    tokens: [
      { name: 'a-editor', token: A_EDITOR, role: 'editor' },
      { name: 'a-viewer', token: A_VIEWER, role: 'viewer' },
    ],
  },
  { id: 'team-b', name: 'B', tokens: [{ name: 'b-editor', token: B_EDITOR, role: 'editor' }] },
];

export interface LoggedSidecar extends TestSidecar {
  /** Every log line the sidecar wrote (JSON text), at debug level and above. */
  logs: string[];
  /** Log entries at error level or above. */
  errors(): { msg: string; err?: unknown }[];
}

export async function startLoggedSidecar(
  provisioning: Record<string, unknown>,
  overrides: Partial<SidecarOptions> = {}
): Promise<LoggedSidecar> {
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const sc = await startTestSidecar(provisioning, { logger, ...overrides });
  return Object.assign(sc, {
    logs,
    errors: () =>
      logs.map((l) => JSON.parse(l) as { level: number; msg: string; err?: unknown }).filter((l) => l.level >= 50),
  });
}

/** Starts an analysis of the target and waits until it is finished; returns the analysis. */
export async function analyse(sc: TestSidecar, token: string, targetId: string): Promise<any> {
  const started = await sc.api('POST', `/api/v1/targets/${targetId}/analyses`, { token });
  if (started.status !== 202)
    throw new Error(`analysis not started: ${started.status} ${JSON.stringify(started.body)}`);
  return eventually(
    `analysis ${started.body.id}`,
    async () => {
      const a = (await sc.api('GET', `/api/v1/analyses/${started.body.id}`, { token })).body;
      return a.status === 'succeeded' || a.status === 'failed' ? a : undefined;
    },
    60000
  );
}

/** A TCP listener standing in for an attacker's host: records every connection and every byte. */
export interface Listener {
  port: number;
  connections: number;
  received(): string;
  close(): Promise<void>;
}

export async function startListener(reply?: string): Promise<Listener> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', (data) => {
      chunks.push(data);
      if (reply) socket.write(reply);
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    received: () => Buffer.concat(chunks).toString('latin1'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
