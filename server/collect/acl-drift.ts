/**
 * ACL drift: the running users (ACL LIST) against the ACL file the operator's config management deploys
 * (`analyze --acl-file`). The comparison is semantic: each side's rules are replayed, as acl.c does
 * (ACLSetUser / ACLSetSelector of Redis 6.2, 7.0 and 7.2), over the target's own command table (COMMAND INFO),
 * and the resulting users are compared: the same grants written differently (allkeys and ~*, allcommands and
 * +@all, flag order, >password and #hash, reset prefixes, redundant rules, 6.2's bitmap re-description) are
 * no drift.
 *
 * Passwords: the file's >clear-text is hashed (SHA-256, as Redis does) when the file is read, and the hashes
 * of both sides are compared here, in collect/, while both are at hand. Only the boolean "the passwords
 * differ" leaves this module: no password, no hash, nothing derived from one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CommandSpec } from './commands.js';
import type { AclDriftFacts, AclDriftUser, DriftPart } from './snapshot.js';

export type { AclDriftFacts, AclDriftUser, DriftPart };

/** The ACL categories of Redis 6.2 to 7.2 (ACLCommandCategories in acl.c). */
const KNOWN_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

// ---------------------------------------------------------------------------------------------------------
// The command table (COMMAND INFO on 7.0+, COMMAND on 6.2).

interface CommandEntry {
  name: string;
  categories: ReadonlySet<string>;
  module: boolean;
  /** 7.0+: full names ("config|get"). */
  subcommands: string[];
  parent?: string;
}

export interface CommandTable {
  major: number;
  minor: number;
  /** Top-level commands and (7.0+) subcommands by lower-case full name. */
  entries: Map<string, CommandEntry>;
  categories: ReadonlySet<string>;
}

const text = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));

/** COMMAND / COMMAND INFO replies: [name, arity, flags, first, last, step, categories, tips, keyspecs, subcommands]. */
export function parseCommandTable(reply: unknown, major: number, minor: number): CommandTable {
  const entries = new Map<string, CommandEntry>();
  const add = (raw: unknown, parent?: string) => {
    if (!Array.isArray(raw)) return;
    const name = text(raw[0]).toLowerCase();
    const flags = Array.isArray(raw[2]) ? raw[2].map((f) => text(f).toLowerCase()) : [];
    const categories = Array.isArray(raw[6]) ? raw[6].map((c) => text(c).toLowerCase().replace(/^@/, '')) : [];
    const subs = major >= 7 && Array.isArray(raw[9]) ? raw[9] : [];
    entries.set(name, {
      name,
      categories: new Set(categories),
      module: flags.includes('module'),
      subcommands: subs.map((s) => (Array.isArray(s) ? text(s[0]).toLowerCase() : '')).filter(Boolean),
      ...(parent ? { parent } : {}),
    });
    for (const sub of subs) add(sub, name);
  };
  for (const raw of (reply as unknown[]) ?? []) add(raw);
  const categories = new Set(KNOWN_CATEGORIES);
  for (const e of entries.values()) for (const c of e.categories) categories.add(c);
  return { major, minor, entries, categories };
}

/** The whole table: COMMAND INFO without names on 7.0+ (+command|info); 6.2 answers that empty, COMMAND (+command). */
export const commandTableSpec = (major: number, minor: number): CommandSpec<CommandTable> =>
  major >= 7
    ? { name: 'COMMAND', args: ['INFO'], parse: (r) => parseCommandTable(r, major, minor) }
    : { name: 'COMMAND', args: [], parse: (r) => parseCommandTable(r, major, minor) };

// ---------------------------------------------------------------------------------------------------------
// Rules as operations; passwords already hashed.

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

type Op =
  | { kind: 'rule'; rule: string }
  | { kind: 'addpass'; hash: string }
  | { kind: 'delpass'; hash: string }
  | { kind: 'selector'; ops: Op[] };

/** A rule that cannot apply: `unknown` names a command or category this table lacks (acl.c's ENOENT). */
class RuleError extends Error {
  constructor(
    message: string,
    readonly unknown?: string
  ) {
    super(message);
  }
}

const HASH = /^[0-9a-f]{64}$/;

