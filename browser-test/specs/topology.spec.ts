/**
 * The topology of the `sessions` Sentinel set (master, two replicas, three
 * Sentinels; the second replica's process is stopped) marks the dead replica
 * unreachable and colours it by its worst open severity.
 */
import { APP_PAGES, pendingReason, TESTIDS } from './support/app-pages';
import { expect, hostState, test } from './support/host';

test('the dead replica of the Sentinel set is marked unreachable', async ({ open, problems }) => {
  const { targets, deadReplica } = hostState();
  const pending = pendingReason(APP_PAGES.topology(targets.sessions));
  test.fixme(pending !== undefined, pending);

  const page = await open(APP_PAGES.topology(targets.sessions), { role: 'Viewer', theme: 'dark' });
  await expect(page.getByTestId(TESTIDS.topology.graph)).toBeVisible();
  const node = page.getByTestId(TESTIDS.topology.node(deadReplica));
  await expect(node).toBeVisible();
  await expect(node).toContainText(/unreachable/i);
  expect(problems).toEqual([]);
});
