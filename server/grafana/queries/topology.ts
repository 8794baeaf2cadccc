/**
 * queryType "topology": the target's nodes and links as the two frames
 * Grafana's Node Graph panel reads. The panel finds them by frame name
 * ("nodes", "edges") and its fields by name: id, title, subtitle, mainstat,
 * secondarystat, color / id, source, target, mainstat.
 */
import type { TopologyNode } from '../../service/read-service.js';
import { numberField, stringField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { resolveTargetId } from './target-ref.js';

/** Unreachable red, anomalies orange, healthy green: the node's ring colour. */
const nodeColour = (n: TopologyNode): string => (!n.reachable ? 'red' : n.mainStat > 0 ? 'orange' : 'green');

export async function topologyQuery(ctx: QueryContext, model: QueryModel<'topology'>): Promise<Frame[]> {
  const targetId = await resolveTargetId(ctx, model.target);
  const { nodes, edges } = await ctx.service.topology(ctx.identity, { targetId });
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  return [
    {
      name: 'nodes',
      refId: ctx.refId,
      meta,
      fields: [
        stringField(
          'id',
          nodes.map((n) => n.id)
        ),
        stringField(
          'title',
          nodes.map((n) => n.title)
        ),
        stringField(
          'subtitle',
          nodes.map((n) => n.subTitle)
        ),
        numberField(
          'mainstat',
          nodes.map((n) => n.mainStat),
          { config: { displayName: 'open anomalies', decimals: 0 } }
        ),
        stringField(
          'secondarystat',
          nodes.map((n) => n.secondaryStat)
        ),
        stringField('color', nodes.map(nodeColour), { config: { color: { mode: 'fixed' } } }),
        stringField(
          'detail__role',
          nodes.map((n) => n.role),
          { config: { displayName: 'Role' } }
        ),
        stringField(
          'detail__reachable',
          nodes.map((n) => (n.reachable ? 'yes' : 'no')),
          { config: { displayName: 'Reachable' } }
        ),
      ],
    },
    {
      name: 'edges',
      refId: ctx.refId,
      meta,
      fields: [
        stringField(
          'id',
          edges.map((e) => e.id)
        ),
        stringField(
          'source',
          edges.map((e) => e.source)
        ),
        stringField(
          'target',
          edges.map((e) => e.target)
        ),
        stringField(
          'mainstat',
          edges.map((e) => e.kind),
          { config: { displayName: 'link' } }
        ),
      ],
    },
  ];
}