/** A token as an error may show it: never a password or a hash. */
const shown = (token: string) => (/^[<>#!]/.test(token) ? `${token[0]}...` : token);

function toOp(token: string): Op {
  const first = token[0];
  if (first === '>' || first === '<')
    return { kind: first === '>' ? 'addpass' : 'delpass', hash: sha256(token.slice(1)) };
  if (first === '#' || first === '!') {
    const hash = token.slice(1);
    if (!HASH.test(hash))
      throw new RuleError(`${first}<hash>: the password hash must be exactly 64 lower-case hexadecimal characters`);
    return { kind: first === '#' ? 'addpass' : 'delpass', hash };
  }
  if (first === '(' && token.endsWith(')'))
    return { kind: 'selector', ops: splitRules(token.slice(1, -1)).map((t) => ({ kind: 'rule', rule: t })) };
  return { kind: 'rule', rule: token };
}

function splitRules(line: string): string[] {
  return line
    .split(' ')
    .map((t) => t.replace(/^[\t\r\n]+|[\t\r\n]+$/g, ''))
    .filter(Boolean);
}

/** ACLMergeSelectorArguments: "(~a" "+get)" become one "(~a +get)"; an unclosed "(" is an error. */
function mergeSelectors(tokens: string[]): string[] {
  const out: string[] = [];
  let open: string | undefined;
  for (const token of tokens) {
    if (open !== undefined) {
      open += ` ${token}`;
      if (token.endsWith(')')) {
        out.push(open);
        open = undefined;
      }
    } else if (token.startsWith('(') && !token.endsWith(')')) open = token;
    else out.push(token);
  }
  if (open !== undefined) throw new RuleError('unmatched parenthesis in a selector');
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The replay (acl.c).

interface Selector {
  allKeys: boolean;
  /** pattern -> permission bits (1 read, 2 write). */
  keys: Map<string, number>;
  allChannels: boolean;
  channels: Set<string>;
  commands: Set<string>;
  firstArgs: Map<string, Set<string>>;
}

interface UserState {
  enabled: boolean;
  nopass: boolean;
  passwords: Set<string>;
  skipSanitize: boolean;
  root: Selector;
  selectors: Selector[];
}

interface Replay {
  /** Without a table, command rules are only checked for shape (reading the file). */
  table?: CommandTable;
  major: number;
  minor: number;
  pubsubAll: boolean;
  /** Reading the file: refuse a category no Redis knows even without a table. */
  strict?: boolean;
}

const newSelector = (pubsubAll: boolean): Selector => ({
  allKeys: false,
  keys: new Map(),
  allChannels: pubsubAll,
  channels: new Set(),
  commands: new Set(),
  firstArgs: new Map(),
});

const newUser = (pubsubAll: boolean): UserState => ({
  enabled: false,
  nopass: false,
  passwords: new Set(),
  skipSanitize: false,
  root: newSelector(pubsubAll),
  selectors: [],
});

function lookup(table: CommandTable, name: string): CommandEntry {
  const entry = table.entries.get(name.toLowerCase());
  if (!entry) throw new RuleError(`unknown command "${name}"`, name.toLowerCase());
  return entry;
}

function changePerm(s: Selector, entry: CommandEntry, allow: boolean) {
  const set = (id: string) => (allow ? s.commands.add(id) : s.commands.delete(id));
  set(entry.name);
  s.firstArgs.delete(entry.name);
  for (const sub of entry.subcommands) set(sub);
}

function applySelectorRule(s: Selector, rule: string, r: Replay) {
  const lower = rule.toLowerCase();
  if (lower === 'allkeys' || lower === '~*') {
    s.allKeys = true;
    s.keys.clear();
  } else if (lower === 'resetkeys') {
    s.allKeys = false;
    s.keys.clear();
  } else if (lower === 'allchannels' || lower === '&*') {
    s.allChannels = true;
    s.channels.clear();
  } else if (lower === 'resetchannels') {
    s.allChannels = false;
    s.channels.clear();
  } else if (lower === 'allcommands' || lower === '+@all') {
    s.commands = new Set(r.table?.entries.keys() ?? []);
    s.firstArgs.clear();
  } else if (lower === 'nocommands' || lower === '-@all') {
    s.commands.clear();
    s.firstArgs.clear();
  } else if (rule[0] === '~' || (rule[0] === '%' && r.major >= 7)) {
    if (s.allKeys) throw new RuleError(`${rule}: a key pattern after ~* (allkeys) is refused; use resetkeys first`);
    let flags = 3;
    let pattern = rule.slice(1);
    if (rule[0] === '%') {
      const m = /^%([RW]{1,2})~(.*)$/i.exec(rule);
      if (!m || /(.).*\1/i.test(m[1])) throw new RuleError(`${rule}: not a key permission (%R~, %W~ or %RW~)`);
      flags = (/r/i.test(m[1]) ? 1 : 0) | (/w/i.test(m[1]) ? 2 : 0);
      pattern = m[2];
    }
    s.keys.set(pattern, (s.keys.get(pattern) ?? 0) | flags);
    s.allKeys = false;
  } else if (rule[0] === '&') {
    if (s.allChannels)
      throw new RuleError(`${rule}: a channel pattern after &* (allchannels) is refused; use resetchannels first`);
    s.channels.add(rule.slice(1));
    s.allChannels = false;
  } else if ((rule[0] === '+' || rule[0] === '-') && rule[1] === '@') {
    const category = lower.slice(2);
    const known = r.table ? r.table.categories.has(category) : !r.strict || KNOWN_CATEGORIES.includes(category);
    if (!known) throw new RuleError(`unknown category "@${category}"`, `@${category}`);
    if (!r.table) return;
    // 7.0 and 7.1 (like 6.2) leave module commands out of category rules; 7.2 does not.
    const skipModules = r.major < 7 || (r.major === 7 && r.minor < 2);
    for (const entry of r.table.entries.values())
      if (entry.categories.has(category) && !(skipModules && entry.module)) changePerm(s, entry, rule[0] === '+');
  } else if (rule[0] === '+' || rule[0] === '-') {
    const name = lower.slice(1);
    if (!name) throw new RuleError(`${rule}: no command named`);
    const bar = r.major >= 7 ? name.lastIndexOf('|') : name.indexOf('|');
    if (!r.table) {
      if (bar === name.length - 1) throw new RuleError(`${rule}: the subcommand is empty`);
      return;
    }
    if (rule[0] === '-' || bar === -1) {
      // 6.2 knows no "cmd|sub" command; 7.0 finds subcommands by full name, never a first argument.
      if (bar !== -1 && r.major < 7) throw new RuleError(`unknown command "${name}"`, name);
      changePerm(s, lookup(r.table, name), rule[0] === '+');
      return;
    }
    const base = lookup(r.table, name.slice(0, bar));
    const sub = name.slice(bar + 1);
    if (base.parent) throw new RuleError(`${rule}: a first argument of a subcommand cannot be allowed`);
    if (!sub) throw new RuleError(`${rule}: the subcommand is empty`);
    if (base.subcommands.length > 0) changePerm(s, lookup(r.table, name), true);
    else if (!s.commands.has(base.name) || r.major >= 7) {
      // 6.2 adds it only while the command itself is not allowed; 7.0 always records it.
      const args = s.firstArgs.get(base.name) ?? new Set<string>();
      args.add(sub);
      s.firstArgs.set(base.name, args);
    }
  } else throw new RuleError(`unknown ACL rule "${shown(rule)}"`);
}

function applyOp(u: UserState, op: Op, r: Replay) {
  if (op.kind === 'addpass') {
    u.passwords.add(op.hash);
    u.nopass = false;
    return;
  }
  if (op.kind === 'delpass') {
    if (!u.passwords.delete(op.hash)) throw new RuleError('removes a password the user does not have');
    return;
  }
  if (op.kind === 'selector') {
    if (r.major < 7) throw new RuleError('selectors "(...)" need Redis 7.0');
    const s = newSelector(r.pubsubAll);
    for (const inner of op.ops) if (inner.kind === 'rule') applySelectorRule(s, inner.rule, r);
    u.selectors.push(s);
    return;
  }
  const lower = op.rule.toLowerCase();
  if (lower === 'on') u.enabled = true;
  else if (lower === 'off') u.enabled = false;
  else if (lower === 'skip-sanitize-payload') u.skipSanitize = true;
  else if (lower === 'sanitize-payload') u.skipSanitize = false;
  else if (lower === 'nopass') {
    u.nopass = true;
    u.passwords.clear();
  } else if (lower === 'resetpass') {
    u.nopass = false;
    u.passwords.clear();
  } else if (lower === 'clearselectors' && r.major >= 7) u.selectors = [];
  else if (lower === 'reset') {
    u.nopass = false;
    u.passwords.clear();
    applySelectorRule(u.root, 'resetkeys', r);
    applySelectorRule(u.root, 'resetchannels', r);
    if (r.pubsubAll) applySelectorRule(u.root, 'allchannels', r);
    u.enabled = false;
    u.skipSanitize = false;
    u.selectors = [];
    applySelectorRule(u.root, '-@all', r);
  } else applySelectorRule(u.root, op.rule, r);
}

function replay(ops: readonly Op[], r: Replay, start: UserState = newUser(r.pubsubAll)): UserState {
  for (const op of ops) applyOp(start, op, r);
  return start;
}

/** What ACL LOAD makes of "default" when the file has no line for it (ACLCreateDefaultUser). */
const IMPLICIT_DEFAULT: Op[] = ['+@all', '~*', '&*', 'on', 'nopass'].map((rule) => ({ kind: 'rule', rule }));

// ---------------------------------------------------------------------------------------------------------
// The operator's file.

/** A file that cannot be used: always "file:line: what". */
export class AclFileError extends Error {
  override name = 'AclFileError';
}

interface FileUser {
  name: string;
  line: number;
  ops: Op[];
}

/**
 * An ACL file read for comparison. Its clear-text passwords are hashed on reading and the hashes are kept in a
 * private field: JSON, logs and inspection see the path and the user names only.
 */
export class AclFile {
  readonly #users: FileUser[];
  constructor(
    readonly path: string,
    users: FileUser[]
  ) {
    this.#users = users;
  }
  get userNames(): string[] {
    return this.#users.map((u) => u.name);
  }
  /** @internal for compareAclDrift */
  users(): readonly FileUser[] {
    return this.#users;
  }
  toJSON() {
    return { path: this.path, users: this.userNames };
  }
}

/** Parses an ACL file as ACLLoadFromFile does (lines of "user <name> rules...", no comments). */
export function parseAclFile(path: string, content: string): AclFile {
  const users: FileUser[] = [];
  const lines = new Map<string, number>();
  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (!trimmed) return;
    const fail = (what: string): never => {
      throw new AclFileError(`${path}:${line}: ${what}`);
    };
    const tokens = trimmed.split(' ').filter(Boolean);
    if (tokens[0] !== 'user' || tokens.length < 2)
      fail(
        `a line must be "user <name> <rules...>"${trimmed.startsWith('#') ? ' (Redis reads no comments in an ACL file)' : ''}`
      );
    const name = tokens[1];
    const first = lines.get(name);
    if (first !== undefined) fail(`user "${name}" is already defined on line ${first} (Redis refuses the file)`);
    lines.set(name, line);
    let ops: Op[] = [];
    try {
      ops = mergeSelectors(splitRules(tokens.slice(2).join(' '))).map(toOp);
      // Shape only: commands and categories are checked against the server's own table later.
      replay(ops, { major: 7, minor: 2, pubsubAll: false, strict: true });
    } catch (error) {
      fail(`user "${name}": ${(error as Error).message}`);
    }
    users.push({ name, line, ops });
  });
  return new AclFile(path, users);
}

export function readAclFile(path: string): AclFile {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AclFileError(
      `${path}: cannot read the ACL file: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`
    );
  }
  return parseAclFile(path, content);
}

