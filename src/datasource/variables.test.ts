import type { Instance, Rule, Target } from '../api/client';
import { variableValues, type VariableSource } from './variables';

const source: VariableSource = {
  targets: async () => [{ id: 't1', name: 'cache' } as Target, { id: 't2', name: 'queue' } as Target],
  instances: async (id) =>
    id === 't1' ? [{ address: '10.0.0.1:6379' } as Instance, { address: '10.0.0.2:6379' } as Instance] : [],
  rules: async () => [
    { id: 'MEM-001', category: 'memory' } as Rule,
    { id: 'SEC-001', category: 'security' } as Rule,
    { id: 'MEM-002', category: 'memory' } as Rule,
  ],
};

describe('variable values', () => {
  it('lists targets, nodes of a target (by name or id), rule ids and categories', async () => {
    expect(await variableValues({ refId: 'v', kind: 'targets' }, source)).toEqual(['cache', 'queue']);
    expect(await variableValues({ refId: 'v', kind: 'nodes', target: 'cache' }, source)).toEqual([
      '10.0.0.1:6379',
      '10.0.0.2:6379',
    ]);
    expect(await variableValues({ refId: 'v', kind: 'nodes', target: 't1' }, source)).toHaveLength(2);
    expect(await variableValues({ refId: 'v', kind: 'rules' }, source)).toEqual(['MEM-001', 'SEC-001', 'MEM-002']);
    expect(await variableValues({ refId: 'v', kind: 'categories' }, source)).toEqual(['memory', 'security']);
  });

  it('says what is wrong with a nodes variable', async () => {
    await expect(variableValues({ refId: 'v', kind: 'nodes' }, source)).rejects.toThrow(/needs a target/);
    await expect(variableValues({ refId: 'v', kind: 'nodes', target: 'nope' }, source)).rejects.toThrow(
      /no target "nope"/
    );
  });
});
