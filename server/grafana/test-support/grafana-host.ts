/**
 * Test helper that plays Grafana's go-plugin host: it starts the stub
 * executable with the environment Grafana gives a backend plugin, reads
 * and checks the handshake line, and dials the named address with the
 * project's own .proto (the way Grafana's Go client encodes by field
 * number).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { tableFromIPC, type Table } from 'apache-arrow';
import { loadProtocol } from '../proto/load-protocol.js';
import type { PluginContext } from '../proto/messages.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const STUB_DIR = join(repoRoot, 'src', 'datasource');

/** The stub Grafana would pick on this machine: gpx_<executable>_<os>_<arch>. */
export function stubPath(): string {
  const os = process.platform === 'darwin' ? 'darwin' : 'linux';
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  return join(STUB_DIR, `gpx_redislens_${os}_${arch}`);
}

/**
 * The environment go-plugin and Grafana set for a backend plugin with host
 * environment isolation: the magic cookie, protocol versions and port range
 * (go-plugin), GF_* settings (Grafana, incl. [plugin.<id>] keys), and no
 * PATH or HOME.
 */
export function grafanaPluginEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    grafana_plugin_type: 'datasource',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: '2',
    GF_VERSION: '12.3.0',
    GF_EDITION: 'Open Source',
    GF_PLUGIN_APP_URL: 'http://localhost:3000/',
    ...extra,
  };
}

export interface StartedStub {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: () => string;
  stderr: () => string;
  /** The first stdout line, without its newline. */
  handshake: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stdout and stderr are closed: what go-plugin waits for. */
  closed: Promise<void>;
}

/** `shell`, when given, runs the stub through it (e.g. ['/bin/busybox', 'sh']) instead of its #! line. */
export function startStub(env: Record<string, string>, options: { shell?: string[]; path?: string } = {}): StartedStub {
  const path = options.path ?? stubPath();
  // Grafana runs the plugin in its own working directory, not the plugin's.
  const cwd = mkdtempSync(join(tmpdir(), 'grafana-cwd-'));
  const [command, ...args] = options.shell ? [...options.shell, path] : [path];
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const handshake = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        child.stdout!.off('data', onData);
        resolve(out.slice(0, newline));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`stub exited (${code}) before its handshake; stderr: ${err}`)));
    // A bound only against a hang: starting a shell on a loaded machine can take seconds.
    setTimeout(
      () => reject(new Error(`no handshake within 60 s; stdout: ${JSON.stringify(out)} stderr: ${err}`)),
      60_000
    ).unref();
  });
  handshake.catch(() => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  );
  const closed = new Promise<void>((resolve) =>
    child.once('close', () => {
      rmSync(cwd, { recursive: true, force: true });
      resolve();
    })
  );
  return { child, stdout: () => out, stderr: () => err, handshake, exited, closed };
}

/**
 * Resolves when the stub's stdout and stderr have closed; fails with `what` if they are still open after
 * `ms`. The bound tells "closes" from "held open by a leftover child" (which sleeps for decades), so it
 * is generous rather than a speed claim.
 */
