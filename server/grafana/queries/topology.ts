/**
 * queryType "topology": the target's nodes and links as the two frames
 * Grafana's Node Graph panel reads. The panel finds them by frame name
 * ("nodes", "edges") and its fields by name: id, title, subtitle, mainstat,
 * secondarystat, color / id, source, target, mainstat.
 */
import type { TopologyEdge, TopologyNode } from '../../service/read-service.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields } from '../frames/table-columns.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { resolveTargetId } from './target-ref.js';

/** Unreachable red, anomalies orange, healthy green: the node's ring colour. */
const nodeColour = (n: TopologyNode): string => (!n.reachable ? 'red' : n.mainStat > 0 ? 'orange' : 'green');

const node = columnsOf<TopologyNode>();
const NODE_COLUMNS = [
  node.string('id', (n) => n.id),
  node.string('title', (n) => n.title),
  node.string('subtitle', (n) => n.subTitle),
  node.number('mainstat', (n) => n.mainStat, { displayName: 'open anomalies', decimals: 0 }),
  node.string('secondarystat', (n) => n.secondaryStat),
  node.string('color', nodeColour, { color: { mode: 'fixed' } }),
  node.string('detail__role', (n) => n.role, { displayName: 'Role' }),
  node.string('detail__reachable', (n) => (n.reachable ? 'yes' : 'no'), { displayName: 'Reachable' }),
];

const edge = columnsOf<TopologyEdge>();
const EDGE_COLUMNS = [
  edge.string('id', (e) => e.id),
  edge.string('source', (e) => e.source),
  edge.string('target', (e) => e.target),
  edge.string('mainstat', (e) => e.kind, { displayName: 'link' }),
];

export async function topologyQuery(ctx: QueryContext, model: QueryModel<'topology'>): Promise<Frame[]> {
  const targetId = await resolveTargetId(ctx, model.target);
  const { nodes, edges } = await ctx.service.topology(ctx.identity, { targetId });
  const meta = { preferredVisualisationType: 'nodeGraph' as const };
  return [
    { name: 'nodes', refId: ctx.refId, meta, fields: tableFields(nodes, NODE_COLUMNS) },
    { name: 'edges', refId: ctx.refId, meta, fields: tableFields(edges, EDGE_COLUMNS) },
  ];
}
