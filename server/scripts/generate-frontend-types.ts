/**
 * Writes the frontend's generated types (see frontend-types.ts):
 *   npm run generate:types   (or: cd server && npx tsx scripts/generate-frontend-types.ts)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { frontendTypes, REPO_ROOT } from './frontend-types.js';

for (const [file, content] of Object.entries(await frontendTypes())) {
  writeFileSync(join(REPO_ROOT, file), content);
  process.stderr.write(`wrote ${file}\n`);
}
