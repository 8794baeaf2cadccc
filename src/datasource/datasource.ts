import { CoreApp, DataSourceInstanceSettings, ScopedVars, TestDataSourceResponse } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { healthFailureMessage } from './health';
import { RedisLensVariableSupport } from './variables';
import { DEFAULT_QUERY, isRedisLensQueryType, RedisLensOptions, RedisLensQuery } from './types';

export class DataSource extends DataSourceWithBackend<RedisLensQuery, RedisLensOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<RedisLensOptions>) {
    super(instanceSettings);
    this.variables = new RedisLensVariableSupport(this);
    // Annotations run through QueryData like panels; the annotations query type answers
    // frames with time, timeEnd, title, text and tags, which Grafana turns into annotations.
    this.annotations = { getDefaultQuery: () => ({ queryType: 'annotations' }) };
  }

  /** Template variables in a value, e.g. $target in a variable query. */
  replaceVariable(value: string, scopedVars?: ScopedVars): string {
    return getTemplateSrv().replace(value, scopedVars);
  }

  getDefaultQuery(_: CoreApp): Partial<RedisLensQuery> {
    return DEFAULT_QUERY;
  }

  applyTemplateVariables(query: RedisLensQuery, scopedVars: ScopedVars): RedisLensQuery {
    if (!query.target && !query.node && !query.metrics && !query.ruleId && !query.category) {
      return query;
    }
    const replace = (value: string) => getTemplateSrv().replace(value, scopedVars);
    return {
      ...query,
      ...(query.target ? { target: replace(query.target) } : {}),
      ...(query.node ? { node: replace(query.node) } : {}),
      ...(query.metrics ? { metrics: query.metrics.map(replace) } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId.map(replace) } : {}),
      ...(query.category ? { category: query.category.map(replace) } : {}),
    };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    try {
      return await super.testDatasource();
    } catch (error) {
      return { status: 'error', message: healthFailureMessage(error) };
    }
  }

  filterQuery(query: RedisLensQuery): boolean {
    // A query without a known type would only come back from the sidecar as an error.
    return !query.hide && isRedisLensQueryType(query.queryType);
  }
}
