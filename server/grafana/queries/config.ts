/**
 * queryType "config": the target's configuration, one row per node and
 * directive, with Redis's default and the severity of an open anomaly that
 * names the directive (coloured, so a table panel highlights it).
 */
import type { ConfigRow } from '../../service/read-service.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields } from '../frames/table-columns.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { severityCellConfig, TABLE_META } from './table-meta.js';
import { resolveTargetId } from './target-ref.js';

const col = columnsOf<ConfigRow>();
const CONFIG_COLUMNS = [
  col.string('node', (r) => r.node, { displayName: 'Node' }),
  col.string('parameter', (r) => r.directive, { displayName: 'Parameter' }),
  col.string('value', (r) => r.value, { displayName: 'Value' }),
  col.string('default', (r) => r.defaultValue, { nullable: true, displayName: 'Default' }),
  col.boolean('changed', (r) => r.defaultValue !== null && r.defaultValue !== r.value, {
    displayName: 'Changed from default',
  }),
  col.string('severity', (r) => r.severity, {
    nullable: true,
    displayName: 'Finding',
    ...severityCellConfig,
  }),
];

export async function configQuery(ctx: QueryContext, model: QueryModel<'config'>): Promise<Frame[]> {
  const targetId = await resolveTargetId(ctx, model.target);
  const rows = await ctx.service.configRows(ctx.identity, { targetId, node: model.node });
  return [{ name: 'config', refId: ctx.refId, meta: TABLE_META, fields: tableFields(rows, CONFIG_COLUMNS) }];
}
