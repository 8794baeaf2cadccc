/**
 * The target page's Clients and Commands tabs, fed by the real sidecar: the `cache` redis-server opted in to
 * client inspection and holds an application connection named by the scenario; it was analysed twice, so
 * per-command rates exist. The `sessions` target did not opt in: its Clients tab says how to.
 */
import { APP_PAGES, TESTIDS } from './support/app-pages';
import { expect, hostState, test } from './support/host';
import { screenshotPath } from './support/screens';

test('the Clients tab lists the application connection by name, without arguments', async ({ open, problems }) => {
  const { targets, appClientName } = hostState();
  const page = await open(APP_PAGES.target(targets.cache, 'clients'), { role: 'Viewer', theme: 'dark' });
  const table = page.getByTestId(TESTIDS.targetDetail.clients);
  await expect(table).toBeVisible();
  const app = table.locator('tbody tr', { hasText: appClientName });
  await expect(app).toHaveCount(1);
  // The application's last command was GET: its name only, never the key it read.
  await expect(app).toContainText('get');
  await expect(table).not.toContainText('cart:1');
  // RedisLens's own connection is there too, running CLIENT LIST.
  await expect(table.locator('tbody tr', { hasText: 'client|list' })).toHaveCount(1);
  await page.screenshot({
    path: screenshotPath('flow-target-clients__dark__viewer', 'target detail of cache, Clients tab, dark, Viewer'),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});

test('a target without client inspection says how to opt in', async ({ open, problems }) => {
  const { targets } = hostState();
  const page = await open(APP_PAGES.target(targets.sessions, 'clients'), { role: 'Viewer', theme: 'light' });
  await expect(page.getByTestId(TESTIDS.targetDetail.clientsOff)).toContainText('inspect');
  await expect(page.getByTestId(TESTIDS.targetDetail.clients)).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the Commands tab ranks commands by CPU time and draws the busiest ones over time', async ({ open, problems }) => {
  const { targets } = hostState();
  const page = await open(APP_PAGES.target(targets.cache, 'commands'), { role: 'Viewer', theme: 'dark' });
  const table = page.getByTestId(TESTIDS.targetDetail.commands);
  await expect(table).toBeVisible();
  // The application ran SET and GET; RedisLens ran INFO and CONFIG GET on every analysis.
  for (const command of ['set', 'get', 'info', 'config|get']) {
    await expect(page.getByTestId(TESTIDS.targetDetail.command(command))).toBeVisible();
  }
  const cpuShares = await table
    .locator('tbody tr td:nth-child(4)')
    .evaluateAll((cells) => cells.map((c) => parseFloat(c.textContent ?? '')));
  expect(cpuShares).toEqual([...cpuShares].sort((a, b) => b - a));
  // Two analyses: the per-command rates of the interval are drawn (the panels' frames come from QueryData).
  const trends = page.getByTestId(TESTIDS.targetDetail.commandTrends);
  const panels = trends.getByTestId('host-panel-renderer');
  await expect(panels).toHaveCount(2);
  for (const panel of await panels.all()) {
    await expect(panel).toHaveAttribute('data-plugin-id', 'timeseries');
    expect(Number(await panel.getAttribute('data-frames'))).toBeGreaterThan(0);
  }
  await page.screenshot({
    path: screenshotPath('flow-target-commands__dark__viewer', 'target detail of cache, Commands tab, dark, Viewer'),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
