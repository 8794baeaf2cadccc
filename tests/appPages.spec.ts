/**
 * Against a real Grafana (docker compose, see README "Browser tests"): every
 * page src/plugin.json lists opens inside Grafana with the plugin loaded and
 * no error shown. Page-specific flows are proven without Grafana in
 * browser-test/specs/ against the same built plugin.
 */
import pluginJson from '../src/plugin.json';
import { expect, test } from './fixtures';

const pages = pluginJson.includes.filter(
  (inc): inc is typeof inc & { path: string } =>
    inc.type === 'page' && typeof inc.path === 'string' && inc.path.startsWith('/a/')
);

for (const include of pages) {
  test(`the ${include.name} page opens in Grafana`, async ({ gotoPage, page }) => {
    const route = include.path.replace('%PLUGIN_ID%', pluginJson.id).replace(`/a/${pluginJson.id}`, '');
    await gotoPage(route);
    await expect(page.getByRole('heading', { name: include.name, level: 1 })).toBeVisible();
    await expect(page.getByText(/failed to load|error loading/i)).toHaveCount(0);
  });
}