// ---------------------------------------------------------------------------------------------------------
// The comparison.

/** ACL LIST as lines, for the comparison only: its hashes never leave this module. */
export const aclListLinesSpec = (): CommandSpec<string[]> => ({
  name: 'ACL',
  args: ['LIST'],
  parse: (r) => (r as unknown[]).map(text),
});

interface ServerUser {
  name: string;
  ops: Op[];
}

function parseServerLines(lines: readonly string[]): ServerUser[] {
  return lines
    .map((l) => l.trim())
    .filter((l) => /^user\s/.test(l))
    .map((l) => {
      const tokens = splitRules(l);
      return { name: tokens[1], ops: mergeSelectors(tokens.slice(2)).map(toOp) };
    });
}

const MAX_NAMES = 8;
function names(list: string[]): string {
  const sorted = [...list].sort();
  return sorted.length > MAX_NAMES
    ? `${sorted.slice(0, MAX_NAMES).join(', ')} and ${sorted.length - MAX_NAMES} more`
    : sorted.join(', ');
}

/** Command ids as a person reads them: a container whose every subcommand is listed stands for them. */
function commandNames(ids: Set<string>, table: CommandTable): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const entry = table.entries.get(id);
    if (entry?.parent && ids.has(entry.parent)) {
      const parent = table.entries.get(entry.parent)!;
      if (parent.subcommands.every((s) => ids.has(s))) continue;
    }
    out.push(id);
  }
  return out;
}

