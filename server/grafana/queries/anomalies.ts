/**
 * queryType "anomalies": one table row per anomaly seen in the time range
 * (last seen after `from`, first seen before `to`), newest first. By
 * default the open and acknowledged ones; `status` widens or narrows it.
 */
import type { Anomaly } from '../../domain/records.js';
import { numberField, stringField, timeField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { severityCellConfig, TABLE_META } from './table-meta.js';
import { optionalTargetId } from './target-ref.js';

const DEFAULT_STATUSES: Anomaly['status'][] = ['open', 'acknowledged'];
const PAGE = 500;

async function collect(
  ctx: QueryContext,
  model: QueryModel<'anomalies'>
): Promise<{ items: Anomaly[]; truncated: boolean }> {
  const targetId = await optionalTargetId(ctx, model.target);
  const items: Anomaly[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.service.listAnomalies(ctx.identity, {
      severity: model.severity,
      status: model.status ?? DEFAULT_STATUSES,
      category: model.category,
      ruleId: model.ruleId,
      targetId: targetId ? [targetId] : undefined,
      from: ctx.from,
      to: ctx.to,
      sort: 'lastSeen',
      order: 'desc',
      limit: Math.min(PAGE, model.limit - items.length),
      cursor,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < model.limit);
  return { items: items.slice(0, model.limit), truncated: Boolean(cursor) };
}

export async function anomaliesQuery(ctx: QueryContext, model: QueryModel<'anomalies'>): Promise<Frame[]> {
  const [{ items, truncated }, targets] = await Promise.all([
    collect(ctx, model),
    ctx.service.listTargets(ctx.identity),
  ]);
  const targetName = new Map(targets.map((t) => [t.id, t.name]));
  const col = <T>(pick: (a: Anomaly) => T): T[] => items.map(pick);
  return [
    {
      name: 'anomalies',
      refId: ctx.refId,
      meta: {
        ...TABLE_META,
        notices: truncated
          ? [
              {
                severity: 'warning',
                text: `showing the newest ${model.limit} anomalies; narrow the filters or raise limit`,
              },
            ]
          : undefined,
      },
      fields: [
        timeField(
          'lastSeen',
          col((a) => a.lastSeen),
          { config: { displayName: 'Last seen' } }
        ),
        stringField(
          'severity',
          col((a) => a.severity),
          { config: { displayName: 'Severity', ...severityCellConfig } }
        ),
        stringField(
          'status',
          col((a) => a.status),
          { config: { displayName: 'Status' } }
        ),
        stringField(
          'title',
          col((a) => a.title),
          { config: { displayName: 'Anomaly' } }
        ),
        stringField(
          'target',
          col((a) => targetName.get(a.targetId) ?? a.targetId),
          { config: { displayName: 'Target' } }
        ),
        stringField(
          'resource',
          col((a) => a.resource),
          { config: { displayName: 'Node or group' } }
        ),
        stringField(
          'subject',
          col((a) => a.subject ?? null),
          { nullable: true, config: { displayName: 'Subject' } }
        ),
        stringField(
          'ruleId',
          col((a) => a.ruleId),
          { config: { displayName: 'Rule' } }
        ),
        stringField(
          'category',
          col((a) => a.category),
          { config: { displayName: 'Category' } }
        ),
        stringField(
          'message',
          col((a) => a.message),
          { config: { displayName: 'Message' } }
        ),
        stringField(
          'recommendation',
          col((a) => a.recommendation),
          { config: { displayName: 'Recommendation' } }
        ),
        timeField(
          'firstSeen',
          col((a) => a.firstSeen),
          { config: { displayName: 'First seen' } }
        ),
        timeField(
          'resolvedAt',
          col((a) => a.resolvedAt ?? null),
          { nullable: true, config: { displayName: 'Resolved' } }
        ),
        numberField(
          'occurrences',
          col((a) => a.occurrences),
          { config: { displayName: 'Occurrences', decimals: 0 } }
        ),
        stringField(
          'id',
          col((a) => a.id),
          { config: { displayName: 'Id' } }
        ),
        stringField(
          'targetId',
          col((a) => a.targetId),
          { config: { displayName: 'Target id' } }
        ),
      ],
    },
  ];
}
