/**
 * The only module that imports ioredis. It opens a connection that sends
 * nothing on its own (no ready check, no CLIENT SETINFO, no SELECT, no auto
 * CLIENT SETNAME, no reconnects) and executes allow-listed CommandSpecs, pipelined.
 */
import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { assertAllowed, commandStatsName, type AllowFeature } from './allow-list.js';
import { CollectError, type CollectFailure } from './errors.js';
import type { CommandSpec } from './commands.js';
import { formatEndpoint, type Endpoint } from './target-url.js';

export interface ConnectionOptions {
  endpoint: Endpoint;
  tls: boolean;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /**
   * Checks an endpoint before anything is sent and returns the address to
   * dial (the one it checked); throws a CollectError to refuse. See targets/target-policy.ts.
   */
  connectGuard?: (endpoint: Endpoint) => Promise<string>;
  /** Opt-in features whose commands this connection may send as well (allow-list.ts). */
  features?: readonly AllowFeature[];
  /**
   * Told each command the node executed for this connection, by its INFO commandstats name: the node's
   * command figures include RedisLens's own calls, and metric history takes them out (history-metrics.ts).
   */
  onCall?: (commandStatsName: string) => void;
}

export type CommandResult<T> = { ok: true; value: T } | { ok: false; failure: CollectFailure };
type Results<T extends readonly CommandSpec<unknown>[]> = {
  [K in keyof T]: CommandResult<T[K] extends CommandSpec<infer R> ? R : never>;
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET']);

/** Maps what ioredis or the socket said to a failure an operator can act on. */
export function classifyError(error: unknown, address: string, socketError?: Error): CollectFailure {
  // ioredis reports "Connection is closed." once the socket failed: the socket's own error says why.
  if (
    socketError &&
    /Connection is closed/i.test((error as Error)?.message ?? '') &&
    !/Protocol error/i.test(socketError.message)
  ) {
    return classifyError(socketError, address);
  }
  const err = error as Error & { code?: string };
  const text = err?.message ?? String(error);
  const cause = socketError && /Protocol error|Parse/i.test(socketError.message) ? socketError : undefined;
  if (cause || /Protocol error/i.test(text)) {
    return { code: 'not_redis', message: `${address} did not answer in the Redis protocol (is this a Redis port?)` };
  }
  if (/^(WRONGPASS|NOAUTH)|invalid password|invalid username-password/i.test(text)) {
    return { code: 'auth_failed', message: `authentication failed at ${address}: ${text.split('\n')[0]}` };
  }
  if (/^NOPERM/.test(text)) {
    return { code: 'command_denied', message: `the ACL user may not run this command at ${address}: ${text}` };
  }
  if (/unknown command|unknown subcommand/i.test(text)) {
    return { code: 'command_unavailable', message: `command renamed or disabled at ${address}: ${text}` };
  }
  if (/timed out|ETIMEDOUT/i.test(text) || err?.code === 'ETIMEDOUT') {
    return { code: 'timeout', message: `no answer from ${address} in time (${text})` };
  }
  if (
    /SSL|TLS|certificate|wrong version number/i.test(text) ||
    err?.code?.startsWith?.('ERR_TLS') ||
    err?.code?.startsWith?.('ERR_SSL')
  ) {
    return { code: 'tls_error', message: `TLS handshake with ${address} failed: ${text}` };
  }
  if ((err?.code && NETWORK_CODES.has(err.code)) || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(text)) {
    return { code: 'unreachable', message: `cannot connect to ${address}: ${text}` };
  }
  if (/Connection is closed|Stream isn't writeable|connection.*closed/i.test(text)) {
    const why = socketError ? `: ${socketError.message}` : '';
    return { code: 'connection_lost', message: `${address} closed the connection${why}` };
  }
  return { code: 'redis_error', message: `${address} answered an error: ${text}` };
}

export class ReadOnlyConnection {
  private lastSocketError?: Error;

  private constructor(
    private readonly client: Redis,
    readonly address: string,
    private readonly features: readonly AllowFeature[] = [],
    private readonly onCall?: (commandStatsName: string) => void
  ) {
    client.on('error', (err: Error) => {
      this.lastSocketError = err;
    });
  }

  /** Opens the TCP (or TLS) connection. Throws CollectError when the node cannot be reached. */
  static async open(options: ConnectionOptions): Promise<ReadOnlyConnection> {
    const address = formatEndpoint(options.endpoint);
    const host = options.connectGuard ? await options.connectGuard(options.endpoint) : options.endpoint.host;
    const client = new Redis({
      host,
      port: options.endpoint.port,
      // SNI takes host names only; an IP is still verified against the certificate's IP SANs.
      tls: options.tls ? (isIP(options.endpoint.host) ? {} : { servername: options.endpoint.host }) : undefined,
      lazyConnect: true,
      // ioredis would send CLIENT SETINFO LIB-NAME / LIB-VER on connect, past the allow-list: a write to the
      // connection's metadata on 7.2+, and before 7.2 two ERR replies in the target's errorstats per connection.
      disableClientInfo: true,
      enableReadyCheck: false,
      enableOfflineQueue: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: options.connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs,
    });
    const connection = new ReadOnlyConnection(client, address, options.features, options.onCall);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      const failure = classifyError(error, address, connection.lastSocketError);
      throw new CollectError(failure.code, failure.message);
    }
    return connection;
  }

  /** Sends the commands in one pipelined round trip; every reply is a result, never a throw. */
  async batch<const T extends readonly CommandSpec<unknown>[]>(specs: T): Promise<Results<T>> {
    for (const s of specs) assertAllowed(s.name, s.args, this.features);
    const pipeline = this.client.pipeline();
    for (const s of specs) pipeline.call(s.name, ...s.args);
    let replies: [Error | null, unknown][];
    try {
      replies = ((await pipeline.exec()) ?? []) as [Error | null, unknown][];
    } catch (error) {
      const failure = classifyError(error, this.address, this.lastSocketError);
      return specs.map(() => ({ ok: false, failure })) as Results<T>;
    }
    return specs.map((s, i) => {
      const [error, reply] = replies[i] ?? [new Error('Connection is closed.'), undefined];
      if (error) return { ok: false, failure: classifyError(error, this.address, this.lastSocketError) };
      this.onCall?.(commandStatsName(s.name, s.args));
      try {
        return { ok: true, value: s.parse(reply) };
      } catch (parseError) {
        return {
          ok: false,
          failure: {
            code: 'not_redis',
            message: `unexpected ${s.name} reply from ${this.address}: ${(parseError as Error).message}`,
          },
        };
      }
    }) as Results<T>;
  }

  close(): void {
    this.client.disconnect();
  }
}
