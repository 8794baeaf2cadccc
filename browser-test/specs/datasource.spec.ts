/**
 * The nested datasource through the browser: Save & test reaches the real
 * sidecar's CheckHealth; the query editor's query goes through
 * /api/ds/query -> QueryData -> Arrow -> frame JSON and comes back as frames
 * holding what the sidecar found.
 */
import { expect, test } from './support/host';

test('Save & test reports the sidecar healthy with its tenant and targets', async ({ open, problems }) => {
  const page = await open('/connections/datasources/edit/redislens', { role: 'Admin', theme: 'dark' });
  await page.getByRole('button', { name: 'Save & test' }).click();
  await expect(page.getByTestId('data-testid Alert success')).toContainText(
    'RedisLens sidecar ready: tenant browser, 2 targets'
  );
  expect(problems).toEqual([]);
});

test('the default query returns the open anomalies found on the real Redis processes', async ({ open, problems }) => {
  const page = await open('/explore', { role: 'Viewer', theme: 'dark' });
  await page.getByRole('button', { name: 'Run query' }).click();
  const anomalies = page.getByTestId('host-frames').getByRole('row').filter({ hasText: 'anomalies' });
  await expect(anomalies).toHaveCount(1);
  const rows = Number(await anomalies.getByRole('cell').nth(2).textContent());
  expect(rows).toBeGreaterThan(1);
  await expect(anomalies).toContainText('ruleId');
  expect(problems).toEqual([]);
});
