/** queryType "rules": the rule catalog as this tenant sees it (overrides applied by the service). */
import type { RuleRow } from '../../service/read-service.js';
import type { Frame } from '../frames/frame.js';
import { columnsOf, tableFields } from '../frames/table-columns.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { severityCellConfig, TABLE_META } from './table-meta.js';

const col = columnsOf<RuleRow>();
const RULE_COLUMNS = [
  col.string('id', (r) => r.id, { displayName: 'Rule' }),
  col.string('title', (r) => r.title, { displayName: 'Title' }),
  col.string('category', (r) => r.category, { displayName: 'Category' }),
  col.string('severity', (r) => r.severity, { displayName: 'Severity', ...severityCellConfig }),
  col.string('scope', (r) => r.scope, { displayName: 'Scope' }),
  col.boolean('enabled', (r) => r.enabled, { displayName: 'Enabled' }),
  col.string('requires', (r) => r.requires.join(', '), { displayName: 'Requires' }),
  col.string('rationale', (r) => r.rationale, { displayName: 'Rationale' }),
  col.string('recommendation', (r) => r.recommendation, { displayName: 'Recommendation' }),
  col.string('references', (r) => r.references.join('\n'), { displayName: 'References' }),
];

export async function rulesQuery(ctx: QueryContext, model: QueryModel<'rules'>): Promise<Frame[]> {
  const rows = (await ctx.service.listRules(ctx.identity)).filter(
    (r) =>
      (!model.category || model.category.includes(r.category)) &&
      (!model.severity || model.severity.includes(r.severity))
  );
  return [{ name: 'rules', refId: ctx.refId, meta: TABLE_META, fields: tableFields(rows, RULE_COLUMNS) }];
}
