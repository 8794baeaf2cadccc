import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

// Extends the scaffolded config (see .config/README.md, never edit .config/ itself).
// The base config copies the logos named in src/plugin.json only; nested plugins
// (src/datasource/, later src/panels/<name>/) name their own logos relative to their folder.
const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);

  return {
    ...baseConfig,
    plugins: [
      ...(baseConfig.plugins ?? []),
      new CopyWebpackPlugin({
        patterns: [{ from: '*/**/img/**/*', to: '.', noErrorOnMissing: true }],
      }),
    ],
  };
};

export default config;
