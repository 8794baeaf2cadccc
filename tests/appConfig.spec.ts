/**
 * Against a real Grafana: the app's configuration page opens for an Admin,
 * and Grafana lists it under the app's plugin page.
 */
import { expect, test } from './fixtures';

test('the app configuration page opens with the plugin loaded', async ({ appConfigPage, page }) => {
  await expect(appConfigPage.ctx.page).toHaveURL(/\/plugins\/redislens-analyzer-app/);
  await expect(page.getByText(/RedisLens/).first()).toBeVisible();
  await expect(page.getByText(/failed to load|error loading/i)).toHaveCount(0);
});
