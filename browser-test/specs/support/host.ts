/**
 * Test fixtures over the running host: its state (sidecar URL and token,
 * analysed targets), a page that records console errors and unhandled
 * rejections from the moment it opens, and `open()` that signs in as a role
 * with a theme (the host reads both from a cookie) and waits until the view
 * has rendered and stopped loading.
 */
import { expect, test as base, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import type { Role } from './catalog';

export interface HostState {
  url: string;
  sidecarUrl: string;
  token: string;
  appId: string;
  datasourceUid: string;
  targets: { cache: string; sessions: string };
  deadReplica: string;
  appClientName: string;
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
type WorkerFixtures = { sessions: { context?: BrowserContext; pages: Map<string, Page> } };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // One browser context for the run, so the host's ~10 MB bundle is fetched and compiled once (HTTP and V8
  // code cache), and one page per role and theme in it: the page sends its signed-in user and theme in the
  // X-Grafana-Host header with every request. Tests move between views as a user does (locationService.push,
  // no reload). Each test records the console errors and page errors raised while it runs.
  sessions: [
    async ({}, use) => {
      const sessions: WorkerFixtures['sessions'] = { pages: new Map() };
      await use(sessions);
      await sessions.context?.close();
    },
    { scope: 'worker' },
  ],
  problems: async ({}, use) => {
    await use([]);
  },
  open: async ({ browser, sessions, problems }, use) => {
    const listeners: (() => void)[] = [];
    await use(async (path, { role, theme }) => {
      const { url } = hostState();
      const key = `${role}/${theme}`;
      sessions.context ??= await browser.newContext({ viewport: { width: 1400, height: 900 } });
      let page = sessions.pages.get(key);
      const fresh = !page;
      if (!page) {
        page = await sessions.context.newPage();
        await page.setExtraHTTPHeaders({ 'X-Grafana-Host': `role=${role};theme=${theme}` });
        sessions.pages.set(key, page);
      }
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      };
      const onError = (error: Error) => problems.push(`uncaught: ${error.stack ?? error.message}`);
      page.on('console', onConsole);
      page.on('pageerror', onError);
      const p: Page = page;
      listeners.push(() => {
        p.off('console', onConsole);
        p.off('pageerror', onError);
      });
      if (fresh) {
        // Only the navigation is awaited: the first load compiles a ~10 MB bundle, which on a loaded 2-core machine
        // can outlast any load-event time-out; waitUntilRendered waits for what matters, with its own limits.
        await page.goto(`${url}${path}`, { waitUntil: 'commit' });
      } else {
        await page.evaluate(
          (to) =>
            new Promise<void>((resolve) => {
              (window as unknown as { __grafanaHost: { push(p: string): void } }).__grafanaHost.push(to);
              requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
            }),
          path
        );
      }
      await waitUntilRendered(page);
      return page;
    });
    for (const off of listeners) off();
  },
});

/** The view has a heading, no loading placeholder or spinner, and the network is quiet. */
export async function waitUntilRendered(page: Page): Promise<void> {
  await expect(page.locator('main h1, main h2').first()).toBeVisible({ timeout: 150_000 });
  // Settle: a page that polls (live progress) may never go network-idle, so this wait is bounded and the
  // conditions below decide.
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
  await expect(page.getByText('Loading...', { exact: false })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('main [data-testid="Spinner"], main .fa-spinner')).toHaveCount(0, { timeout: 60_000 });
}

export { expect };
