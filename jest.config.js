// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');

// The base config transforms only *.{js,jsx,ts,tsx}. d3-color 3.1.1 (pulled in by @grafana/data)
// now points "main"/"exports" at an ES-module *.mjs file, which jest would load untransformed
// and fail on with "Unexpected token 'export'". Reuse the base swc transform for .mjs files;
// transformIgnorePatterns from the base config still limits it to the known ESM packages.
const [swcTransform] = Object.values(baseConfig.transform);

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...baseConfig,
  // jest's 5 s default fails healthy tests on a busy 2-core machine (the first render pulls in @grafana/*).
  testTimeout: 120000,
  transform: {
    ...baseConfig.transform,
    '^.+\\.mjs$': swcTransform,
  },
};
