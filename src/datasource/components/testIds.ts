export const testIds = {
  configEditor: {
    apiToken: 'data-testid rl-ds-api-token',
  },
  queryEditor: {
    queryType: 'data-testid rl-ds-query-type',
    target: 'data-testid rl-ds-target',
  },
};
