/**
 * queryType "anomalyCounts": anomalies open at each interval bucket of the
 * time range, by severity, as one wide time series frame (a time field,
 * then one number field per severity). This is the frame a Grafana alert
 * rule reduces: provisioning/alerting/redislens-alerts.yaml asks for
 * severity ['critical'] so a frame has exactly one value field, and
 * groupBy 'target' for one frame (one alert instance) per target.
 */
import { SEVERITIES, type Severity } from '../../rules/rule-schema.js';
import { numberField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { SEVERITY_COLOURS } from './table-meta.js';
import { optionalTargetId } from './target-ref.js';

export async function anomalyCountsQuery(ctx: QueryContext, model: QueryModel<'anomalyCounts'>): Promise<Frame[]> {
  const targetId = await optionalTargetId(ctx, model.target);
  if (model.groupBy !== 'target') return [await countsFrame(ctx, model, targetId)];
  // One frame per target: alerting makes one alert instance per labelled series, so a
  // notification (and its link into the app) names the target.
  const targets = (await ctx.service.listTargets(ctx.identity)).filter((t) => !targetId || t.id === targetId);
  return Promise.all(targets.map((t) => countsFrame(ctx, model, t.id, t.name)));
}

async function countsFrame(
  ctx: QueryContext,
  model: QueryModel<'anomalyCounts'>,
  targetId: string | undefined,
  targetName?: string
): Promise<Frame> {
  const buckets = await ctx.service.countAnomalies(ctx.identity, {
    from: ctx.from,
    to: ctx.to,
    intervalMs: ctx.intervalMs,
    filter: { category: model.category, ruleId: model.ruleId, targetId: targetId ? [targetId] : undefined },
  });
  const severities: readonly Severity[] = model.severity ?? SEVERITIES;
  return {
    name: targetName === undefined ? 'anomalyCounts' : `anomalyCounts ${targetName}`,
    refId: ctx.refId,
    // Data plane contract: a wide time series; alerting turns each value field into one series.
    meta: { type: 'timeseries-wide', typeVersion: [0, 1] },
    fields: [
      timeField(
        'time',
        buckets.map((b) => b.time)
      ),
      ...severities.map((severity) =>
        numberField(
          severity,
          buckets.map((b) => b[severity]),
          {
            labels: targetName === undefined ? { severity } : { severity, target: targetName },
            config: {
              displayName: `${severity} anomalies open${targetName === undefined ? '' : ` on ${targetName}`}`,
              decimals: 0,
              color: { mode: 'fixed', fixedColor: SEVERITY_COLOURS[severity] },
            },
          }
        )
      ),
    ],
  };
}
