/**
 * Which directives a Redis or Valkey release line accepts, from rules/data/config-directives.yaml
 * (generated from each release's src/config.c and redis.conf by scripts/generate-directive-tables.ts).
 * lint judges a configuration file by one of these tables.
 */
export interface DirectiveSpec {
  type: 'bool' | 'integer' | 'memory' | 'percent' | 'enum' | 'string' | 'special';
  values?: string[];
  default?: string;
}

export interface VersionTable {
  product: 'redis' | 'valkey';
  line: string;
  tag: string;
  /** Directives loadServerConfig parses itself (include, rename-command, user, ...; most of 6.2's special ones). */
  parsed_by_hand: string[];
  /** Accepted and ignored. */
  deprecated: string[];
  aliases: Record<string, string>;
  directives: Record<string, DirectiveSpec>;
}

export interface DirectiveTables {
  versions: VersionTable[];
}

/** The version a file is judged by, and whether a table covers it (false: newer than every table). */
export interface JudgedVersion {
  product: 'redis' | 'valkey';
  version: string;
  table: VersionTable;
  covered: boolean;
}

const lineNumber = (line: string) => {
  const [major, minor = '0'] = line.split('.');
  return Number(major) * 100 + Number(minor);
};

const productName = (p: 'redis' | 'valkey') => (p === 'redis' ? 'Redis' : 'Valkey');

export function describeTables(tables: DirectiveTables): string {
  return (['redis', 'valkey'] as const)
    .map(
      (p) =>
        `${productName(p)} ${tables.versions
          .filter((v) => v.product === p)
          .map((v) => v.line)
          .join(', ')}`
    )
    .join('; ');
}

/**
 * Picks the table for "7.2", "7.2.4", "redis-7.2" or "valkey-8.0" (default: the newest Redis line).
 * A version newer than every table of its product is judged by the newest one, marked not covered;
 * an older or unknown line is an error naming what RedisLens knows.
 */
export function judgeVersion(tables: DirectiveTables, requested?: string): JudgedVersion {
  const newest = (product: 'redis' | 'valkey') =>
    tables.versions.filter((v) => v.product === product).sort((a, b) => lineNumber(b.line) - lineNumber(a.line))[0];
  if (!requested) {
    const table = newest('redis');
    return { product: 'redis', version: table.line, table, covered: true };
  }
  const m = /^(?:(redis|valkey)[-\s]?)?(\d+)\.(\d+)(?:\.(\d+))?$/i.exec(requested.trim());
  if (!m) throw new Error(`--redis-version: expected a version like 7.2, 7.2.4 or valkey-8.0 (got "${requested}")`);
  const product = (m[1]?.toLowerCase() ?? 'redis') as 'redis' | 'valkey';
  const line = `${Number(m[2])}.${Number(m[3])}`;
  const version = m[4] !== undefined ? `${line}.${Number(m[4])}` : line;
  const exact = tables.versions.find((v) => v.product === product && v.line === line);
  if (exact) return { product, version, table: exact, covered: true };
  const latest = newest(product);
  if (latest && lineNumber(line) > lineNumber(latest.line)) return { product, version, table: latest, covered: false };
  throw new Error(
    `--redis-version: RedisLens has no directive table for ${productName(product)} ${line} (it knows ${describeTables(tables)})`
  );
}

/** Every name the table's release accepts in a configuration file. */
export function acceptedNames(table: VersionTable): Set<string> {
  return new Set([
    ...Object.keys(table.directives),
    ...Object.keys(table.aliases),
    ...table.parsed_by_hand,
    ...table.deprecated,
  ]);
}

export function judgedLabel(judged: JudgedVersion): string {
  return `${productName(judged.product)} ${judged.version}`;
}
