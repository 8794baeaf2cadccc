/**
 * The config-highlight table of the `cache` target puts the known-bad
 * directive first with its severity: maxmemory set above the host's RAM on a
 * real redis-server (MEM-102; its severity is the catalog's, read from the sidecar).
 */
import { APP_PAGES, TESTIDS } from './support/app-pages';
import { expect, hostState, test } from './support/host';
import { screenshotPath } from './support/screens';

test('the known-bad directive is the first row, with its severity', async ({ open, problems }) => {
  const { targets, badDirective } = hostState();
  const page = await open(APP_PAGES.target(targets.cache, 'config'), { role: 'Viewer', theme: 'dark' });
  const table = page.getByTestId(TESTIDS.configTable.table);
  await expect(table).toBeVisible();
  const first = table.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-testid', new RegExp(`-${badDirective.parameter}$`));
  await expect(first).toHaveAttribute('data-severity', badDirective.severity);
  await expect(first).toContainText(badDirective.parameter);
  await expect(first).toContainText(badDirective.value);
  await expect(first).toContainText(new RegExp(badDirective.severity, 'i'));
  await page.screenshot({
    path: screenshotPath(
      'flow-target-config__dark__viewer',
      'target detail of cache, Configuration tab (config highlights), dark, Viewer'
    ),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
