/** Where screenshots go, and the one-line description of each, kept in an index next to them. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENS_DIR = join(__dirname, '..', '..', '..', 'test-results', 'screens');
const INDEX = join(SCREENS_DIR, 'index.tsv');

export function screenshotPath(name: string, description: string): string {
  const file = `${name.replace(/[^a-z0-9_.-]+/gi, '-').toLowerCase()}.png`;
  appendFileSync(INDEX, `${file}\t${description}\n`);
  return join(SCREENS_DIR, file);
}

export function describeScreenshot(file: string): string {
  if (file === 'index.tsv') return 'this index (file name, description)';
  const lines = existsSync(INDEX) ? readFileSync(INDEX, 'utf8').split('\n') : [];
  const line = lines.reverse().find((l) => l.startsWith(`${file}\t`));
  return line ? line.split('\t')[1] : '(no description recorded)';
}
