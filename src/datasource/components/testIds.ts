export const testIds = {
  configEditor: {
    apiToken: 'data-testid rl-ds-api-token',
  },
  variableEditor: {
    kind: 'data-testid rl-ds-variable-kind',
    target: 'data-testid rl-ds-variable-target',
  },
  queryEditor: {
    queryType: 'data-testid rl-ds-query-type',
    target: 'data-testid rl-ds-target',
    severity: 'data-testid rl-ds-severity',
    status: 'data-testid rl-ds-status',
    metrics: 'data-testid rl-ds-metrics',
    node: 'data-testid rl-ds-node',
    limit: 'data-testid rl-ds-limit',
    category: 'data-testid rl-ds-category',
    ruleId: 'data-testid rl-ds-rule-id',
    kind: 'data-testid rl-ds-event-kind',
    groupBy: 'data-testid rl-ds-group-by',
  },
};
