/**
 * The topology of the `sessions` Sentinel set (master, two replicas, three
 * Sentinels; the second replica's process is stopped) marks the dead replica
 * unreachable. (Its findings, TOPO-001 and SENTINEL-201, are raised on the
 * master group `mymaster`, not on the replica's address, so the node table's
 * worst-severity column has nothing for the dead replica itself.)
 * The graph itself is Grafana's Node Graph drawn through PanelRenderer, which
 * the test host does not implement (it renders an empty placeholder carrying
 * the frames it was given): the spec checks the frames reach it and asserts
 * on the page's node table, which shows every node with its state.
 */
import { APP_PAGES, TESTIDS } from './support/app-pages';
import { expect, hostState, test } from './support/host';
import { screenshotPath } from './support/screens';

test('the dead replica of the Sentinel set is marked unreachable', async ({ open, problems }) => {
  const { targets, deadReplica } = hostState();
  const page = await open(APP_PAGES.topology(targets.sessions), { role: 'Viewer', theme: 'dark' });

  const renderer = page.getByTestId(TESTIDS.topology.graph).getByTestId('host-panel-renderer');
  await expect(renderer).toHaveAttribute('data-plugin-id', 'nodeGraph');
  await expect(renderer).not.toHaveAttribute('data-frames', '0');

  const nodes = page.getByTestId(TESTIDS.topology.nodes);
  const node = nodes.getByTestId(TESTIDS.topology.node(deadReplica));
  await expect(node).toBeVisible();
  await expect(node).toHaveAttribute('data-reachable', 'false');
  await expect(node).toContainText(/unreachable/i);
  // The live nodes are up.
  await expect(nodes.locator('tbody tr[data-reachable="true"]')).not.toHaveCount(0);
  await page.screenshot({
    path: screenshotPath(
      'flow-topology-sessions__dark__viewer',
      'topology of the sessions Sentinel set (dead replica), dark, Viewer'
    ),
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
