/**
 * Test fixtures over the running host: its state (sidecar URL and token,
 * analysed targets), a page that records console errors and unhandled
 * rejections from the moment it opens, and `open()` that signs in as a role
 * with a theme (the host reads both from a cookie) and waits until the view
 * has rendered and stopped loading.
 */
import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import type { Role } from './catalog';

export interface HostState {
  url: string;
  sidecarUrl: string;
  token: string;
  appId: string;
  datasourceUid: string;
  targets: { cache: string; sessions: string };
  deadReplica: string;
  badDirective: { parameter: string; value: string; ruleId: string; severity: string };
}

export function hostState(): HostState {
  const json = process.env.REDISLENS_HOST;
  if (!json) throw new Error('REDISLENS_HOST is not set: run through browser-test/playwright.config.ts');
  return JSON.parse(json);
}

export type Theme = 'dark' | 'light';

/** The sidecar's REST API with the datasource's token, to check what the browser changed. */
export async function sidecarApi(method: string, path: string, body?: unknown): Promise<any> {
  const { sidecarUrl, token } = hostState();
  const response = await fetch(`${sidecarUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

type TestFixtures = { problems: string[]; open: (path: string, as: { role: Role; theme: Theme }) => Promise<Page> };

export const test = base.extend<TestFixtures, { sharedContext: BrowserContext }>({
  // One browser context for the worker: the host's ~10 MB bundle is fetched and compiled once (HTTP and
  // V8 code cache), not once per test; each test still gets its own page, cookie and error log.
  sharedContext: [
    async ({ browser }, use) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await use(context);
      await context.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ sharedContext }, use) => {
    await use(sharedContext);
  },
  page: async ({ sharedContext }, use) => {
    const page = await sharedContext.newPage();
    await use(page);
    await page.close();
  },
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
    await use(problems);
  },
  open: async ({ page, context, problems }, use) => {
    void problems; // subscribe before the first navigation
    await use(async (path, { role, theme }) => {
      const { url } = hostState();
      await context.addCookies([{ name: 'grafana_host', value: encodeURIComponent(`role=${role};theme=${theme}`), url }]);
      await page.goto(`${url}${path}`);
      await waitUntilRendered(page);
      return page;
    });
  },
});

/** The view has a heading, no loading placeholder or spinner, and the network is quiet. */
export async function waitUntilRendered(page: Page): Promise<void> {
  await expect(page.locator('main h1, main h2').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  await expect(page.getByText('Loading...', { exact: false })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('main [data-testid="Spinner"], main .fa-spinner')).toHaveCount(0, { timeout: 60_000 });
}

export { expect };
