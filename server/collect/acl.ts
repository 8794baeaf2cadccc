/**
 * ACL users as facts: ACL LIST lines (online) or `user` lines of redis.conf and
 * ACL files (lint) reduced to what rules judge. Password hashes (#<sha256>)
 * and clear-text passwords (>pass) are turned into facts here, at the edge of
 * collection, and dropped: no snapshot, rule, store or screen ever holds one.
 */
import { createHash } from 'node:crypto';
import { describeSecret, PLACEHOLDER_SECRETS } from './redact.js';

/** What is known about one password of a user: never the password or its hash. */
export interface AclPasswordFact {
  /** A well-known placeholder (matched by its SHA-256 online, by value offline). */
  placeholder: boolean;
  /** Length in characters: only known offline, from a clear-text `>password` rule. */
  length?: number;
}

/** Commands whose grant turns a leaked password into data loss or code execution. */
export const DANGEROUS_COMMANDS = ['flushall', 'flushdb', 'debug', 'config|set', 'module|load'] as const;
type Dangerous = (typeof DANGEROUS_COMMANDS)[number];

/** Their ACL categories (COMMAND INFO, Redis 7.x); a category grant reaches them through these. */
const CATEGORIES: Record<Dangerous, readonly string[]> = {
  flushall: ['keyspace', 'write', 'slow', 'dangerous'],
  flushdb: ['keyspace', 'write', 'slow', 'dangerous'],
  debug: ['admin', 'slow', 'dangerous'],
  'config|set': ['admin', 'slow', 'dangerous'],
  'module|load': ['admin', 'slow', 'dangerous'],
};

