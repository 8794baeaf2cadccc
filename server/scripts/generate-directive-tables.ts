/**
 * Regenerates rules/data/config-directives.yaml (the directives each Redis / Valkey release line accepts)
 * and the stock-configuration fixtures of the noise corpus from each release's own sources at its tag:
 * src/config.c (the config table and the directives loadServerConfig handles by hand) and redis.conf.
 *
 *   cd server && npx tsx scripts/generate-directive-tables.ts --redis <redis git dir> --valkey <valkey git dir>
 *
 * The git dirs are bare clones of github.com/redis/redis and github.com/valkey-io/valkey (any clone with the
 * release tags). Only derived data is written: names, aliases, types and defaults, and each stock redis.conf's
 * active lines (comments stripped) for the lint tests; the sources themselves are not copied.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { BUILTIN_RULES_DIR } from '../rules/catalog-loader.js';

/** The release lines whose sources are reachable here, each at its latest tag. */
const RELEASES = [
  { product: 'redis', line: '6.2', tag: '6.2.16' },
  { product: 'redis', line: '7.0', tag: '7.0.15' },
  { product: 'redis', line: '7.2', tag: '7.2.6' },
  { product: 'redis', line: '7.4', tag: '7.4.1' },
  { product: 'valkey', line: '7.2', tag: '7.2.7' },
  { product: 'valkey', line: '8.0', tag: '8.0.1' },
] as const;

export interface DirectiveSpec {
  type: 'bool' | 'integer' | 'memory' | 'percent' | 'enum' | 'string' | 'special';
  values?: string[];
  default?: string;
}

/** The arguments of a C macro call starting at `open` (the index of its "("), split at top-level commas. */
function callArguments(source: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  let quoted = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      current += c;
      if (c === '\\') current += source[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    if (c === '(' || c === '{') depth++;
    if (c === ')' || c === '}') depth--;
    if (depth === 0) {
      args.push(current.trim());
      return args;
    }
    if (c === ',' && depth === 1) {
      args.push(current.trim());
      current = '';
    } else if (!(depth === 1 && c === '(' && current === '')) current += c;
  }
  throw new Error('unbalanced macro call');
}

const unquote = (arg: string): string | undefined => (/^"(.*)"$/s.exec(arg) ? arg.slice(1, -1) : undefined);