/** Key permissions after normalisation: "*" for a permission covers every other pattern of that permission. */
function keyMap(s: Selector): Map<string, number> {
  if (s.allKeys) return new Map([['*', 3]]);
  const star = s.keys.get('*') ?? 0;
  const out = new Map<string, number>();
  for (const [pattern, flags] of s.keys) {
    const f = pattern === '*' ? flags : flags & ~star;
    if (f) out.set(pattern, f);
  }
  return out;
}

const keyText = (pattern: string, flags: number) =>
  flags === 3 ? `~${pattern}` : flags === 1 ? `%R~${pattern}` : `%W~${pattern}`;

/** What `a` grants that `b` does not, as key rules. */
function keyExtra(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [pattern, flags] of a) {
    const extra = flags & ~(b.get(pattern) ?? 0);
    if (extra) out.push(keyText(pattern, extra));
  }
  return out;
}

/** Of `a`'s extra keys, those `b`'s "*" does not already cover. */
function keyMore(a: Map<string, number>, b: Map<string, number>): boolean {
  const star = b.get('*') ?? 0;
  for (const [pattern, flags] of a) if (flags & ~(b.get(pattern) ?? 0) & ~star) return true;
  return false;
}

const channelSet = (s: Selector): Set<string> => (s.allChannels || s.channels.has('*') ? new Set(['*']) : s.channels);

