/**
 * The Analyze form registers a one-off target with opt-in inspections chosen by their checkboxes: the
 * sidecar stores exactly those features, and the analysis that follows runs them (the Clients tab of the
 * new target lists connections).
 */
import { APP_PAGES, TESTIDS } from './support/app-pages';
import { expect, hostState, sidecarApi, test } from './support/host';
import { screenshotPath } from './support/screens';

test('a one-off analysis with Clients and Functions inspections chosen in the form', async ({ open, problems }) => {
  const { targets } = hostState();
  const cache = await sidecarApi('GET', `/api/v1/targets/${targets.cache}`);
  const page = await open(APP_PAGES.analyze, { role: 'Editor', theme: 'light' });
  await page.getByTestId(TESTIDS.analyze.name).fill('cache-inspected-once');
  await page.getByTestId(TESTIDS.analyze.url).fill(cache.url);
  await page.getByTestId(TESTIDS.analyze.inspect('clients')).check({ force: true });
  await page.getByTestId(TESTIDS.analyze.inspect('functions')).check({ force: true });
  await page.screenshot({
    path: screenshotPath(
      'flow-analyze-inspect__light__editor',
      'Analyze form with two inspections chosen, light, Editor'
    ),
    fullPage: true,
  });
  await page.getByTestId(TESTIDS.analyze.oneOff).click();

  const result = page.getByTestId(TESTIDS.analyze.result);
  await expect(result).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  const created = (await sidecarApi('GET', '/api/v1/targets')).items.find(
    (t: { name: string }) => t.name === 'cache-inspected-once'
  );
  try {
    expect(created.inspect).toEqual({ clients: true, functions: true });
    expect(created.enabled).toBe(false);
    await page.getByRole('link', { name: 'Open the target' }).click();
    await page.getByTestId(TESTIDS.targetDetail.tab('clients')).click();
    await expect(page.getByTestId(TESTIDS.targetDetail.clients)).toContainText('client|list');
    expect(problems).toEqual([]);
  } finally {
    await sidecarApi('DELETE', `/api/v1/targets/${created.id}`);
  }
});
