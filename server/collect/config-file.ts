/**
 * Offline collection: a redis.conf file read into the same NodeSnapshot an
 * online analysis produces, plus what Redis itself would refuse at start-up
 * (unknown directives, malformed values), so `lint` runs the same rules.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfigValue, parseMemory, type ConfigMap } from './config-parser.js';
import { describeSecret, redactConfig } from './redact.js';
import type { ConfigFileFacts, NodeSnapshot } from './snapshot.js';
import { parseAclUser, type AclUserFacts } from './acl.js';
import type { CollectFailure } from './errors.js';
import { acceptedNames, judgedLabel, type DirectiveSpec, type JudgedVersion } from './directive-tables.js';

export interface DirectiveCatalog {
  defaults: Record<string, string>;
  aliases: Record<string, string>;
  file_only: string[];
}

export interface Directive {
  name: string;
  args: string[];
  line: number;
  file: string;
}

const ENUMS: Record<string, string[]> = {
  'maxmemory-policy': [
    'volatile-lru',
    'allkeys-lru',
    'volatile-lfu',
    'allkeys-lfu',
    'volatile-random',
    'allkeys-random',
    'volatile-ttl',
    'noeviction',
  ],
  appendfsync: ['always', 'everysec', 'no'],
  loglevel: ['debug', 'verbose', 'notice', 'warning', 'nothing'],
  supervised: ['upstart', 'systemd', 'auto', 'no'],
  'repl-diskless-load': ['disabled', 'on-empty-db', 'swapdb'],
};
/** Directives that may repeat, each line adding to the value. */
const REPEATABLE = new Set(['save', 'client-output-buffer-limit', 'rename-command', 'user', 'include', 'loadmodule']);

/** Splits one line the way Redis's sdssplitargs does: quotes and escapes. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (const m of line.matchAll(re)) {
    if (m[1] !== undefined)
      args.push(
        m[1]
          .replace(/\\x([0-9a-f]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16)))
          .replace(/\\(.)/g, (_x, c) => ({ n: '\n', r: '\r', t: '\t' })[c as 'n'] ?? c)
      );
    else if (m[2] !== undefined) args.push(m[2].replace(/\\'/g, "'"));
    else args.push(m[3]);
  }
  return args;
}

export function readDirectives(path: string, seen = new Set<string>()): Directive[] {
  const file = resolve(path);
  if (seen.has(file)) return [];
  seen.add(file);
  const directives: Directive[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, index) => {
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      const [name, ...args] = splitArgs(trimmed);
      const directive = { name: name.toLowerCase(), args, line: index + 1, file };
      if (directive.name === 'include' && args[0]) {
        directives.push(...readDirectives(resolve(dirname(file), args[0]), seen));
      } else directives.push(directive);
    });
  return directives;
}

/** What the release's config table says about a value, where it types the directive. */
function typedProblem(spec: DirectiveSpec, args: string[]): string | undefined {
  if (spec.type === 'enum' && spec.values?.length) {
    const wrong = args.find((a) => !spec.values!.includes(a.toLowerCase()));
    return wrong === undefined ? undefined : `"${wrong}" is not one of ${spec.values.join(', ')}`;
  }
  if (spec.type === 'bool' || spec.type === 'integer' || spec.type === 'memory' || spec.type === 'percent') {
    if (args.length !== 1) return `expects one value, got ${args.length}`;
    const value = args[0].toLowerCase();
    if (spec.type === 'bool') return ['yes', 'no'].includes(value) ? undefined : `"${args[0]}" is not yes or no`;
    const number = spec.type === 'percent' ? value.replace(/%$/, '') : value;
    if (parseMemory(number) === undefined && !/^-\d+$/.test(number)) return `"${args[0]}" is not a number`;
  }
  return undefined;
}

function valueProblem(name: string, args: string[], known: DirectiveCatalog, spec?: DirectiveSpec): string | undefined {
  if (REPEATABLE.has(name)) return undefined;
  if (spec && spec.type !== 'special' && spec.type !== 'string') return typedProblem(spec, args);
  const fallback = known.defaults[name];
  if (fallback === undefined) return undefined;
  const multiWord = fallback.includes(' ') || name === 'replicaof';
  if (!multiWord && args.length !== 1) return `expects one value, got ${args.length}`;
  const value = args.join(' ');
  if (ENUMS[name] && !ENUMS[name].includes(value.toLowerCase()))
    return `"${value}" is not one of ${ENUMS[name].join(', ')}`;
  return undefined;
}