function firstArgText(s: Selector, id: string): string[] {
  return [...(s.firstArgs.get(id) ?? [])].map((a) => `${id}|${a}`);
}

interface Difference {
  part: DriftPart;
  detail: string;
  more: boolean;
}

const sides = (a: string[], b: string[], what: string): string =>
  [a.length ? `server ${what} ${names(a)}` : '', b.length ? `file ${what} ${names(b)}` : ''].filter(Boolean).join('; ');

function compareCommands(server: Selector, file: Selector, table: CommandTable, where: string): Difference[] {
  const serverOnly = new Set([...server.commands].filter((c) => !file.commands.has(c)));
  const fileOnly = new Set([...file.commands].filter((c) => !server.commands.has(c)));
  const argsServer: string[] = [];
  const argsFile: string[] = [];
  for (const id of new Set([...server.firstArgs.keys(), ...file.firstArgs.keys()])) {
    if (server.commands.has(id) && file.commands.has(id)) continue;
    if (!server.commands.has(id))
      argsServer.push(...firstArgText(server, id).filter((a) => !file.firstArgs.get(id)?.has(a.split('|')[1])));
    if (!file.commands.has(id))
      argsFile.push(...firstArgText(file, id).filter((a) => !server.firstArgs.get(id)?.has(a.split('|')[1])));
  }
  const a = [...commandNames(serverOnly, table), ...argsServer];
  const b = [...commandNames(fileOnly, table), ...argsFile];
  if (!a.length && !b.length) return [];
  return [{ part: 'commands', detail: `commands${where}: ${sides(a, b, 'alone allows')}`, more: a.length > 0 }];
}

