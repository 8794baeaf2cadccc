/** A real sidecar for tests: its own data directory and provisioning, on a free loopback port. */
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { pino } from 'pino';
import { startSidecar, DEFAULT_SIDECAR_OPTIONS, type Sidecar, type SidecarOptions } from '../../sidecar.js';
import { waitFor, WAIT_MS } from './redis-process.js';

export interface TestSidecar {
  sidecar: Sidecar;
  dataDir: string;
  provisionDir: string;
  /** Calls the REST API; returns status and parsed JSON (or text). */
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string }
  ): Promise<{ status: number; body: any; headers: Headers }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestSidecar(
  provisioning: Record<string, unknown>,
  overrides: Partial<SidecarOptions> = {}
): Promise<TestSidecar> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redislens-sidecar-'));
  const provisionDir = join(dataDir, 'provisioning');
  mkdirSync(provisionDir);
  writeFileSync(join(provisionDir, 'redislens.yaml'), stringify({ apiVersion: 1, ...provisioning }));
  const options: SidecarOptions = {
    ...DEFAULT_SIDECAR_OPTIONS,
    listen: '127.0.0.1:0',
    dataDir: join(dataDir, 'store'),
    provisionDir,
    tickMs: 200,
    // Generous: a slow reply on a loaded machine must not make a healthy node look unreachable.
    timeoutMs: 15000,
    // Analyses on the main thread unless a test asks for threads: a thread started from the TypeScript sources
    // compiles them again (seconds of CPU per sidecar). The threads have their own tests.
    analysisThreads: 0,
    logger: pino({ level: process.env.REDISLENS_TEST_LOG ?? 'silent' }),
    ...overrides,
  };
  let sidecar = await startSidecar(options);
  const harness: TestSidecar = {
    get sidecar() {
      return sidecar;
    },
    dataDir,
    provisionDir,
    async api(method, path, { token, body, raw } = {}) {
      const response = await fetch(`${sidecar.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // CSV and other text bodies stay text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async restart() {
      await sidecar.close();
      sidecar = await startSidecar(options);
    },
    async stop() {
      await sidecar.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls until the probe gives a value (false and undefined mean "not yet"). */
export function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = WAIT_MS
): Promise<T> {
  return waitFor(
    what,
    async () => {
      const value = await probe();
      return value === false ? undefined : value;
    },
    timeoutMs
  );
}
