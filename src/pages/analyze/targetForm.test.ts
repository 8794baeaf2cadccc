import { parseLabels, validateTargetForm } from './targetForm';

describe('Analyze form checks', () => {
  it('names the field that is wrong', () => {
    expect(validateTargetForm({ name: '', url: 'http://x', password: '', labels: 'Bad Label=1' })).toEqual({
      name: expect.stringMatching(/Name/),
      url: expect.stringMatching(/redis:\/\//),
      labels: expect.stringMatching(/Bad Label/),
    });
  });

  it('accepts the three address forms and node-scoped labels', () => {
    for (const url of ['redis://10.0.0.1:6380', 'rediss://cache:6380', 'redis-sentinel://s1:26379,s2:26379/mymaster']) {
      expect(validateTargetForm({ name: 'a', url, password: '', labels: '' })).toEqual({});
    }
    expect(parseLabels('env=prod\n10.0.0.1:6379/role=cache, team = core').labels).toEqual({
      env: 'prod',
      '10.0.0.1:6379/role': 'cache',
      team: 'core',
    });
  });
});
