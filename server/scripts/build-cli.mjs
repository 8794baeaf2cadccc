#!/usr/bin/env node
/**
 * Compiles the `redislens` CLI to JavaScript in dist/ (esbuild), so the bin starts without compiling
 * TypeScript. Runs on `npm ci` / `npm install` (the workspace's `prepare`) and by `npm run build -w server`.
 *
 * One bundle of this workspace's sources and the pure-JavaScript packages every command needs
 * (BUNDLED_PACKAGES), split at the commands' dynamic imports so `--help` or `lint` loads no sidecar code.
 * Chunks sit directly in dist/, one folder below server/ like every source folder, so paths built from
 * import.meta.url (the built-in rule folder, ../../rules) resolve as they do from the sources; the .proto
 * files are copied beside them.
 *
 * dist/build-info.json lists the sources the bundle was built from: bin/redislens.js runs the bundle only
 * while none of them is newer than it, otherwise it falls back to the TypeScript sources (tsx).
 *
 *   node scripts/build-cli.mjs [--outdir <dir under server/>]
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const server = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = resolve(server, values.outdir);

if (!existsSync(join(server, 'cli.ts'))) {
  // A Docker layer installing dependencies before the sources are copied: nothing to build yet.
  console.log('redislens build: no sources here yet, skipped');
  process.exit(0);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (--omit=dev) has no esbuild: the bin runs the sources through tsx instead.
  console.log('redislens build: esbuild is not installed, skipped (the CLI runs from TypeScript sources)');
  process.exit(0);
}

/**
 * The pure-JavaScript packages every command loads are bundled in: resolving, reading and compiling their
 * hundreds of files one by one was a fifth of `analyze`'s start-up. The rest stay external: serve's own
 * (express, gRPC, SQLite, PostgreSQL: native code, .proto files and worker paths) load only for serve, and
 * pino starts its transports from files.
 */
const BUNDLED_PACKAGES = new Set([
  'ioredis',
  'zod',
  'yaml',
  '@marcbachmann/cel-js',
  'commander',
  'picocolors',
  'p-limit',
]);

function bundleOnly(bundled) {
  return {
    name: 'bundle-only',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
        if (path.startsWith('node:')) {
          return { external: true };
        }
        const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
        return bundled.has(name) ? undefined : { external: true };
      });
    },
  };
}

/**
 * zod re-exports its 63 locales (z.locales), half of its code, which every command would compile at start-up;
 * RedisLens's messages are English only (zod registers `en` itself), so the namespace holds just that one.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, ({ path, importer, resolveDir }) =>
      /node_modules\/zod\//.test(importer) ? { path: join(resolveDir, path), namespace: 'zod-locales' } : undefined
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, ({ path }) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(path), 'en.js'))};`,
      resolveDir: dirname(path),
    }));
  },
};

const builtAtMs = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: server,
  // The sidecar's analysis threads start dist/analysis-worker.js (analysis/analysis-pool.ts).
  entryPoints: ['cli.ts', 'analysis/analysis-worker.ts'],
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [bundleOnly(BUNDLED_PACKAGES), zodEnglishOnly],
  // Bundled CommonJS packages (ioredis) require Node's built-ins: give the ESM chunks a require().
  banner: {
    js: "import { createRequire as __redislensRequire } from 'node:module'; const require = __redislensRequire(import.meta.url);",
  },
  outdir,
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});

const protoDir = join(server, 'grafana', 'proto');
for (const file of readdirSync(protoDir).filter((f) => f.endsWith('.proto'))) {
  copyFileSync(join(protoDir, file), join(outdir, file));
}

mkdirSync(outdir, { recursive: true });
// The bin checks these sources' times on every start; bundled packages change only with `npm ci`, which rebuilds.
const inputs = Object.keys(result.metafile.inputs)
  .filter((file) => !file.includes('node_modules/'))
  .map((file) => relative(server, resolve(server, file)));
writeFileSync(join(outdir, 'build-info.json'), JSON.stringify({ builtAtMs, inputs }, null, 1) + '\n');
console.log(`redislens build: ${inputs.length} sources compiled into ${relative(process.cwd(), outdir) || '.'}`);
