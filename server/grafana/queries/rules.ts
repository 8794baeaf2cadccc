/** queryType "rules": the rule catalog as this tenant sees it (overrides applied by the service). */
import type { RuleRow } from '../../service/read-service.js';
import { booleanField, stringField, type Frame } from '../frames/frame.js';
import type { QueryContext } from './query-context.js';
import type { QueryModel } from './query-model.js';
import { severityCellConfig, TABLE_META } from './table-meta.js';

export async function rulesQuery(ctx: QueryContext, model: QueryModel<'rules'>): Promise<Frame[]> {
  const rows = (await ctx.service.listRules(ctx.identity)).filter(
    (r) =>
      (!model.category || model.category.includes(r.category)) &&
      (!model.severity || model.severity.includes(r.severity))
  );
  const col = <T>(pick: (r: RuleRow) => T): T[] => rows.map(pick);
  return [
    {
      name: 'rules',
      refId: ctx.refId,
      meta: TABLE_META,
      fields: [
        stringField(
          'id',
          col((r) => r.id),
          { config: { displayName: 'Rule' } }
        ),
        stringField(
          'title',
          col((r) => r.title),
          { config: { displayName: 'Title' } }
        ),
        stringField(
          'category',
          col((r) => r.category),
          { config: { displayName: 'Category' } }
        ),
        stringField(
          'severity',
          col((r) => r.severity),
          { config: { displayName: 'Severity', ...severityCellConfig } }
        ),
        stringField(
          'scope',
          col((r) => r.scope),
          { config: { displayName: 'Scope' } }
        ),
        booleanField(
          'enabled',
          col((r) => r.enabled),
          { config: { displayName: 'Enabled' } }
        ),
        stringField(
          'requires',
          col((r) => r.requires.join(', ')),
          { config: { displayName: 'Requires' } }
        ),
        stringField(
          'rationale',
          col((r) => r.rationale),
          { config: { displayName: 'Rationale' } }
        ),
        stringField(
          'recommendation',
          col((r) => r.recommendation),
          { config: { displayName: 'Recommendation' } }
        ),
        stringField(
          'references',
          col((r) => r.references.join('\n')),
          { config: { displayName: 'References' } }
        ),
      ],
    },
  ];
}
