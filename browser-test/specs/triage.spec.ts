/**
 * Triage in the browser changes the sidecar's store: filter the anomalies to
 * MEM-102's severity (warning in the catalog) and the `cache` target, select MEM-102 (maxmemory above the
 * host's RAM, found on a real redis-server), acknowledge it with a note,
 * then read the anomaly back through the sidecar's REST API: the new status
 * and an audit entry with the Grafana user and the note.
 */
import type { Locator } from '@playwright/test';
import { APP_PAGES, TESTIDS } from './support/app-pages';
import { expect, hostState, sidecarApi, test } from './support/host';
import { screenshotPath } from './support/screens';

const ids = TESTIDS.anomalies;

/** Ticks a Grafana Checkbox the way a user does: its input is invisible, the visible box is the span beside it. */
async function tick(input: Locator) {
  await input.locator('xpath=following-sibling::span').click();
  await expect(input).toBeChecked();
}

test('filter, select and acknowledge with a note; the status and audit trail change in the sidecar', async ({
  open,
  problems,
}) => {
  const { targets, badDirective } = hostState();
  const severity = badDirective.severity;
  const list = await sidecarApi('GET', '/api/v1/anomalies?status=open&limit=500');
  const anomaly = list.items.find(
    (a: { targetId: string; ruleId: string }) => a.targetId === targets.cache && a.ruleId === 'MEM-102'
  );
  expect(anomaly, 'MEM-102 is open on cache').toBeTruthy();

  const page = await open(APP_PAGES.anomalies, { role: 'Editor', theme: 'dark' });
  // The filters are Grafana MultiComboboxes, named by their field labels.
  await page.getByRole('combobox', { name: 'Severity' }).click();
  await page.getByRole('option', { name: severity, exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`severity=${severity}`));
  await page.getByRole('combobox', { name: 'Target' }).click();
  await page.getByRole('option', { name: 'cache', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(new RegExp(`targetId=${targets.cache}`));

  // Only findings of that severity on cache remain, MEM-102 among them.
  const table = page.getByTestId(ids.table);
  await expect(table.getByTestId(ids.row(anomaly.id))).toBeVisible();
  // Polled as a whole: rows read while the filtered page replaces the unfiltered one would go stale.
  await expect
    .poll(async () =>
      (await table.locator('tbody tr').allInnerTexts()).filter((t) => !t.includes(severity) || !t.includes('cache'))
    )
    .toEqual([]);

  await tick(page.getByTestId(ids.rowSelect(anomaly.id)));
  await expect(page.getByTestId(ids.selectedCount)).toContainText('1 selected');
  await page.getByTestId(ids.action('acknowledged')).click();
  const note = `looked at by the browser test ${Date.now()}`;
  await page.getByTestId(ids.note).fill(note);
  await page.getByTestId(ids.confirm).click();
  await expect(page.getByTestId(ids.note)).toHaveCount(0);
  await expect(page.getByTestId(ids.row(anomaly.id))).toContainText(/acknowledged/i);

  await page.screenshot({
    path: screenshotPath(
      'flow-triage-acknowledged__dark__editor',
      'triage filtered to cache, MEM-102 acknowledged, dark, Editor'
    ),
    fullPage: true,
  });
  const after = await sidecarApi('GET', `/api/v1/anomalies/${anomaly.id}`);
  expect(after.status).toBe('acknowledged');
  const entry = after.history.find((e: { toStatus: string }) => e.toStatus === 'acknowledged');
  expect(entry).toMatchObject({ fromStatus: 'open', toStatus: 'acknowledged', actor: 'editor-user', note });
  expect(problems).toEqual([]);
});

test('a Viewer is not offered the acknowledge action', async ({ open, problems }) => {
  const page = await open(APP_PAGES.anomalies, { role: 'Viewer', theme: 'light' });
  const first = page.getByTestId(ids.table).locator('tbody tr').first();
  await tick(first.getByRole('checkbox'));
  await expect(page.getByTestId(ids.selectedCount)).toContainText('1 selected');
  await expect(page.getByTestId(ids.action('acknowledged'))).toBeDisabled();
  expect(problems).toEqual([]);
});
