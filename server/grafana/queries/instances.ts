/** queryType "instances": one row per node of the tenant's targets, with health and open anomaly counts. */
import type { InstanceRow } from '../../service/read-service.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields } from '../frames/table-columns.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { TABLE_META } from './table-meta.js';
import { optionalTargetId } from './target-ref.js';

const col = columnsOf<InstanceRow>();
const count = { decimals: 0 };

const INSTANCE_COLUMNS = [
  col.string('target', (r) => r.targetName, { displayName: 'Target' }),
  col.string('address', (r) => r.address, { displayName: 'Address' }),
  col.string('kind', (r) => r.kind, { displayName: 'Kind' }),
  col.string('role', (r) => r.role, { displayName: 'Role' }),
  col.string('version', (r) => r.version, { nullable: true, displayName: 'Version' }),
  col.boolean('reachable', (r) => r.reachable, { displayName: 'Reachable' }),
  col.string('error', (r) => r.error, { nullable: true, displayName: 'Error' }),
  col.number('openCritical', (r) => r.openCritical, { displayName: 'Critical', ...count }),
  col.number('openWarning', (r) => r.openWarning, { displayName: 'Warning', ...count }),
  col.number('openNotice', (r) => r.openNotice, { displayName: 'Notice', ...count }),
  col.time('lastAnalysedAt', (r) => r.lastAnalysedAt, { nullable: true, displayName: 'Last analysed' }),
  col.string('targetId', (r) => r.targetId, { displayName: 'Target id' }),
];

export async function instancesQuery(ctx: QueryContext, model: QueryModel<'instances'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const rows = await ctx.service.listInstances(ctx.identity, targetId ? { targetId } : undefined);
  return [{ name: 'instances', refId: ctx.refId, meta: TABLE_META, fields: tableFields(rows, INSTANCE_COLUMNS) }];
}