export async function closesWithin(stub: StartedStub, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still open after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([stub.closed, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses go-plugin's handshake line as its client does: exactly five fields for grpc without TLS. */
export function parseHandshake(line: string): {
  core: string;
  app: string;
  network: string;
  address: string;
  protocol: string;
} {
  const parts = line.split('|');
  if (parts.length !== 5) throw new Error(`handshake has ${parts.length} fields, expected 5: ${line}`);
  const [core, app, network, address, protocol] = parts;
  return { core, app, network, address, protocol };
}

type Unary = (request: object, callback: (error: grpc.ServiceError | null, response: any) => void) => void;

/** Clients for every service Grafana calls, over one channel. */
export function dial(address: string, options: grpc.ChannelOptions = {}) {
  const { clients } = loadProtocol();
  const credentials = grpc.credentials.createInsecure();
  const make = (ctor: grpc.ServiceClientConstructor) => new ctor(address, credentials, options);
  const data = make(clients.Data);
  const diagnostics = make(clients.Diagnostics);
  const resource = make(clients.Resource);
  const controller = make(clients.GRPCController);
  const health = make(clients.Health);
  const call = <T>(client: grpc.Client, method: string, request: object): Promise<T> =>
    new Promise((resolve, reject) =>
      (client as unknown as Record<string, Unary>)[method].call(client, request, (error, response) =>
        error ? reject(error) : resolve(response as T)
      )
    );
  return {
    queryData: (request: object) =>
      call<{ responses: Record<string, { frames: Buffer[]; error: string; status: number; errorSource: string }> }>(
        data,
        'QueryData',
        request
      ),
    checkHealth: (request: object) =>
      call<{ status: string; message: string; jsonDetails: Buffer }>(diagnostics, 'CheckHealth', request),
    collectMetrics: (request: object) =>
      call<{ metrics: { prometheus: Buffer } }>(diagnostics, 'CollectMetrics', request),
    healthCheck: (service: string) => call<{ status: string }>(health, 'Check', { service }),
    shutdown: () => call<object>(controller, 'Shutdown', {}),
    callResource: (request: object) =>
      new Promise<{ code: number; headers: Record<string, { values: string[] }>; body: Buffer; messages: number }>(
        (resolve, reject) => {
          const stream = (
            resource as unknown as { CallResource: (r: object) => grpc.ClientReadableStream<any> }
          ).CallResource(request);
          let first: { code: number; headers: Record<string, { values: string[] }> } | undefined;
          const chunks: Buffer[] = [];
          let messages = 0;
          stream.on(
            'data',
            (message: { code: number; headers: Record<string, { values: string[] }>; body: Buffer }) => {
              messages++;
              first ??= message;
              chunks.push(message.body);
            }
          );
          stream.on('error', reject);
          stream.on('end', () =>
            resolve({ code: first!.code, headers: first!.headers, body: Buffer.concat(chunks), messages })
          );
        }
      ),
    /** A raw call to any method path, e.g. an unimplemented go-plugin service. */
    rawUnary: (path: string) =>
      new Promise<void>((resolve, reject) =>
        data.makeUnaryRequest(
          path,
          (x: Buffer) => x,
          (x: Buffer) => x,
          Buffer.alloc(0),
          (error) => (error ? reject(error) : resolve())
        )
      ),
    close: () => [data, diagnostics, resource, controller, health].forEach((c) => c.close()),
  };
}

export function pluginContext(token: string | undefined, role: string | undefined, login = 'alice'): PluginContext {
  return {
    orgId: 1,
    pluginId: 'redislens-analyzer-datasource',
    user: role === undefined ? null : { login, name: login, email: `${login}@example.com`, role },
    dataSourceInstanceSettings: {
      id: 7,
      uid: 'redislens',
      name: 'RedisLens',
      url: '',
      jsonData: Buffer.from('{}'),
      decryptedSecureJsonData: token === undefined ? {} : { apiToken: token },
      lastUpdatedMS: 0,
    },
    pluginVersion: '0.1.0',
    userAgent: 'Grafana/12.3.0',
  };
}

export interface QuerySpec {
  refId: string;
  model: Record<string, unknown>;
  from: number;
  to: number;
  intervalMs?: number;
  maxDataPoints?: number;
}

/** A DataQuery as Grafana builds it: queryType copied out of the model, the model as JSON bytes. */
export function dataQuery(spec: QuerySpec) {
  return {
    refId: spec.refId,
    queryType: typeof spec.model.queryType === 'string' ? spec.model.queryType : '',
    json: Buffer.from(
      JSON.stringify({
        refId: spec.refId,
        datasource: { type: 'redislens-analyzer-datasource', uid: 'redislens' },
        ...spec.model,
      })
    ),
    intervalMS: spec.intervalMs ?? 60_000,
    maxDataPoints: spec.maxDataPoints ?? 1000,
    timeRange: { fromEpochMS: spec.from, toEpochMS: spec.to },
  };
}

export const decodeFrames = (frames: Buffer[]): Table[] => frames.map((bytes) => tableFromIPC(bytes));
