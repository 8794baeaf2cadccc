/**
 * The anomaly list panel, as a shipped dashboard configures it (Editors may acknowledge): an Editor
 * acknowledges one open anomaly from the panel and the sidecar's store has the new status with an audit
 * entry naming the Grafana user; a Viewer sees the action disabled. LAT-202 (latency monitor off) on
 * `cache` is used, so the triage spec's MEM-102 stays open.
 */
import { expect, sidecarApi, test } from './support/host';
import { screenshotPath } from './support/screens';

const PANEL = '/host/panels/redislens-anomalylist-panel';

test('an Editor acknowledges from the anomaly list panel; the status and audit trail change in the sidecar', async ({
  open,
  problems,
}) => {
  const page = await open(PANEL, { role: 'Editor', theme: 'light' });
  const row = page.locator('tbody tr', { hasText: 'LAT-202' }).filter({ hasText: 'cache' }).first();
  await expect(row).toContainText('Open');
  const href = await row.getByRole('link').first().getAttribute('href');
  const id = new URL(href!, 'http://host').searchParams.get('id')!;

  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(row).toContainText('Acknowledged');
  await expect(row.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await page.screenshot({
    path: screenshotPath(
      'flow-panel-acknowledged__light__editor',
      'anomaly list panel after acknowledging LAT-202 on cache, light, Editor'
    ),
    fullPage: true,
  });

  const after = await sidecarApi('GET', `/api/v1/anomalies/${id}`);
  expect(after.status).toBe('acknowledged');
  expect(after.history.find((e: { toStatus: string }) => e.toStatus === 'acknowledged')).toMatchObject({
    fromStatus: 'open',
    actor: 'editor-user',
    note: 'acknowledged from a dashboard panel',
  });
  expect(problems).toEqual([]);
});

test('a Viewer is shown the panel action disabled', async ({ open, problems }) => {
  const page = await open(PANEL, { role: 'Viewer', theme: 'dark' });
  const button = page.locator('tbody tr').getByRole('button', { name: 'Acknowledge' }).first();
  await expect(button).toBeDisabled();
  expect(problems).toEqual([]);
});
