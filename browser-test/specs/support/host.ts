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
type WorkerFixtures = { sessions: Map<string, { context: BrowserContext; page: Page }> };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // One browser context (its own cookie: the signed-in user) and page per role and theme for the whole run:
  // the host's ~10 MB bundle is loaded once per session, and tests move between views as a user does
  // (locationService.push, no reload). Each test records the console errors and page errors raised while it runs.
  sessions: [
    async ({}, use) => {
      const sessions = new Map<string, { context: BrowserContext; page: Page }>();
      await use(sessions);
      for (const { context } of sessions.values()) await context.close();
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
      let session = sessions.get(key);
      const fresh = !session;
      if (!session) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        // The host reads the signed-in user and the theme from this cookie (Grafana's session and preferences).
        await context.addCookies([
          { name: 'grafana_host', value: encodeURIComponent(`role=${role};theme=${theme}`), url },
        ]);
        session = { context, page: await context.newPage() };
        sessions.set(key, session);
      }
      const page = session.page;
      const onConsole = (message: ConsoleMessage) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      };
      const onError = (error: Error) => problems.push(`uncaught: ${error.stack ?? error.message}`);
      page.on('console', onConsole);
      page.on('pageerror', onError);
      const p = page;
      listeners.push(() => {
        p.off('console', onConsole);
        p.off('pageerror', onError);
      });
      if (fresh) {
        await page.goto(`${url}${path}`);
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
  await expect(page.locator('main h1, main h2').first()).toBeVisible({ timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  await expect(page.getByText('Loading...', { exact: false })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.locator('main [data-testid="Spinner"], main .fa-spinner')).toHaveCount(0, { timeout: 60_000 });
}

export { expect };
