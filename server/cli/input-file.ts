/**
 * YAML files an operator writes for the CLI (fleet, suppressions): parsed,
 * validated by a zod schema, and every error told as `file:line: what is wrong`,
 * the form editors and CI logs link to.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { CliInputError } from './cli-input-error.js';

// yaml is loaded when a file is read: `lint` and `analyze` without --suppress or --targets parse no YAML.
const require = createRequire(import.meta.url);
const yaml = () => require('yaml') as typeof import('yaml');

export { CliInputError };

export type YamlPath = (string | number)[];

export interface YamlInput<T> {
  data: T;
  file: string;
  /** The line of the value at path, or of its nearest enclosing value that exists. */
  lineOf(path: YamlPath): number;
}

export function readFileText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliInputError(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** `targets[1].url`, as an operator reads a path. */
export function formatPath(path: YamlPath): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

export function readYamlInput<S extends z.ZodType>(file: string, schema: S): YamlInput<z.output<S>> {
  const { isNode, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileText(file), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new CliInputError(`${file}:${error.linePos?.[0]?.line ?? 1}: ${error.message.split('\n')[0]}`);
  }
  const lineOf = (path: YamlPath): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length > 0 ? doc.getIn(p, true) : doc.contents;
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      if (p.length === 0) return 1;
    }
  };
  const raw: unknown = doc.toJS();
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    let path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    // An unknown key is best shown on its own line, not its parent's.
    if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path = [...path, issue.keys[0]];
    const where = formatPath(issue.code === 'unrecognized_keys' ? path.slice(0, -1) : path);
    throw new CliInputError(`${file}:${lineOf(path)}: ${where ? `${where}: ` : ''}${issue.message}`);
  }
  return { data: parsed.data, file, lineOf };
}
