/**
 * queryType "targetHealth": per enabled target, whether its last analysis
 * reached any node (analysable 1/0), as one wide time-series frame per
 * target at the range's end, the field labelled with the target's name (one
 * field per frame, so each series is told apart by its labels alone).
 * Unreachable nodes of a target that was analysed are TOPO-001 anomalies. An alert rule reduces it to find
 * targets RedisLens cannot analyse; a target with no analysis yet counts as
 * not analysable (the rule's pending period covers a new target).
 */
import { numberField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { optionalTargetId } from './target-ref.js';

export async function targetHealthQuery(ctx: QueryContext, model: QueryModel<'targetHealth'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const targets = (await ctx.service.listTargets(ctx.identity)).filter(
    (t) => t.enabled && (!targetId || t.id === targetId)
  );
  return Promise.all(
    targets.map(async (target): Promise<Frame> => {
      const nodes = await ctx.service.listInstances(ctx.identity, { targetId: target.id });
      const labels = { target: target.name };
      return {
        name: `targetHealth ${target.name}`,
        refId: ctx.refId,
        meta: { type: 'timeseries-wide', typeVersion: [0, 1] },
        fields: [
          timeField('time', [ctx.to]),
          numberField('analysable', [nodes.some((n) => n.reachable) ? 1 : 0], {
            labels,
            config: { displayName: `${target.name} analysable`, decimals: 0 },
          }),
        ],
      };
    })
  );
}
