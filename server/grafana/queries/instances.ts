/** queryType "instances": one row per node of the tenant's targets, with health and open anomaly counts. */
import type { InstanceRow } from '../../service/read-service.js';
import { booleanField, numberField, stringField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { TABLE_META } from './table-meta.js';
import { optionalTargetId } from './target-ref.js';

export async function instancesQuery(ctx: QueryContext, model: QueryModel<'instances'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const rows = await ctx.service.listInstances(ctx.identity, targetId ? { targetId } : undefined);
  const col = <T>(pick: (r: InstanceRow) => T): T[] => rows.map(pick);
  return [
    {
      name: 'instances',
      refId: ctx.refId,
      meta: TABLE_META,
      fields: [
        stringField(
          'target',
          col((r) => r.targetName),
          { config: { displayName: 'Target' } }
        ),
        stringField(
          'address',
          col((r) => r.address),
          { config: { displayName: 'Address' } }
        ),
        stringField(
          'kind',
          col((r) => r.kind),
          { config: { displayName: 'Kind' } }
        ),
        stringField(
          'role',
          col((r) => r.role),
          { config: { displayName: 'Role' } }
        ),
        stringField(
          'version',
          col((r) => r.version),
          { nullable: true, config: { displayName: 'Version' } }
        ),
        booleanField(
          'reachable',
          col((r) => r.reachable),
          { config: { displayName: 'Reachable' } }
        ),
        stringField(
          'error',
          col((r) => r.error ?? null),
          { nullable: true, config: { displayName: 'Error' } }
        ),
        numberField(
          'openCritical',
          col((r) => r.openCritical),
          { config: { displayName: 'Critical', decimals: 0 } }
        ),
        numberField(
          'openWarning',
          col((r) => r.openWarning),
          { config: { displayName: 'Warning', decimals: 0 } }
        ),
        numberField(
          'openNotice',
          col((r) => r.openNotice),
          { config: { displayName: 'Notice', decimals: 0 } }
        ),
        timeField(
          'lastAnalysedAt',
          col((r) => r.lastAnalysedAt),
          { nullable: true, config: { displayName: 'Last analysed' } }
        ),
        stringField(
          'targetId',
          col((r) => r.targetId),
          { config: { displayName: 'Target id' } }
        ),
      ],
    },
  ];
}
