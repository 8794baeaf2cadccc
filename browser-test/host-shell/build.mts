/**
 * Bundles the host's browser half with esbuild. Every @grafana/* import
 * resolves to the package's CommonJS build (its `require` export): bundling
 * their ESM builds breaks CommonJS default imports inside @grafana/ui
 * (React error #130 in CustomScrollbar), and resolving them all the same
 * way keeps one ThemeContext for the host and the plugins.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

const grafanaCommonJs: Plugin = {
  name: 'grafana-commonjs',
  setup(b) {
    b.onResolve({ filter: /^@grafana\// }, (args) => ({
      path: createRequire(join(args.resolveDir || repoRoot, 'noop.js')).resolve(args.path),
    }));
    // The react-router instance @grafana/ui links with (Grafana shares it with plugins as `react-router`).
    b.onResolve({ filter: /^react-router-dom-v5-compat$/ }, () => ({
      path: createRequire(join(repoRoot, 'node_modules', '@grafana', 'ui', 'package.json')).resolve(
        'react-router-dom-v5-compat'
      ),
    }));
  },
};

export async function buildShell(outFile: string): Promise<void> {
  await build({
    entryPoints: [join(here, 'index.tsx')],
    outfile: outFile,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    jsx: 'transform',
    logLevel: 'error',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    plugins: [grafanaCommonJs],
  });
}
