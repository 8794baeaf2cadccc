/**
 * Which way the sidecar's dependencies may point (npm test runs it: `npm run deps`). Data flows one way,
 * collect -> rules -> anomalies/domain -> store -> service -> api/grafana, and imports follow it. Type-only
 * imports count too (tsPreCompilationDeps): madge cannot see those cycles.
 */
const TESTS = '(^|/)test/|/test-support/|\\.test\\.ts$';
const LOWER = '^(domain|collect|rules|anomalies|analysis|store|targets|scheduler|metrics|provisioning)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle, type-only or not, means two modules are one; split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'sqlite-stays-in-store',
      severity: 'error',
      comment:
        'Only store/ knows the store is SQLite; sidecar.ts, the composition root, opens it, and `redislens backup` copies its file.',
      from: { path: '^', pathNot: `^store/|^sidecar\\.ts$|^cli/backup-command\\.ts$|${TESTS}` },
      to: { path: '^store/sqlite/' },
    },
    {
      name: 'lower-layers-point-down',
      severity: 'error',
      comment:
        'Collection, rules, records, the store and the scheduler know nothing of the service layer or its callers.',
      from: { path: LOWER, pathNot: TESTS },
      to: { path: '^(service|api|grafana|cli)/|^(sidecar|cli)\\.ts$' },
    },
    {
      name: 'service-knows-no-callers',
      severity: 'error',
      comment: 'The service layer serves REST, Grafana and the CLI; it imports none of them.',
      from: { path: '^service/', pathNot: TESTS },
      to: { path: '^(api|grafana|cli)/|^(sidecar|cli)\\.ts$' },
    },
    {
      name: 'production-imports-no-tests',
      severity: 'error',
      comment: 'Test harnesses and fixtures are for tests; production code must run without them.',
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
