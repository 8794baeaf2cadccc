/**
 * queryType "annotations": anomaly opened / resolved / reopened and
 * configuration drift as Grafana annotations. Grafana's annotation support
 * reads the fields time, timeEnd, title, text and tags from a frame.
 */
import { stringField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { optionalTargetId } from './target-ref.js';

export async function annotationsQuery(ctx: QueryContext, model: QueryModel<'annotations'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const names = new Map((await ctx.service.listTargets(ctx.identity)).map((t) => [t.id, t.name]));
  const events = (await ctx.service.events(ctx.identity, { from: ctx.from, to: ctx.to, targetId })).filter(
    (e) => !model.kind || model.kind.includes(e.kind)
  );
  const text = (detail: Record<string, unknown>) =>
    Object.entries(detail)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('\n');
  return [
    {
      name: 'annotations',
      refId: ctx.refId,
      fields: [
        timeField(
          'time',
          events.map((e) => e.at)
        ),
        timeField(
          'timeEnd',
          events.map((e) => e.at)
        ),
        stringField(
          'title',
          events.map((e) => e.title)
        ),
        stringField(
          'text',
          events.map((e) => text(e.detail))
        ),
        stringField(
          'tags',
          events.map((e) => ['redislens', e.kind, names.get(e.targetId) ?? e.targetId].join(','))
        ),
        stringField(
          'target',
          events.map((e) => names.get(e.targetId) ?? e.targetId)
        ),
      ],
    },
  ];
}
