/**
 * Where targets registered through the API may point. A tenant's editor
 * must not turn the sidecar into a port scanner or a proxy to the cloud
 * metadata service: API targets may reach only operator-allowed networks
 * and ports, never link-local/metadata addresses or the sidecar's own
 * ports, no more often than a minimum interval, and no more of them per
 * tenant than a cap. Provisioned targets are the operator's and trusted.
 *
 * The check resolves a host name once and connects to the address it
 * checked (no DNS rebinding between check and connect); a refused endpoint
 * is never probed, and refusals read the same whatever is (or is not)
 * listening there.
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import { CollectError } from '../collect/errors.js';
import { formatEndpoint, parseTargetUrl, type Endpoint } from '../collect/target-url.js';

export interface TargetPolicyOptions {
  /** CIDRs API targets may reach. */
  allowCidrs: string[];
  /** Port ranges ("6379", "1024-65535") API targets may reach. */
  allowPorts: string[];
  /** Shortest schedule interval of an API target, in seconds. */
  minIntervalSeconds: number;
  /** Most targets one tenant may have (provisioned ones count too). */
  maxTargetsPerTenant: number;
}

export const DEFAULT_TARGET_POLICY: TargetPolicyOptions = {
  // Loopback, RFC 1918 and IPv6 unique-local: where Redis fleets live.
  allowCidrs: ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7'],
  // Redis, Sentinel and Cluster ports are unprivileged; 22, 80, 443 ... are not Redis.
  allowPorts: ['1024-65535'],
  minIntervalSeconds: 30,
  maxTargetsPerTenant: 200,
};

/** Refused whatever the allow-list says: link-local (cloud metadata lives there), unspecified, multicast, broadcast. */
const ALWAYS_REFUSED = [
  '169.254.0.0/16',
  'fe80::/10',
  '0.0.0.0/8',
  '::/128',
  '224.0.0.0/4',
  '255.255.255.255/32',
  'ff00::/8',
  // Metadata endpoints outside link-local: AWS (IPv6), Alibaba, Azure wire server.
  'fd00:ec2::254/128',
  '100.100.100.200/32',
  '168.63.129.16/32',
];

export class TargetPolicyError extends Error {
  override name = 'TargetPolicyError';
}

function blockList(cidrs: readonly string[], option: string): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.trim().split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new TargetPolicyError(`${option} "${cidr}": expected a CIDR such as 10.0.0.0/8 or fd00::/8`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function portRanges(ranges: readonly string[]): [number, number][] {
  return ranges.map((range) => {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(range.trim());
    const low = Number(match?.[1]);
    const high = Number(match?.[2] ?? match?.[1]);
    if (!match || low < 1 || high > 65535 || low > high) {
      throw new TargetPolicyError(`--target-allow-port "${range}": expected a port or a range such as 1024-65535`);
    }
    return [low, high];
  });
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked as the IPv4 address it is. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export class TargetPolicy {
  private readonly allowed: BlockList;
  private readonly refused = blockList(ALWAYS_REFUSED, 'built-in');
  private readonly ports: [number, number][];
  /** The sidecar's own listening ports, filled in once its servers are bound. */
  readonly ownPorts = new Set<number>();

  constructor(
    readonly options: TargetPolicyOptions = DEFAULT_TARGET_POLICY,
    private readonly resolve: (host: string) => Promise<string[]> = async (host) =>
      (await lookup(host, { all: true, verbatim: true })).map((a) => a.address)
  ) {
    this.allowed = blockList(options.allowCidrs, '--target-allow-cidr');
    this.ports = portRanges(options.allowPorts);
    if (!Number.isInteger(options.minIntervalSeconds) || options.minIntervalSeconds < 1)
      throw new TargetPolicyError('--target-min-interval must be a whole number of seconds, at least 1');
    if (!Number.isInteger(options.maxTargetsPerTenant) || options.maxTargetsPerTenant < 1)
      throw new TargetPolicyError('--max-targets-per-tenant must be a whole number, at least 1');
  }

  private refusal(endpoint: Endpoint, why: string): TargetPolicyError {
    return new TargetPolicyError(`${formatEndpoint(endpoint)} is refused by the target policy: ${why}`);
  }

  private isLocal(address: string): boolean {
    const { address: a, family } = normalise(address);
    if (a === '0.0.0.0' || a === '::' || (family === 'ipv4' ? a.startsWith('127.') : a === '::1')) return true;
    return Object.values(networkInterfaces()).some((list) => list?.some((i) => normalise(i.address).address === a));
  }

  /**
   * Checks an endpoint and returns the address to connect to. Throws a
   * TargetPolicyError naming the policy; nothing is sent to a refused endpoint.
   */
  async check(endpoint: Endpoint): Promise<string> {
    if (!this.ports.some(([low, high]) => endpoint.port >= low && endpoint.port <= high)) {
      throw this.refusal(
        endpoint,
        `port ${endpoint.port} is not allowed (--target-allow-port: ${this.options.allowPorts.join(', ')})`
      );
    }
    let addresses: string[];
    try {
      addresses = isIP(endpoint.host) ? [endpoint.host] : await this.resolve(endpoint.host);
    } catch {
      addresses = [];
    }
    const networks = `--target-allow-cidr: ${this.options.allowCidrs.join(', ')}`;
    // Unknown host and disallowed address read alike: the answer must not map the network.
    const allowedAll =
      addresses.length > 0 &&
      addresses.every((a) => {
        const { address, family } = normalise(a);
        return !this.refused.check(address, family) && this.allowed.check(address, family);
      });
    if (!allowedAll) {
      throw this.refusal(
        endpoint,
        `it does not resolve to addresses that are all in the allowed networks (${networks}; link-local and metadata addresses are always refused)`
      );
    }
    if (this.ownPorts.has(endpoint.port) && addresses.some((a) => this.isLocal(a))) {
      throw this.refusal(endpoint, "it is one of the sidecar's own ports");
    }
    return addresses[0];
  }

  /** The connection guard for the collector: a refusal becomes the node's failure, nothing is sent. */
  readonly guard = async (endpoint: Endpoint): Promise<string> => {
    try {
      return await this.check(endpoint);
    } catch (error) {
      if (error instanceof TargetPolicyError) throw new CollectError('refused_by_policy', error.message);
      throw error;
    }
  };

  /** A target as the API would store it: its schedule and every seed endpoint. */
  async checkTarget(target: { url: string; intervalSeconds: number }): Promise<void> {
    this.checkInterval(target.intervalSeconds);
    for (const endpoint of parseTargetUrl(target.url).endpoints) await this.check(endpoint);
  }

  checkInterval(seconds: number): void {
    if (seconds < this.options.minIntervalSeconds) {
      throw new TargetPolicyError(
        `intervalSeconds ${seconds} is below the target policy's minimum of ${this.options.minIntervalSeconds} s (--target-min-interval)`
      );
    }
  }

  checkCount(existing: number): void {
    if (existing >= this.options.maxTargetsPerTenant) {
      throw new TargetPolicyError(
        `this tenant already has ${existing} targets, the target policy's maximum (--max-targets-per-tenant ${this.options.maxTargetsPerTenant})`
      );
    }
  }
}
