import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGroups } from './topology.js';
import type { NodeSnapshot } from './snapshot.js';

const clusterNode = (address: string, view: [string, string][]): NodeSnapshot => ({
  address,
  kind: 'redis',
  role: 'master',
  reachable: true,
  collectedAt: '2026-01-01T00:00:00Z',
  failures: {},
  cluster: {
    info: {},
    nodes: view.map(([id, a]) => ({ id, address: a, flags: ['master'], linkState: 'connected', slotCount: 0 })),
  },
});

test('cluster nodes whose views differ for a moment still form one cluster', () => {
  // c has not met a yet: its view lacks it, but it shares b with a's view.
  const nodes = [
    clusterNode('h:1', [
      ['aaa', 'h:1'],
      ['bbb', 'h:2'],
    ]),
    clusterNode('h:2', [
      ['aaa', 'h:1'],
      ['bbb', 'h:2'],
      ['ccc', 'h:3'],
    ]),
    clusterNode('h:3', [
      ['bbb', 'h:2'],
      ['ccc', 'h:3'],
    ]),
  ];
  const groups = buildGroups(nodes, []);
  assert.equal(groups.length, 1);
  assert.deepEqual(groups[0].members, ['h:1', 'h:2', 'h:3']);
  assert.equal(groups[0].id, 'cluster:aaa');
});

test('two separate clusters stay two groups', () => {
  const groups = buildGroups([clusterNode('h:1', [['aaa', 'h:1']]), clusterNode('h:9', [['zzz', 'h:9']])], []);
  assert.equal(groups.length, 2);
});
