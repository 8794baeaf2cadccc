#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by scripts/build-cli.mjs on `npm ci`) while it is current: no
// source it was built from is newer than the build. Otherwise (an edited checkout, a production install
// without esbuild, REDISLENS_FROM_SOURCE=1) it runs the TypeScript sources through tsx, as before.
import { readFileSync, statSync } from 'node:fs';

const server = new URL('../', import.meta.url);

function compiledIsCurrent() {
  if (process.env.REDISLENS_FROM_SOURCE === '1') {
    return false;
  }
  try {
    const { builtAtMs, inputs } = JSON.parse(readFileSync(new URL('dist/build-info.json', server), 'utf8'));
    return inputs.length > 0 && inputs.every((file) => statSync(new URL(file, server)).mtimeMs <= builtAtMs);
  } catch {
    return false; // no build, or a source it lists is gone
  }
}

if (compiledIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli.ts');
}
