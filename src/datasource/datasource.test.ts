import { CoreApp, DataSourceInstanceSettings, PluginType, ScopedVars } from '@grafana/data';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';

import { DataSource } from './datasource';
import { RedisLensOptions, RedisLensQuery } from './types';

const instanceSettings = {
  id: 1,
  uid: 'redislens-uid',
  type: 'redislens-analyzer-datasource',
  name: 'RedisLens',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'redislens-analyzer-datasource', name: 'RedisLens', type: PluginType.datasource },
} as unknown as DataSourceInstanceSettings<RedisLensOptions>;

describe('DataSource', () => {
  const ds = new DataSource(instanceSettings);

  beforeAll(() => {
    setTemplateSrv({
      replace: (text?: string, scopedVars?: ScopedVars) =>
        (text ?? '').replace(/\$(\w+)/g, (variable, name: string) => String(scopedVars?.[name]?.value ?? variable)),
    } as unknown as TemplateSrv);
  });

  it('defaults new queries to anomalies', () => {
    expect(ds.getDefaultQuery(CoreApp.PanelEditor)).toEqual({ queryType: 'anomalies' });
  });

  it.each(['anomalies', 'anomalyCounts', 'instances', 'metrics', 'config', 'topology', 'rules'])(
    'runs a %s query',
    (queryType) => {
      expect(ds.filterQuery({ refId: 'A', queryType } as RedisLensQuery)).toBe(true);
    }
  );

  it('skips queries without a known type and hidden queries', () => {
    expect(ds.filterQuery({ refId: 'A' } as RedisLensQuery)).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'keys' } as unknown as RedisLensQuery)).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'anomalies', hide: true })).toBe(false);
  });

  it('interpolates template variables in the target', () => {
    const scopedVars: ScopedVars = { target: { text: 'cache-1', value: '10.0.0.5:6379' } };
    const query: RedisLensQuery = { refId: 'A', queryType: 'instances', target: '$target' };
    expect(ds.applyTemplateVariables(query, scopedVars)).toEqual({ ...query, target: '10.0.0.5:6379' });
  });

  it('interpolates template variables in the node and the metric names', () => {
    const scopedVars: ScopedVars = {
      node: { text: 'n', value: '10.0.0.6:6379' },
      metric: { text: 'm', value: 'used_memory' },
    };
    const query: RedisLensQuery = {
      refId: 'A',
      queryType: 'metrics',
      node: '$node',
      metrics: ['$metric', 'connected_clients'],
    };
    expect(ds.applyTemplateVariables(query, scopedVars)).toEqual({
      ...query,
      node: '10.0.0.6:6379',
      metrics: ['used_memory', 'connected_clients'],
    });
  });

  it('leaves a query without target untouched', () => {
    const query: RedisLensQuery = { refId: 'A', queryType: 'rules' };
    expect(ds.applyTemplateVariables(query, {})).toBe(query);
  });
});
