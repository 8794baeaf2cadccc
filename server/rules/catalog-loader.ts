/**
 * Loads the rule catalog: every *.yaml under each rule folder (data tables
 * from its data/ subfolder), validated by schema, every expression compiled
 * once. Operators add folders, disable rules and re-grade severities.
 */
import { createRequire } from 'node:module';
import type { Environment } from '@marcbachmann/cel-js';
import { ruleFileSchema } from './rule-schema.js';
import { CatalogError } from './catalog-error.js';
import { createRuleEnvironment } from './cel-environment.js';
import {
  assembleCatalog,
  openFolders,
  type Catalog,
  type CatalogOptions,
  type Compiler,
  type OpenedFolder,
  type Program,
  type ValidatedFolder,
} from './catalog-assembly.js';

export {
  BUILTIN_RULES_DIR,
  typedParam,
  type Catalog,
  type CatalogOptions,
  type CompiledRule,
} from './catalog-assembly.js';

// yaml is loaded on first use: a catalog served from the cache parses no YAML (start-up time).
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');

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

export function loadCatalog(options: CatalogOptions): Catalog {
  const environment = createRuleEnvironment();
  return checkCatalog(options, environment, openFolders(options, environment));
}

/**
 * The catalog of folders already opened (openFolders): each the cache does not hold is parsed, validated and
 * type-checked here, and cached once the whole catalog is.
 */
export function checkCatalog(options: CatalogOptions, environment: Environment, opened: OpenedFolder[]): Catalog {
  const toCache: (() => void)[] = [];
  const folders = opened.map(({ folder, cache, cached }): ValidatedFolder => {
    if (cached) return cached;
    const ruleFiles = new Set(folder.ruleFiles);
    const validated = folder.sources.map((f) => {
      const raw = readYaml(f.text, f.shown);
      if (!ruleFiles.has(f.path)) return raw;
      const result = ruleFileSchema.safeParse(raw);
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new CatalogError(f.shown, fieldPath(issue.path, raw), issue.message);
      }
      return result.data;
    });
    toCache.push(() => cache.store(validated));
    return {
      folder,
      parsed: new Map(folder.sources.map((f, i) => [f.path, validated[i]])),
      compile: checkingCompiler(environment),
    };
  });
  const catalog = assembleCatalog(folders, options, environment);
  // Every file parsed, validated and type-checked: these folders may skip all of it next time.
  for (const store of toCache) store();
  return catalog;
}