/**
 * Reads a redis.conf (following include) into an offline NodeSnapshot, judged by one release's directive
 * table: `known` supplies the baseline values of directives the file does not set.
 */
export function snapshotFromConfigFile(path: string, known: DirectiveCatalog, judged: JudgedVersion): NodeSnapshot {
  const directives = readDirectives(path);
  const facts: ConfigFileFacts = {
    path,
    judgedBy: { product: judged.product, version: judged.version, table: judged.table.tag, covered: judged.covered },
    unknownDirectives: [],
    invalidValues: [],
  };
  const raw: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  const accepted = acceptedNames(judged.table);
  const unknown = judged.covered
    ? `${judgedLabel(judged)} does not know it and refuses to start`
    : `not known to RedisLens for ${judgedLabel(judged)} (its newest table is ${judged.table.tag})`;

  for (const d of directives) {
    const name = judged.table.aliases[d.name] ?? known.aliases[d.name] ?? d.name;
    if (!accepted.has(d.name)) {
      facts.unknownDirectives.push({ directive: d.name, line: d.line, file: d.file, problem: unknown });
      continue;
    }
    if (judged.table.deprecated.includes(d.name)) continue;
    const problem = valueProblem(name, d.args, known, judged.table.directives[name]);
    if (problem) facts.invalidValues.push({ directive: d.name, line: d.line, file: d.file, problem });
    if (REPEATABLE.has(name)) (repeated[name] ??= []).push(d.args.join(' '));
    else raw[name] = d.args.join(' ');
  }

  const config: ConfigMap = {};
  for (const [name, value] of Object.entries({ ...known.defaults, ...raw }))
    config[name] = parseConfigValue(name, value);
  if (repeated.save)
    config.save =
      repeated.save.includes('""') || repeated.save.includes('')
        ? []
        : parseConfigValue('save', repeated.save.join(' '));
  if (repeated['client-output-buffer-limit']) {
    config['client-output-buffer-limit'] = {
      ...(config['client-output-buffer-limit'] as object),
      ...(parseConfigValue('client-output-buffer-limit', repeated['client-output-buffer-limit'].join(' ')) as object),
    };
  }
  // Aliases answer too, as CONFIG GET * does online.
  for (const [alias, canonical] of Object.entries(known.aliases))
    if (canonical in config) config[alias] = config[canonical];

  const acl = aclUsersOf(path, config, repeated.user ?? []);
  const { config: redacted, secrets } = redactConfig(config);
  const replicaof = raw.replicaof;
  const [major = 0, minor = 0, patch = 0] = judged.version.split('.').map(Number);
  return {
    address: path,
    kind: 'redis',
    version: { text: judged.version, major, minor, patch },
    role: replicaof ? 'replica' : 'master',
    reachable: true,
    collectedAt: new Date().toISOString(),
    config: redacted,
    secrets,
    configFile: facts,
    ...(acl.users ? { aclUsers: acl.users } : {}),
    failures: {
      info: {
        code: 'offline',
        message: 'INFO is not available offline: lint reads a configuration file, not a running server',
      },
      ...(acl.failure ? { acl: acl.failure } : {}),
    },
  };
}

/**
 * The users Redis would start with: the aclfile's (read where lint can reach it) or the `user` lines,
 * plus the implicit default user (requirepass is its password) when none of them defines it. Clear-text
 * passwords are reduced to facts by parseAclUser and never kept.
 */
function aclUsersOf(
  path: string,
  config: ConfigMap,
  userLines: string[]
): { users?: AclUserFacts[]; failure?: CollectFailure } {
  let lines = userLines.map((l) => `user ${l}`);
  const aclfile = typeof config.aclfile === 'string' ? config.aclfile : '';
  if (aclfile !== '') {
    const candidates = [resolve(aclfile), resolve(dirname(path), aclfile)];
    const found = candidates.find((file) => {
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      const message = `the aclfile ${aclfile} could not be read here: lint judges ACL users only from a file it can read`;
      return { failure: { code: 'offline', message } };
    }
  }
  const users = lines.filter((l) => /^\s*user\s/i.test(l)).map((l) => parseAclUser(splitArgs(l.trim()).join(' ')));
  if (!users.some((u) => u.name === 'default')) {
    const password = typeof config.requirepass === 'string' ? config.requirepass : '';
    // Redis's default user: every command, key and channel; requirepass is its password.
    const implicit = parseAclUser('user default on ~* &* +@all');
    const { placeholder, length } = describeSecret(password);
    users.unshift({
      ...implicit,
      nopass: password === '',
      passwords: password === '' ? [] : [{ placeholder, length }],
    });
  }
  return { users };
}