function compareSelector(server: Selector, file: Selector, table: CommandTable | undefined, where: string) {
  const out: Difference[] = [];
  const sk = keyMap(server);
  const fk = keyMap(file);
  const ka = keyExtra(sk, fk);
  const kb = keyExtra(fk, sk);
  if (ka.length || kb.length)
    out.push({ part: 'keys', detail: `keys${where}: ${sides(ka, kb, 'alone grants')}`, more: keyMore(sk, fk) });
  const sc = channelSet(server);
  const fc = channelSet(file);
  const ca = [...sc].filter((c) => !fc.has(c) && !fc.has('*')).map((c) => `&${c}`);
  const cb = [...fc].filter((c) => !sc.has(c) && !sc.has('*')).map((c) => `&${c}`);
  if (sc.has('*') !== fc.has('*')) (sc.has('*') ? ca : cb).unshift('&*');
  if (ca.length || cb.length)
    out.push({ part: 'channels', detail: `channels${where}: ${sides(ca, cb, 'alone grants')}`, more: ca.length > 0 });
  if (table) out.push(...compareCommands(server, file, table, where));
  return out;
}

/** A selector as one comparable string of its effective permissions. */
function selectorKey(s: Selector): string {
  const keys = [...keyMap(s)].map(([p, f]) => keyText(p, f)).sort();
  const channels = [...channelSet(s)].sort();
  const commands = [...s.commands].sort();
  const args = [...s.firstArgs].flatMap(([id]) => (s.commands.has(id) ? [] : firstArgText(s, id))).sort();
  return JSON.stringify([keys, channels, commands, args]);
}

export interface DriftInput {
  file: AclFile;
  aclList: readonly string[];
  /** Absent when COMMAND INFO failed: commands are then not compared, with this reason. */
  table?: CommandTable;
  tableUnavailable?: string;
  major: number;
  minor: number;
  /** CONFIG GET acl-pubsub-default; unknown when CONFIG failed. */
  pubsubDefault?: string;
}

type Replayed = { user: UserState } | { unknown: string } | { error: string };

function tryReplay(ops: readonly Op[], r: Replay): Replayed {
  try {
    return { user: replay(ops, r) };
  } catch (error) {
    if (error instanceof RuleError && error.unknown) return { unknown: error.unknown };
    return { error: (error as Error).message };
  }
}

/**
 * Compares every user of the file with the running one. With the table, commands are replayed on it; a name
 * the table lacks (a typo, which makes ACL LOAD refuse the file, or a command renamed with rename-command)
 * leaves that user's commands not_evaluated rather than guessed.
 */
