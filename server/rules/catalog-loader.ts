/**
 * Loads the rule catalog: every *.yaml under each rule folder (data tables
 * from its data/ subfolder), validated by schema, every expression compiled
 * once. Operators add folders, disable rules and re-grade severities.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Environment } from '@marcbachmann/cel-js';
import { ruleFileSchema, type ParamValue, type RuleDefinition, type Severity } from './rule-schema.js';
import { CatalogError } from './catalog-error.js';
import { createRuleEnvironment } from './cel-environment.js';
import { formatValue } from './cel-values.js';
import { openCatalogCache } from './catalog-cache.js';

// yaml is loaded on first use: a CLI run whose catalog is cached parses no YAML (start-up time).
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');

type Program = (context: Record<string, unknown>) => unknown;

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

/** The catalog that ships with RedisLens (top-level rules/). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

const TEMPLATE_PART = /\{\{([\s\S]+?)\}\}/g;

/** Compiles a CEL expression: parsed and checked now, or, in a catalog that was checked before, when first run. */
type Compiler = (file: string, field: string, source: string) => Program;

function checkingCompiler(env: Environment): Compiler {
  return (file, field, source) => {
    // Parsed once and type-checked once; the checked AST is the program (cel-js keeps its types, so the
    // first evaluation does not check it again).
    let program: ReturnType<Environment['parse']>;
    try {
      program = env.parse(source);
    } catch (error) {
      throw new CatalogError(file, field, (error as Error).message.split('\n')[0] || 'invalid expression');
    }
    const check = program.check();
    if (!check.valid) throw new CatalogError(file, field, check.error?.message.split('\n')[0] ?? 'invalid expression');
    return program as unknown as Program;
  };
}

function deferringCompiler(env: Environment): Compiler {
  return (_file, _field, source) => {
    let program: Program | undefined;
    return (context) => (program ??= env.parse(source) as unknown as Program)(context);
  };
}

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

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CatalogError(dir, 'folder', 'rule folder does not exist');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function readYaml(text: string, displayName: string): unknown {
  const doc = yaml().parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = error.linePos?.[0]?.line;
    throw new CatalogError(displayName, line ? `line ${line}` : 'yaml', error.message.split('\n')[0]);
  }
  return doc.toJS();
}

function fieldPath(path: PropertyKey[], value: unknown): string {
  // Name the rule by id, not by list index, where the id is readable.
  const [first, index, ...rest] = path;
  if (first === 'rules' && typeof index === 'number') {
    const rules = (value as { rules?: { id?: unknown }[] })?.rules;
    const id = rules?.[index]?.id;
    return [`rules[${typeof id === 'string' ? id : index}]`, ...rest.map(String)].join('.');
  }
  return path.map(String).join('.') || '(file)';
}

/** What decides how the same files load, besides their text: the parsers and the CEL environment's declarations. */
function cacheFingerprint(environment: Environment): string {
  return JSON.stringify([packageVersion('yaml'), packageVersion('@marcbachmann/cel-js'), environment.getDefinitions()]);
}

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

export function loadCatalog(options: CatalogOptions): Catalog {
  const environment = createRuleEnvironment();
  const rules = new Map<string, CompiledRule>();
  const data: Record<string, unknown> = {};

  const fingerprint = cacheFingerprint(environment);
  const toCache: (() => void)[] = [];
  for (const dir of options.dirs) {
    const dataDir = join(dir, 'data');
    const dataFiles = existsSync(dataDir) ? yamlFiles(dataDir) : [];
    const ruleFiles = yamlFiles(dir);
    const sources = [
      ...dataFiles.map((path) => ({ path, shown: path })),
      ...ruleFiles.map((path) => ({ path, shown: relative(process.cwd(), path) || path })),
    ].map((f) => ({ ...f, text: readFileSync(f.path, 'utf8') }));
    // One cache entry per folder: the built-in catalog's serves every run, whatever folders are added to it.
    const cache = openCatalogCache(options.cacheDir, sources, fingerprint);
    const parsedFiles = cache.parsed ?? sources.map((f) => readYaml(f.text, f.shown));
    const compile = cache.parsed ? deferringCompiler(environment) : checkingCompiler(environment);
    const parsedYaml = new Map(sources.map((f, i) => [f.path, parsedFiles[i]]));
    if (!cache.parsed) toCache.push(() => cache.store(parsedFiles));

    for (const file of dataFiles)
      data[
        basename(file)
          .replace(/\.ya?ml$/, '')
          .replace(/-/g, '_')
      ] = parsedYaml.get(file);
    for (const file of ruleFiles) {
      const shown = relative(process.cwd(), file) || file;
      const raw = parsedYaml.get(file);
      const parsed = ruleFileSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CatalogError(shown, fieldPath(issue.path, raw), issue.message);
      }
      for (const rule of parsed.data.rules) {
        const where = `rules[${rule.id}]`;
        if (rules.has(rule.id))
          throw new CatalogError(shown, `${where}.id`, `duplicate rule id (also in ${rules.get(rule.id)!.file})`);
        rules.set(rule.id, {
          ...rule,
          category: rule.category ?? parsed.data.category,
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
  // Every file parsed, validated and type-checked: these folders may skip the check next time.
  for (const store of toCache) store();

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
