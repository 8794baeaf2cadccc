import { InvalidTargetError } from './errors.js';
import { redactUrl } from './redact.js';

export interface Endpoint {
  host: string;
  port: number;
}

export interface Credentials {
  username?: string;
  password?: string;
}

/** What to connect to, parsed from a target URL. */
export interface TargetSpec {
  /** The URL with any password redacted: safe to log, store and show. */
  display: string;
  kind: 'redis' | 'sentinel';
  tls: boolean;
  credentials: Credentials;
  endpoints: Endpoint[];
  /** Sentinel URLs: the monitored master to analyse. */
  masterName?: string;
}

const SCHEMES: Record<string, { kind: TargetSpec['kind']; tls: boolean }> = {
  redis: { kind: 'redis', tls: false },
  rediss: { kind: 'redis', tls: true },
  'redis-sentinel': { kind: 'sentinel', tls: false },
  'rediss-sentinel': { kind: 'sentinel', tls: true },
};

const URL_SHAPE = /^([a-z-]+):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?$/i;

export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  const ipv6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const [host, port] = ipv6 ? [ipv6[1], ipv6[2]] : (text.split(':') as [string, string | undefined]);
  const portNumber = port === undefined || port === '' ? defaultPort : Number(port);
  if (!host || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new InvalidTargetError(text, 'expected host:port with a port between 1 and 65535');
  }
  return { host, port: portNumber };
}

export function formatEndpoint({ host, port }: Endpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function parseTargetUrl(url: string): TargetSpec {
  const display = redactUrl(url);
  const match = URL_SHAPE.exec(url.trim());
  if (!match) {
    throw new InvalidTargetError(
      display,
      'expected redis://[user:pass@]host:port, rediss://... or redis-sentinel://host:port[,host:port]/<master>'
    );
  }
  const [, scheme, userinfo, hosts, path] = match;
  const kind = SCHEMES[scheme.toLowerCase()];
  if (!kind) throw new InvalidTargetError(display, `unknown scheme "${scheme}" (use redis, rediss or redis-sentinel)`);

  const credentials: Credentials = {};
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? '' : decodeURIComponent(userinfo.slice(0, colon));
    const pass = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(colon + 1));
    if (user) credentials.username = user;
    if (pass) credentials.password = pass;
  }

  const defaultPort = kind.kind === 'sentinel' ? 26379 : 6379;
  const endpoints = hosts.split(',').map((h) => parseEndpoint(h.trim(), defaultPort));
  if (kind.kind === 'redis' && endpoints.length > 1) {
    throw new InvalidTargetError(display, 'a redis:// URL names one host; give several URLs or use redis-sentinel://');
  }
  const target: TargetSpec = { display, ...kind, credentials, endpoints };
  if (kind.kind === 'sentinel') {
    if (!path) throw new InvalidTargetError(display, 'a redis-sentinel:// URL must end with /<master-name>');
    target.masterName = decodeURIComponent(path);
  } else if (path && !/^\d+$/.test(path)) {
    throw new InvalidTargetError(display, `"/${path}" is not a database number`);
  }
  return target;
}
