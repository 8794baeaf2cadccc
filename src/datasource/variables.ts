/**
 * Template variables: targets, nodes of a target, rule ids, categories, so dashboards can have
 * $target and $node. Values come from the sidecar's REST API through the datasource's resources.
 */
import { from, map, type Observable } from 'rxjs';
import { CustomVariableSupport, DataQueryRequest, DataQueryResponse, toDataFrame } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { Instance, Rule, Target } from '../api/client';
import type { DataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';

export const VARIABLE_KINDS = ['targets', 'nodes', 'rules', 'categories'] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];

export interface RedisLensVariableQuery extends DataQuery {
  kind: VariableKind;
  /** For nodes: the target's id or name; template variables such as $target work. */
  target?: string;
}

/** What the values depend on: the REST calls, so the logic is testable without Grafana. */
export interface VariableSource {
  targets(): Promise<Target[]>;
  instances(targetId: string): Promise<Instance[]>;
  rules(): Promise<Rule[]>;
}

export async function variableValues(query: RedisLensVariableQuery, source: VariableSource): Promise<string[]> {
  switch (query.kind) {
    case 'targets':
      return (await source.targets()).map((t) => t.name);
    case 'nodes': {
      const targets = await source.targets();
      const target = targets.find((t) => t.id === query.target || t.name === query.target);
      if (!query.target) {
        throw new Error('a nodes variable needs a target (e.g. $target)');
      }
      if (!target) {
        throw new Error(`no target "${query.target}" for this datasource's token`);
      }
      return (await source.instances(target.id)).map((i) => i.address);
    }
    case 'rules':
      return (await source.rules()).map((r) => r.id);
    case 'categories':
      return [...new Set((await source.rules()).map((r) => r.category))].sort();
  }
}

export class RedisLensVariableSupport extends CustomVariableSupport<DataSource, RedisLensVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<RedisLensVariableQuery>): Observable<DataQueryResponse> {
    const ds = this.datasource;
    const query = request.targets[0];
    const target = query.target ? ds.replaceVariable(query.target, request.scopedVars) : undefined;
    const source: VariableSource = {
      targets: async () => ((await ds.getResource('api/v1/targets')) as { items: Target[] }).items,
      instances: async (id) =>
        ((await ds.getResource(`api/v1/targets/${encodeURIComponent(id)}/instances`)) as { items: Instance[] }).items,
      rules: async () => ((await ds.getResource('api/v1/rules')) as { items: Rule[] }).items,
    };
    return from(variableValues({ ...query, target }, source)).pipe(
      map((values) => ({ data: [toDataFrame(values.map((v) => ({ text: v, value: v })))] }))
    );
  }
}
