/**
 * Every view of the built plugin, discovered from dist/ (catalog.ts), in
 * both themes and as every role Grafana would show it to: it renders with
 * no console error and no unhandled rejection, passes axe with no serious or
 * critical violation, and leaves a screenshot.
 */
import AxeBuilder from '@axe-core/playwright';
import { views } from './support/catalog';
import { expect, hostState, test, type Theme } from './support/host';
import { screenshotPath } from './support/screens';

const THEMES: Theme[] = ['dark', 'light'];

for (const view of views()) {
  for (const theme of THEMES) {
    for (const role of view.roles) {
      test(`${view.name} (${view.path}) renders cleanly, ${theme}, as ${role}`, async ({ open, problems }) => {
        const page = await open(view.path, { role, theme });
        await expect(page.getByTestId('host-user')).toContainText(`(${role}, ${theme})`);
        // Nothing the host showed as "could not show this" (a plugin that failed to load or render).
        await expect(page.getByText('The test host could not show this')).toHaveCount(0);

        // axe judges the resting state: the pointer may still rest where an earlier test clicked.
        await page.mouse.move(0, 0);
        const axe = await new AxeBuilder({ page }).analyze();
        const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        const report = serious.map(
          (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`
        );

        await page.screenshot({
          path: screenshotPath(`${view.name}__${theme}__${role}`, `${view.description}, ${theme} theme, as ${role}`),
          fullPage: true,
        });
        expect(problems, 'console errors and unhandled rejections').toEqual([]);
        expect(report, 'serious or critical axe violations').toEqual([]);
      });
    }
  }
}

test('the plugin called no Grafana API the host does not serve', async () => {
  const response = await fetch(`${hostState().url}/__host/state`);
  const { unimplemented } = (await response.json()) as { unimplemented: string[] };
  expect(unimplemented).toEqual([]);
});
