/**
 * queryType "annotations": anomaly opened / resolved / reopened and
 * configuration drift as Grafana annotations. Grafana's annotation support
 * reads the fields time, timeEnd, title, text and tags from a frame.
 */
import type { TargetEvent } from '../../domain/records.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields, type Column } from '../frames/table-columns.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { optionalTargetId } from './target-ref.js';

const detailText = (detail: Record<string, unknown>): string =>
  Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');

/** An instant annotation per event (timeEnd = time), tagged with its kind and target name. */
function annotationColumns(names: Map<string, string>): Column<TargetEvent>[] {
  const col = columnsOf<TargetEvent>();
  const target = (e: TargetEvent) => names.get(e.targetId) ?? e.targetId;
  return [
    col.time('time', (e) => e.at),
    col.time('timeEnd', (e) => e.at),
    col.string('title', (e) => e.title),
    col.string('text', (e) => detailText(e.detail)),
    col.string('tags', (e) => ['redislens', e.kind, target(e)].join(',')),
    col.string('target', target),
  ];
}

export async function annotationsQuery(ctx: QueryContext, model: QueryModel<'annotations'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const names = new Map((await ctx.service.listTargets(ctx.identity)).map((t) => [t.id, t.name]));
  const events = (await ctx.service.events(ctx.identity, { from: ctx.from, to: ctx.to, targetId })).filter(
    (e) => !model.kind || model.kind.includes(e.kind)
  );
  return [
    {
      name: 'annotations',
      refId: ctx.refId,
      fields: tableFields(events, annotationColumns(names)),
    },
  ];
}