export function compareAclDrift(input: DriftInput): AclDriftFacts {
  const server = parseServerLines(input.aclList);
  const fileUsers = new Map(input.file.users().map((u) => [u.name, u]));
  const serverUsers = new Map(server.map((u) => [u.name, u]));
  const pubsub =
    input.pubsubDefault === 'allchannels' ? [true] : input.pubsubDefault === 'resetchannels' ? [false] : [false, true];
  const base = { table: input.table, major: input.major, minor: input.minor };
  const result: AclDriftUser[] = [];
  const allNames = new Set([...serverUsers.keys(), ...fileUsers.keys(), 'default']);

  for (const name of [...allNames].sort()) {
    const s = serverUsers.get(name);
    const f = fileUsers.get(name);
    const fileOps = f?.ops ?? (name === 'default' ? IMPLICIT_DEFAULT : undefined);
    if (!s && !fileOps) continue;
    if (!s || !fileOps) {
      const only = s ? 'server' : 'file';
      const enabled = s ? tryReplay(s.ops, { ...base, pubsubAll: false }) : undefined;
      const on = enabled && 'user' in enabled ? enabled.user.enabled : true;
      result.push({
        name,
        only,
        differs: [],
        details: [only === 'server' ? `only on the server${on ? '' : ' (off)'}` : 'only in the file'],
        serverGrantsMore: only === 'server' && on,
      });
      continue;
    }
    const notEvaluated: string[] = [];
    // Without the table commands are left out of the replay, which then checks everything else.
    const serverState = tryReplay(s.ops, { ...base, pubsubAll: false });
    const fileStates = pubsub.map((pubsubAll) => tryReplay(fileOps, { ...base, pubsubAll }));
    const broken = [serverState, ...fileStates].find((x) => !('user' in x));
    let sv: UserState;
    let fv: UserState[];
    let commandsJudged = input.table !== undefined;
    if (broken) {
      if ('error' in broken) {
        result.push({
          name,
          differs: [],
          details: [],
          serverGrantsMore: false,
          notEvaluated: [
            `all: ${'user' in serverState ? `the file's rules do not apply on Redis ${input.major}.${input.minor}` : 'the server rules could not be replayed'}: ${broken.error}`,
          ],
        });
        continue;
      }
      notEvaluated.push(
        `commands: "${(broken as { unknown: string }).unknown}" is not in this server's COMMAND INFO: a typo makes ACL LOAD refuse the whole file; a command renamed with rename-command cannot be judged`
      );
      commandsJudged = false;
      const noTable = { major: input.major, minor: input.minor };
      sv = replay(s.ops, { ...noTable, pubsubAll: false });
      fv = pubsub.map((pubsubAll) => replay(fileOps, { ...noTable, pubsubAll }));
    } else {
      sv = (serverState as { user: UserState }).user;
      fv = fileStates.map((x) => (x as { user: UserState }).user);
    }
    if (!input.table && input.tableUnavailable) notEvaluated.push(`commands: ${input.tableUnavailable}`);
    const table = commandsJudged ? input.table : undefined;
    const fu = fv[0];
    const diffs: Difference[] = [];
    if (sv.enabled !== fu.enabled)
      diffs.push({
        part: 'enabled',
        detail: `server: ${sv.enabled ? 'on' : 'off'}, file: ${fu.enabled ? 'on' : 'off'}`,
        more: sv.enabled,
      });
    if (sv.nopass !== fu.nopass)
      diffs.push({ part: 'nopass', detail: `nopass on the ${sv.nopass ? 'server' : 'file'} only`, more: sv.nopass });
    if (!sv.nopass && !fu.nopass) {
      const same = sv.passwords.size === fu.passwords.size && [...sv.passwords].every((h) => fu.passwords.has(h));
      if (!same) diffs.push({ part: 'passwords', detail: 'passwords differ', more: false });
    }
    if (sv.skipSanitize !== fu.skipSanitize)
      diffs.push({
        part: 'flags',
        detail: `skip-sanitize-payload on the ${sv.skipSanitize ? 'server' : 'file'} only`,
        more: sv.skipSanitize,
      });
    const root = compareSelector(sv.root, fu.root, table, '');
    // The file's channels may hang on acl-pubsub-default; unknown (CONFIG failed) and decisive: not judged.
    const channelsOf = (u: UserState) => JSON.stringify([...channelSet(u.root)].sort());
    if (fv.length > 1 && channelsOf(fv[0]) !== channelsOf(fv[1])) {
      notEvaluated.push('channels: the file leaves them to acl-pubsub-default, which CONFIG GET did not tell');
      diffs.push(...root.filter((d) => d.part !== 'channels'));
    } else diffs.push(...root);
    if (sv.selectors.length || fu.selectors.length) {
      if (!table) notEvaluated.push('selectors: their commands cannot be compared without the command table');
      else {
        const a = sv.selectors.map(selectorKey);
        const b = fu.selectors.map(selectorKey);
        const missing = (x: string[], y: string[]) => x.filter((k) => !y.includes(k)).length;
        const sOnly = missing(a, b);
        const fOnly = missing(b, a);
        if (sOnly || fOnly)
          diffs.push({
            part: 'selectors',
            detail: `selectors: ${[sOnly ? `${sOnly} of the server's match none in the file` : '', fOnly ? `${fOnly} of the file's match none on the server` : ''].filter(Boolean).join('; ')}`,
            more: false,
          });
      }
    }
    if (diffs.length || notEvaluated.length)
      result.push({
        name,
        differs: [...new Set(diffs.map((d) => d.part))],
        details: diffs.map((d) => d.detail),
        serverGrantsMore: diffs.some((d) => d.more),
        ...(notEvaluated.length ? { notEvaluated } : {}),
      });
  }
  return { file: input.file.path, compared: allNames.size, users: result };
}
