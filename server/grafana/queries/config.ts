/**
 * queryType "config": the target's configuration, one row per node and
 * directive, with Redis's default and the severity of an open anomaly that
 * names the directive (coloured, so a table panel highlights it).
 */
import type { ConfigRow } from '../../service/read-service.js';
import { booleanField, stringField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { severityCellConfig, TABLE_META } from './table-meta.js';
import { resolveTargetId } from './target-ref.js';

export async function configQuery(ctx: QueryContext, model: QueryModel<'config'>): Promise<Frame[]> {
  const targetId = await resolveTargetId(ctx, model.target);
  const rows = await ctx.service.configRows(ctx.identity, { targetId, node: model.node });
  const col = <T>(pick: (r: ConfigRow) => T): T[] => rows.map(pick);
  return [
    {
      name: 'config',
      refId: ctx.refId,
      meta: TABLE_META,
      fields: [
        stringField(
          'node',
          col((r) => r.node),
          { config: { displayName: 'Node' } }
        ),
        stringField(
          'parameter',
          col((r) => r.directive),
          { config: { displayName: 'Parameter' } }
        ),
        stringField(
          'value',
          col((r) => r.value),
          { config: { displayName: 'Value' } }
        ),
        stringField(
          'default',
          col((r) => r.defaultValue),
          { nullable: true, config: { displayName: 'Default' } }
        ),
        booleanField(
          'changed',
          col((r) => r.defaultValue !== null && r.defaultValue !== r.value),
          { config: { displayName: 'Changed from default' } }
        ),
        stringField(
          'severity',
          col((r) => r.severity),
          { nullable: true, config: { displayName: 'Finding', ...severityCellConfig } }
        ),
      ],
    },
  ];
}
