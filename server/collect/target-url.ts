import { isIP } from 'node:net';
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

const URL_SHAPE = /^([a-z-]+):\/\/([^/?#]+)(?:\/([^?#]*))?$/i;

/** DNS names are at most 253 characters; a longer host is a mistake or a probe. */
export const MAX_HOST_LENGTH = 253;
/** Enough for any Redis `databases` setting in practice, and a safe integer. */
export const MAX_DATABASE_INDEX = 65535;
/** Sentinel seed lists are short; a long list is a probe, not a topology. */
export const MAX_ENDPOINTS = 16;
const HOSTNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * scheme://[userinfo@]rest, with the userinfo ending at the LAST "@": a
 * password with an unencoded "@" must never leak into the host part (and
 * from there into the stored, displayed URL).
 */
export function splitUserinfo(url: string): { scheme: string; userinfo?: string; rest: string } | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (!scheme) return undefined;
  const after = url.slice(scheme[0].length);
  const at = after.lastIndexOf('@');
  return at === -1
    ? { scheme: scheme[1], rest: after }
    : { scheme: scheme[1], userinfo: after.slice(0, at), rest: after.slice(at + 1) };
}

function decode(text: string, display: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidTargetError(display, `the ${what} has invalid percent-encoding (write % as %25)`);
  }
}

export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  const ipv6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(text);
  const parts = ipv6 ? [ipv6[1], ipv6[2]] : text.split(':');
  if (parts.length > 2) throw new InvalidTargetError(text, 'write an IPv6 address in brackets: [::1]:6379');
  const [host, port] = parts as [string, string | undefined];
  const portNumber = port === undefined || port === '' ? defaultPort : /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!host || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new InvalidTargetError(text, 'expected host:port with a port between 1 and 65535');
  }
  if (host.length > MAX_HOST_LENGTH) {
    throw new InvalidTargetError(
      `${text.slice(0, 40)}...`,
      `the host name is longer than ${MAX_HOST_LENGTH} characters`
    );
  }
  if (ipv6 ? isIP(host) !== 6 : !HOSTNAME.test(host)) {
    throw new InvalidTargetError(text, 'the host must be a DNS name, an IPv4 address or an [IPv6] address');
  }
  return { host, port: portNumber };
}

export function formatEndpoint({ host, port }: Endpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function parseTargetUrl(url: string): TargetSpec {
  const display = redactUrl(url);
  if (CONTROL.test(url)) {
    throw new InvalidTargetError(display.replace(new RegExp(CONTROL, 'g'), '?'), 'control characters are not allowed');
  }
  const parts = splitUserinfo(url.trim());
  const match = parts && URL_SHAPE.exec(`${parts.scheme}://${parts.rest}`);
  if (!parts || !match) {
    throw new InvalidTargetError(
      display,
      'expected redis://[user:pass@]host:port, rediss://... or redis-sentinel://host:port[,host:port]/<master>'
    );
  }
  const [, scheme, hosts, path] = match;
  const userinfo = parts.userinfo;
  const kind = SCHEMES[scheme.toLowerCase()];
  if (!kind) throw new InvalidTargetError(display, `unknown scheme "${scheme}" (use redis, rediss or redis-sentinel)`);

  const credentials: Credentials = {};
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? '' : decode(userinfo.slice(0, colon), display, 'user name');
    const pass = decode(colon === -1 ? userinfo : userinfo.slice(colon + 1), display, 'password');
    if (user) credentials.username = user;
    if (pass) credentials.password = pass;
  }

  const defaultPort = kind.kind === 'sentinel' ? 26379 : 6379;
  const list = hosts.split(',');
  if (list.length > MAX_ENDPOINTS) throw new InvalidTargetError(display, `name at most ${MAX_ENDPOINTS} hosts`);
  const endpoints = list.map((h) => parseEndpoint(h.trim(), defaultPort));
  if (kind.kind === 'redis' && endpoints.length > 1) {
    throw new InvalidTargetError(display, 'a redis:// URL names one host; give several URLs or use redis-sentinel://');
  }
  const target: TargetSpec = { display, ...kind, credentials, endpoints };
  if (kind.kind === 'sentinel') {
    if (!path) throw new InvalidTargetError(display, 'a redis-sentinel:// URL must end with /<master-name>');
    target.masterName = decode(path, display, 'master name');
  } else if (path && !(/^\d{1,5}$/.test(path) && Number(path) <= MAX_DATABASE_INDEX)) {
    throw new InvalidTargetError(display, `"/${path.slice(0, 20)}" is not a database number (0-${MAX_DATABASE_INDEX})`);
  }
  return target;
}
