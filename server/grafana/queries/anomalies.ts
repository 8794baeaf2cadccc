/**
 * queryType "anomalies": one table row per anomaly seen in the time range
 * (last seen after `from`, first seen before `to`), newest first. By
 * default the open and acknowledged ones; `status` widens or narrows it.
 */
import type { Anomaly } from '../../domain/records.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields, type Column } from '../frames/table-columns.js';
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

/** The table's columns; the target column shows the target's name, falling back to its id. */
function anomalyColumns(targetName: Map<string, string>): Column<Anomaly>[] {
  const col = columnsOf<Anomaly>();
  return [
    col.time('lastSeen', (a) => a.lastSeen, { displayName: 'Last seen' }),
    col.string('severity', (a) => a.severity, { displayName: 'Severity', ...severityCellConfig }),
    col.string('status', (a) => a.status, { displayName: 'Status' }),
    col.string('title', (a) => a.title, { displayName: 'Anomaly' }),
    col.string('target', (a) => targetName.get(a.targetId) ?? a.targetId, { displayName: 'Target' }),
    col.string('resource', (a) => a.resource, { displayName: 'Node or group' }),
    col.string('subject', (a) => a.subject, { nullable: true, displayName: 'Subject' }),
    col.string('ruleId', (a) => a.ruleId, { displayName: 'Rule' }),
    col.string('category', (a) => a.category, { displayName: 'Category' }),
    col.string('message', (a) => a.message, { displayName: 'Message' }),
    col.string('recommendation', (a) => a.recommendation, { displayName: 'Recommendation' }),
    col.time('firstSeen', (a) => a.firstSeen, { displayName: 'First seen' }),
    col.time('resolvedAt', (a) => a.resolvedAt, { nullable: true, displayName: 'Resolved' }),
    col.number('occurrences', (a) => a.occurrences, { displayName: 'Occurrences', decimals: 0 }),
    col.string('id', (a) => a.id, { displayName: 'Id' }),
    col.string('targetId', (a) => a.targetId, { displayName: 'Target id' }),
  ];
}

export async function anomaliesQuery(ctx: QueryContext, model: QueryModel<'anomalies'>): Promise<Frame[]> {
  const [{ items, truncated }, targets] = await Promise.all([
    collect(ctx, model),
    ctx.service.listTargets(ctx.identity),
  ]);
  const targetName = new Map(targets.map((t) => [t.id, t.name]));
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
      fields: tableFields(items, anomalyColumns(targetName)),
    },
  ];
}
