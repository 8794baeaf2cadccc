/**
 * queryType "metrics": INFO fields over time from the snapshot history, one
 * frame per (target, node, metric) series with labels, in the data plane's
 * "timeseries-multi" shape. The service buckets by the effective interval
 * (raised to respect maxDataPoints, see query-context.ts).
 */
import { numberField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { optionalTargetId } from './target-ref.js';

export async function metricsQuery(ctx: QueryContext, model: QueryModel<'metrics'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  const series = await ctx.service.metricSeries(ctx.identity, {
    from: ctx.from,
    to: ctx.to,
    metrics: model.metrics!,
    targetId,
    node: model.node,
    intervalMs: ctx.intervalMs,
    maxDataPoints: ctx.maxDataPoints,
  });
  return series.map((s) => ({
    name: s.metric,
    refId: ctx.refId,
    meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
    fields: [
      timeField(
        'time',
        s.points.map((p) => p.time)
      ),
      numberField(
        s.metric,
        s.points.map((p) => p.value),
        { labels: { target: s.targetName, node: s.node, metric: s.metric } }
      ),
    ],
  }));
}
