import { defineConfig } from '@playwright/test';

/**
 * The built plugin in real Chromium against the test host (host-server/,
 * host-shell/) and a real sidecar analysing real Redis: `npm run test:browser`
 * after `npm run build`. Debian's chromium is used (Playwright's own browser
 * download cannot run here); one worker, because the machine is small and
 * shared, and generous time-outs with waits on conditions, never on time.
 */
export default defineConfig({
  testDir: './specs',
  globalSetup: './global-setup.ts',
  outputDir: '../test-results/browser',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Playwright adds --headless and a fresh --user-data-dir per launch.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