export interface AclUserFacts {
  name: string;
  enabled: boolean;
  /** `nopass`: any password (or none) authenticates as this user. */
  nopass: boolean;
  passwords: AclPasswordFact[];
  /** Key patterns as ACL LIST writes them (~pattern, %R~pattern, %W~pattern). */
  keys: string[];
  /** Channel patterns (&pattern). */
  channels: string[];
  /** The command rules of the root permissions, e.g. "+@all -@dangerous". */
  commands: string;
  /** Redis 7 selectors, each as its own rules text. */
  selectors: string[];
  /** +@all (allcommands) with nothing taken away, and every key, in the root or one selector. */
  fullAccess: boolean;
  allCommands: boolean;
  allKeys: boolean;
  allChannels: boolean;
  /** Which of DANGEROUS_COMMANDS this user may run (root or any selector). */
  dangerous: string[];
  /** The user can run no command at all (-@all / nocommands only). */
  noCommands: boolean;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const PLACEHOLDER_HASHES = new Set(PLACEHOLDER_SECRETS.flatMap((p) => [sha256(p), sha256(p.toUpperCase())]));

/** Splits rules on spaces, keeping "( ... )" selectors whole. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (/\s/.test(ch) && depth === 0) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

interface RuleSet {
  keys: string[];
  channels: string[];
  commands: string[];
}

const COMMAND_TOKEN = /^[+-]|^(allcommands|nocommands)$/i;

function ruleSet(tokens: string[]): RuleSet {
  const set: RuleSet = { keys: [], channels: [], commands: [] };
  for (const raw of tokens) {
    const token = raw.toLowerCase();
    if (token === 'allkeys') set.keys.push('~*');
    else if (token === 'resetkeys') set.keys = [];
    else if (/^(~|%[rw]*~)/i.test(raw)) set.keys.push(raw);
    else if (token === 'allchannels') set.channels.push('&*');
    else if (token === 'resetchannels') set.channels = [];
    else if (raw.startsWith('&')) set.channels.push(raw);
    else if (COMMAND_TOKEN.test(raw)) set.commands.push(token);
  }
  return set;
}

/** Replays the command rules in order, as Redis does, for one command. */
function allows(commands: string[], command: Dangerous): boolean {
  const [name] = command.split('|');
  let allowed = false;
  for (const token of commands) {
    const grant = token === 'allcommands' || token.startsWith('+');
    const what = token === 'allcommands' ? '@all' : token === 'nocommands' ? '@all' : token.slice(1);
    const hits = what.startsWith('@')
      ? what === '@all' || CATEGORIES[command].includes(what.slice(1))
      : what === name || what === command;
    if (hits) allowed = grant;
  }
  return allowed;
}

function allCommands(commands: string[]): boolean {
  const last = Math.max(commands.lastIndexOf('+@all'), commands.lastIndexOf('allcommands'));
  return last !== -1 && !commands.slice(last + 1).some((t) => t.startsWith('-') || t === 'nocommands');
}

const allKeys = (keys: string[]) => keys.some((k) => k === '~*' || /^%(rw|wr)~\*$/i.test(k));

/**
 * Reads one user's rules ("user NAME rules..." from ACL LIST or a config
 * file, or NAME and rules). Secrets become facts and are not kept.
 */
export function parseAclUser(line: string): AclUserFacts {
  const tokens = tokenize(line.trim());
  if (tokens[0]?.toLowerCase() === 'user') tokens.shift();
  const name = tokens.shift() ?? '';
  let enabled = false;
  let nopass = false;
  let passwords: AclPasswordFact[] = [];
  const rootTokens: string[] = [];
  const selectorTokens: string[][] = [];
  for (const raw of tokens) {
    const token = raw.toLowerCase();
    if (token === 'on') enabled = true;
    else if (token === 'off') enabled = false;
    else if (token === 'nopass') {
      nopass = true;
      passwords = [];
    } else if (token === 'resetpass') {
      nopass = false;
      passwords = [];
    } else if (token === 'reset') {
      enabled = false;
      nopass = false;
      passwords = [];
      rootTokens.length = 0;
      selectorTokens.length = 0;
      rootTokens.push('resetkeys', 'resetchannels', '-@all');
    } else if (raw.startsWith('#')) {
      nopass = false;
      passwords.push({ placeholder: PLACEHOLDER_HASHES.has(raw.slice(1).toLowerCase()) });
    } else if (raw.startsWith('>')) {
      nopass = false;
      const { placeholder, length } = describeSecret(raw.slice(1));
      passwords.push({ placeholder, length });
    } else if (raw.startsWith('<') || raw.startsWith('!')) {
      // Removes one password; which one cannot be told from a hash, so the count is what drops.
      passwords.pop();
    } else if (raw.startsWith('(') && raw.endsWith(')')) selectorTokens.push(tokenize(raw.slice(1, -1)));
    else if (token === 'clearselectors') selectorTokens.length = 0;
    else rootTokens.push(raw);
  }
  const root = ruleSet(rootTokens);
  const selectors = selectorTokens.map(ruleSet);
  const sets = [root, ...selectors];
  const full = (s: RuleSet) => allCommands(s.commands) && allKeys(s.keys);
  return {
    name,
    enabled,
    nopass,
    passwords,
    keys: root.keys,
    channels: root.channels,
    commands: root.commands.join(' '),
    selectors: selectors.map((s) => [...s.keys, ...s.channels, ...s.commands].join(' ')),
    fullAccess: sets.some(full),
    allCommands: sets.some((s) => allCommands(s.commands)),
    allKeys: sets.some((s) => allKeys(s.keys)),
    allChannels: sets.some((s) => s.channels.includes('&*')),
    dangerous: DANGEROUS_COMMANDS.filter((c) => sets.some((s) => allows(s.commands, c))).map((c) =>
      c.toUpperCase().replace('|', ' ')
    ),
    noCommands: sets.every((s) => !s.commands.some((t) => t.startsWith('+') || t === 'allcommands')),
  };
}

/** ACL LIST answers one "user ..." line per user. */
export function parseAclList(lines: readonly string[]): AclUserFacts[] {
  return lines.filter((l) => /^user\s/i.test(l.trim())).map(parseAclUser);
}

/** What ACL LOG may tell: counts by reason and by user name, nothing about the object or the client. */
export interface AclLogFacts {
  /** Sum of the entries' counts (ACL LOG keeps at most acllog-max-len entries). */
  total: number;
  byReason: Record<string, number>;
  /** Only names of existing users; any other name (a mistyped one, or a password sent as a name) is "<other>". */
  byUsername: Record<string, number>;
}

export const OTHER_USER = '<other>';

/**
 * Reduces ACL LOG entries to counts. `known` are the existing user names: a
 * name that is not one of them is never kept, since clients that swap AUTH's
 * arguments put a password there.
 */
export function summarizeAclLog(entries: readonly Record<string, unknown>[], known?: ReadonlySet<string>): AclLogFacts {
  const facts: AclLogFacts = { total: 0, byReason: {}, byUsername: {} };
  for (const entry of entries) {
    const count = Number(entry.count) || 1;
    const reason = String(entry.reason ?? 'unknown');
    const user = String(entry.username ?? '');
    const shown = known?.has(user) ? user : OTHER_USER;
    facts.total += count;
    facts.byReason[reason] = (facts.byReason[reason] ?? 0) + count;
    facts.byUsername[shown] = (facts.byUsername[shown] ?? 0) + count;
  }
  return facts;
}

/** ACL LOG's RESP2 reply: a list of flat [field, value, ...] arrays; only reason, username and count are read. */
export function aclLogEntries(reply: unknown): Record<string, unknown>[] {
  return (reply as unknown[]).map((entry) => {
    const flat = entry as unknown[];
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const field = String(flat[i]);
      if (field === 'reason' || field === 'username' || field === 'count') out[field] = String(flat[i + 1]);
    }
    return out;
  });
}
