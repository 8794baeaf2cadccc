/**
 * A catalog from rule files already parsed and validated: every expression compiled, the data tables named,
 * the operator's options (disabled rules, severities, parameters) applied. No YAML parser or schema here, so
 * a catalog served from the cache (cached-catalog.ts) loads neither; catalog-loader.ts parses and checks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '@marcbachmann/cel-js';
import type { ParamValue, RuleDefinition, RuleFile } from './rule-schema.js';
import type { Severity } from './severity.js';
import { CatalogError } from './catalog-error.js';
import { formatValue } from './cel-values.js';
import { openCatalogCache, type CatalogCache, type SourceFile } from './catalog-cache.js';

export type Program = (context: Record<string, unknown>) => unknown;

export interface CompiledRule extends RuleDefinition {
  file: string;
  program: Program;
  appliesProgram?: Program;
  varPrograms: [string, Program][];
  escalations: { severity: Severity; program: Program }[];
  evidencePrograms: [string, Program][];
  template: (context: Record<string, unknown>) => string;
  subjectTemplate?: (context: Record<string, unknown>) => string;
}

export interface Catalog {
  rules: CompiledRule[];
  /** Tables from data/*.yaml, visible to rules as data.<file name>. */
  data: Record<string, unknown>;
  environment: Environment;
}

export interface CatalogOptions {
  /** Folders of rule files; the built-in catalog first, operators' folders after. */
  dirs: string[];
  disabled?: string[];
  severityOverrides?: Record<string, Severity>;
  /** Rule parameters an operator sets: { 'CLIENT-005': { client_share: '0.5' } }; text is typed by the default. */
  params?: Record<string, Record<string, ParamValue>>;
  /** Where catalogs that loaded cleanly are cached (see catalog-cache.ts); no cache when unset. */
  cacheDir?: string;
}

/** The catalog that ships with RedisLens (top-level rules/). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/**
 * A parameter value as the rule's default types it: "0.5" for a number, "yes"/"no" for a boolean.
 * Throws a CatalogError naming the rule and parameter when the rule has no such parameter or the value does not fit.
 */
export function typedParam(rule: Pick<RuleDefinition, 'id' | 'params'>, name: string, value: ParamValue): ParamValue {
  const where = `${rule.id}.${name}`;
  if (!(name in rule.params)) {
    const known = Object.keys(rule.params);
    throw new CatalogError(
      '(options)',
      where,
      known.length ? `no such parameter (this rule has: ${known.join(', ')})` : 'this rule has no parameters'
    );
  }
  const fallback = rule.params[name];
  if (typeof fallback === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (String(value).trim() === '' || !Number.isFinite(n))
      throw new CatalogError('(options)', where, `"${value}" is not a number`);
    if (Number.isInteger(fallback) && !Number.isInteger(n))
      throw new CatalogError('(options)', where, `"${value}" is not an integer`);
    return n;
  }
  if (typeof fallback === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (/^(yes|true)$/i.test(String(value))) return true;
    if (/^(no|false)$/i.test(String(value))) return false;
    throw new CatalogError('(options)', where, `"${value}" is not yes or no`);
  }
  return String(value);
}

/** Compiles a CEL expression: parsed and checked now, or, in a catalog that was checked before, when first run. */
export type Compiler = (file: string, field: string, source: string) => Program;

function deferringCompiler(env: Environment): Compiler {
  return (_file, _field, source) => {
    let program: Program | undefined;
    return (context) => (program ??= env.parse(source) as unknown as Program)(context);
  };
}

const TEMPLATE_PART = /\{\{([\s\S]+?)\}\}/g;

function compileTemplate(compile: Compiler, file: string, field: string, text: string) {
  const parts = [...text.matchAll(TEMPLATE_PART)].map((m) => compile(file, field, m[1].trim()));
  return (context: Record<string, unknown>) => {
    let i = 0;
    return text.replace(TEMPLATE_PART, () => {
      const program = parts[i++];
      try {
        return formatValue(program(context));
      } catch {
        return '?';
      }
    });
  };
}

/** One rule folder read from disk: its data tables and rule files, in load order, and their text. */
export interface RuleFolder {
  dataFiles: string[];
  ruleFiles: string[];
  sources: (SourceFile & { shown: string })[];
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CatalogError(dir, 'folder', 'rule folder does not exist');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function readRuleFolder(dir: string): RuleFolder {
  const dataDir = join(dir, 'data');
  const dataFiles = existsSync(dataDir) ? yamlFiles(dataDir) : [];
  const ruleFiles = yamlFiles(dir);
  const sources = [
    ...dataFiles.map((path) => ({ path, shown: path })),
    ...ruleFiles.map((path) => ({ path, shown: relative(process.cwd(), path) || path })),
  ].map((f) => ({ ...f, text: readFileSync(f.path, 'utf8') }));
  return { dataFiles, ruleFiles, sources };
}

const require = createRequire(import.meta.url);

/** The installed version of a package (not every package exports its package.json). */
function packageVersion(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name: found, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (found === name) return version ?? '';
    }
  }
  return '';
}

