/**
 * Where a lint finding is in the config file, for SARIF: the reported line of
 * a start-up problem, or the line that sets a directive the rule reads (the
 * last one, as Redis keeps the last). A rule that fires on a default the file
 * does not set points at the file as a whole.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'sarif';
import { readDirectives, type DirectiveCatalog } from '../collect/config-file.js';
import type { Catalog } from '../rules/catalog-loader.js';
import type { Locator } from './sarif-output.js';

const CONFIG_READ = /(?:config|secrets)\s*\[\s*['"]([^'"]+)['"]\s*\]|(?:config|secrets)\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** A path relative to the working directory (a repository checkout), else a file: URI. */
export function artifactUri(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return pathToFileURL(file).href;
}

function at(file: string, line?: number): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file) },
      ...(line ? { region: { startLine: line } } : {}),
    },
  };
}

/** Directives a rule reads (config, and secrets for the redacted ones), from its condition and evidence. */
function directivesRead(sources: string[]): string[] {
  const names = new Set<string>();
  for (const source of sources) for (const m of source.matchAll(CONFIG_READ)) names.add(m[1] ?? m[2]);
  return [...names];
}

export function configLocator(path: string, catalog: Catalog, known: DirectiveCatalog): Locator {
  const lastSet = new Map<string, { file: string; line: number }>();
  for (const d of readDirectives(path)) lastSet.set(known.aliases[d.name] ?? d.name, { file: d.file, line: d.line });
  const rules = new Map(catalog.rules.map((r) => [r.id, r]));
  return (finding) => {
    // Start-up problems (CONF-*) carry their own file and line in the evidence.
    const reported = Object.values(finding.evidence)
      .flatMap((v) => (Array.isArray(v) ? v : []))
      .filter((p): p is { file: string; line: number } => typeof p?.file === 'string' && Number(p?.line) > 0)
      .map((p) => at(p.file, Number(p.line)));
    if (reported.length > 0) return reported;
    const rule = rules.get(finding.ruleId);
    const read = rule ? directivesRead([rule.when, ...Object.values(rule.evidence)]) : [];
    const set = read.flatMap((name) => {
      const where = lastSet.get(known.aliases[name] ?? name);
      return where ? [at(where.file, where.line)] : [];
    });
    return set.length > 0 ? set : [at(path)];
  };
}