/** configEnum tables: name -> [[value text, C constant], ...]. */
function enumTables(source: string): Map<string, [string, string][]> {
  const tables = new Map<string, [string, string][]>();
  for (const m of source.matchAll(/configEnum\s+(\w+)\[\]\s*=\s*\{([\s\S]*?)\n\};/g)) {
    tables.set(
      m[1],
      [...m[2].matchAll(/\{\s*"([^"]+)"\s*,\s*([^}]+?)\s*\}/g)].map((e): [string, string] => [e[1], e[2]])
    );
  }
  return tables;
}

function directivesOf(configC: string) {
  const enums = enumTables(configC);
  const tableStart = configC.search(/standardConfig (static_)?configs\[\]\s*=\s*\{/);
  if (tableStart < 0) throw new Error('config table not found in config.c');
  const table = configC.slice(tableStart);
  const directives: Record<string, DirectiveSpec> = {};
  const aliases: Record<string, string> = {};
  for (const m of table.matchAll(/\bcreate(\w+?)Config\(/g)) {
    const kind = m[1];
    const args = callArguments(table, m.index! + m[0].length - 1);
    const name = unquote(args[0]);
    if (!name) continue;
    const alias = unquote(args[1]);
    if (alias) aliases[alias] = name;
    let spec: DirectiveSpec;
    if (kind === 'Bool') {
      spec = { type: 'bool', default: args[4] === '1' ? 'yes' : args[4] === '0' ? 'no' : undefined };
    } else if (kind === 'String' || kind === 'SDS') {
      const fallback = unquote(args[5]);
      spec = { type: 'string', ...(fallback !== undefined ? { default: fallback } : {}) };
    } else if (kind === 'Enum') {
      const values = enums.get(args[3]) ?? [];
      const fallback = values.find(([, constant]) => constant === args[5])?.[0];
      spec = { type: 'enum', values: values.map(([v]) => v), ...(fallback ? { default: fallback } : {}) };
    } else if (kind === 'Special') {
      spec = { type: 'special' };
    } else {
      // Numeric: (name, alias, flags, lower, upper, config_addr, default, INTEGER|MEMORY|PERCENT_CONFIG, ...)
      const numType = args[7] ?? '';
      const type = /MEMORY_CONFIG/.test(numType) ? 'memory' : /PERCENT_CONFIG/.test(numType) ? 'percent' : 'integer';
      spec = { type, ...(/^-?\d+$/.test(args[6] ?? '') ? { default: args[6] } : {}) };
    }
    directives[name] = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as DirectiveSpec;
  }
  // Directives loadServerConfigFromString handles itself (all of them in 6.2's hand-written branches).
  const handled = [...configC.matchAll(/strcasecmp\(argv\[0\],\s*"([a-z][a-z-]+)"\)/g)].map((m) => m[1]);
  const deprecated = [
    ...(/deprecated_configs\[\]\s*=\s*\{([\s\S]*?)\};/.exec(configC)?.[1] ?? '').matchAll(/\{\s*"([^"]+)"/g),
  ].map((m) => m[1]);
  const fileOnly = [...new Set(handled)].filter((n) => !(n in directives) && !(n in aliases) && n !== 'no').sort();
  return { directives, aliases, fileOnly, deprecated };
}

/** The active lines of a stock redis.conf: what lint must accept without an unknown directive. */
function activeLines(conf: string): string[] {
  return conf
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const { values: flags } = parseArgs({ options: { redis: { type: 'string' }, valkey: { type: 'string' } } });
if (!flags.redis || !flags.valkey) {
  console.error('usage: generate-directive-tables.ts --redis <redis git dir> --valkey <valkey git dir>');
  process.exit(2);
}
const gitDirs = { redis: flags.redis, valkey: flags.valkey };
const show = (product: 'redis' | 'valkey', tag: string, path: string) =>
  execFileSync('git', ['--git-dir', gitDirs[product], 'show', `${tag}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });

const fixtures = join(import.meta.dirname, '..', 'test', 'noise', 'stock-conf');
mkdirSync(fixtures, { recursive: true });
const versions = [];
for (const release of RELEASES) {
  const configC = show(release.product, release.tag, 'src/config.c');
  const confName = release.product === 'valkey' ? 'valkey.conf' : 'redis.conf';
  const conf = show(release.product, release.tag, confName);
  const { directives, aliases, fileOnly, deprecated } = directivesOf(configC);
  const known = new Set([...Object.keys(directives), ...Object.keys(aliases), ...fileOnly, ...deprecated]);
  const lines = activeLines(conf);
  const stray = lines.map((l) => l.split(/\s+/)[0].toLowerCase()).filter((n) => !known.has(n));
  if (stray.length)
    throw new Error(`${release.product} ${release.tag}: ${confName} uses directives config.c lacks: ${stray}`);
  versions.push({
    product: release.product,
    line: release.line,
    tag: release.tag,
    parsed_by_hand: fileOnly,
    deprecated,
    aliases: Object.fromEntries(Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))),
    directives: Object.fromEntries(Object.entries(directives).sort(([a], [b]) => a.localeCompare(b))),
  });
  writeFileSync(
    join(fixtures, `${release.product}-${release.line}.conf`),
    `# The active lines of ${confName} at ${release.product} ${release.tag} (comments stripped), generated by\n` +
      `# server/scripts/generate-directive-tables.ts. Do not edit by hand.\n${lines.join('\n')}\n`
  );
  console.log(
    `${release.product} ${release.tag}: ${Object.keys(directives).length} directives, ${lines.length} stock lines`
  );
}
const header =
  '# Directives each Redis / Valkey release line accepts, generated by server/scripts/generate-directive-tables.ts\n' +
  "# from each release's src/config.c (config table, hand-parsed and deprecated directives) at its tag, checked\n" +
  '# against its stock redis.conf. lint judges a file by one of these (--redis-version). Do not edit by hand.\n';
// YAML 1.1 output quotes yes/no/on/off, so every reader sees the strings Redis uses.
writeFileSync(
  join(BUILTIN_RULES_DIR, 'data', 'config-directives.yaml'),
  header + stringify({ versions }, { version: '1.1' })
);
