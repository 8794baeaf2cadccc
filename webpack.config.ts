import { chmodSync, readdirSync } from 'node:fs';
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Compiler, Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

// Extends the scaffolded config (see .config/README.md, never edit .config/ itself).
// The base config copies the logos named in src/plugin.json only; nested plugins
// (src/datasource/, later src/panels/<name>/) name their own logos relative to their folder.
// The nested datasource's backend is a shell stub (src/datasource/gpx_redislens_<os>_<arch>,
// see server/grafana/README.md). Webpack writes copied files without their mode, and
// Grafana only starts an executable backend, so the run bit is set again after emit.
const BACKEND_STUBS = 'datasource/gpx_redislens_*';
class BackendStubModePlugin {
  apply(compiler: Compiler) {
    compiler.hooks.afterEmit.tap('BackendStubModePlugin', () => {
      const dir = path.join(compiler.outputPath, 'datasource');
      for (const file of readdirSync(dir).filter((name) => name.startsWith('gpx_redislens_'))) {
        chmodSync(path.join(dir, file), 0o755);
      }
    });
  }
}

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);

  return {
    ...baseConfig,
    plugins: [
      ...(baseConfig.plugins ?? []),
      new CopyWebpackPlugin({
        patterns: [
          { from: '*/**/img/**/*', to: '.', noErrorOnMissing: true },
          { from: BACKEND_STUBS, to: '.' },
        ],
      }),
      new BackendStubModePlugin(),
    ],
  };
};

export default config;