/** The rule schema's own text: a cache entry holds files as the schema validated them, so it names the schema. */
function schemaText(): string | undefined {
  try {
    return ['rule-schema.ts', 'severity.ts']
      .map((file) => readFileSync(fileURLToPath(new URL(`../rules/${file}`, import.meta.url)), 'utf8'))
      .join('\0');
  } catch {
    return undefined; // an install without the sources: the cache could not tell schemas apart
  }
}

/**
 * What decides how the same files load, besides their text: the parsers, the schema and the CEL environment's
 * declarations; undefined (no caching) where the schema's source cannot be read. The path ../rules/ holds
 * from the sources and from dist/ alike (one folder below server/).
 */
function cacheFingerprint(environment: Environment): string | undefined {
  const schema = schemaText();
  if (schema === undefined) return undefined;
  return JSON.stringify([
    packageVersion('yaml'),
    packageVersion('@marcbachmann/cel-js'),
    createHash('sha256').update(schema).digest('hex'),
    environment.getDefinitions(),
  ]);
}

/** One folder's files, parsed and validated, with the compiler its expressions get. */
export interface ValidatedFolder {
  folder: RuleFolder;
  /** Parsed data tables by path, and rule files as the schema returned them. */
  parsed: Map<string, unknown>;
  compile: Compiler;
}

/** A rule folder read from disk and looked up in the cache: `cached` is the folder as its entry holds it. */
export interface OpenedFolder {
  folder: RuleFolder;
  cache: CatalogCache;
  cached?: ValidatedFolder;
}

/**
 * Reads each folder and looks it up in the cache, one entry per folder: the built-in catalog's serves every
 * run, whatever folders are added to it. No cache without a cache folder, or where the schema cannot be named
 * (an install without the sources).
 */
export function openFolders(options: CatalogOptions, environment: Environment): OpenedFolder[] {
  const fingerprint = options.cacheDir ? cacheFingerprint(environment) : undefined;
  const cacheDir = fingerprint === undefined ? undefined : options.cacheDir;
  return options.dirs.map((dir) => {
    const folder = readRuleFolder(dir);
    const cache = openCatalogCache(cacheDir, folder.sources, fingerprint ?? '');
    const entry = cache.parsed;
    const cached = entry && {
      folder,
      parsed: new Map(folder.sources.map((f, i) => [f.path, entry[i]])),
      compile: deferringCompiler(environment),
    };
    return { folder, cache, ...(cached ? { cached } : {}) };
  });
}

/** The catalog of these folders, in order, with the operator's options applied. */
export function assembleCatalog(
  folders: ValidatedFolder[],
  options: CatalogOptions,
  environment: Environment
): Catalog {
  const rules = new Map<string, CompiledRule>();
  const data: Record<string, unknown> = {};
  for (const { folder, parsed, compile } of folders) {
    const shownAs = new Map(folder.sources.map((f) => [f.path, f.shown]));
    for (const file of folder.dataFiles)
      data[
        basename(file)
          .replace(/\.ya?ml$/, '')
          .replace(/-/g, '_')
      ] = parsed.get(file);
    for (const file of folder.ruleFiles) {
      const shown = shownAs.get(file)!;
      const ruleFile = parsed.get(file) as RuleFile;
      for (const rule of ruleFile.rules) {
        const where = `rules[${rule.id}]`;
        if (rules.has(rule.id))
          throw new CatalogError(shown, `${where}.id`, `duplicate rule id (also in ${rules.get(rule.id)!.file})`);
        rules.set(rule.id, {
          ...rule,
          category: rule.category ?? ruleFile.category,
          file: shown,
          program: compile(shown, `${where}.when`, rule.when),
          appliesProgram: rule.applies ? compile(shown, `${where}.applies`, rule.applies) : undefined,
          varPrograms: Object.entries(rule.vars).map(([name, source]) => [
            name,
            compile(shown, `${where}.vars.${name}`, source),
          ]),
          escalations: Object.entries(rule.escalate ?? {}).map(([severity, source]) => ({
            severity: severity as Severity,
            program: compile(shown, `${where}.escalate.${severity}`, source),
          })),
          evidencePrograms: Object.entries(rule.evidence).map(([name, source]) => [
            name,
            compile(shown, `${where}.evidence.${name}`, source),
          ]),
          template: compileTemplate(compile, shown, `${where}.message`, rule.message),
          subjectTemplate: rule.subject ? compileTemplate(compile, shown, `${where}.subject`, rule.subject) : undefined,
        });
      }
    }
  }

  for (const id of [
    ...(options.disabled ?? []),
    ...Object.keys(options.severityOverrides ?? {}),
    ...Object.keys(options.params ?? {}),
  ]) {
    if (!rules.has(id)) throw new CatalogError('(options)', id, 'no rule has this id');
  }
  const disabled = new Set(options.disabled ?? []);
  for (const [id, severity] of Object.entries(options.severityOverrides ?? {})) rules.get(id)!.severity = severity;
  for (const [id, values] of Object.entries(options.params ?? {})) {
    const rule = rules.get(id)!;
    const params = { ...rule.params };
    for (const [name, value] of Object.entries(values)) params[name] = typedParam(rule, name, value);
    rule.params = params;
  }
  return { rules: [...rules.values()].filter((r) => !disabled.has(r.id)), data, environment };
}
