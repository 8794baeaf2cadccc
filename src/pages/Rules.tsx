import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Combobox,
  InlineField,
  Input,
  MultiCombobox,
  Stack,
  Switch,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { unwrap, type Rule } from '../api/client';
import { EditorOnly } from '../common/EditorOnly';
import { LoadState } from '../common/LoadState';
import { SeverityBadge } from '../common/Severity';
import { useSidecar } from '../common/SidecarContext';
import { useRules } from '../common/useLists';
import { useLoad } from '../common/useLoad';
import { testIds } from '../components/testIds';
import { ROUTES } from '../constants';
import { SEVERITIES, type Severity } from '../datasource/types';
import { appLink } from '../utils/utils.routing';
import { filterRules } from './rules/ruleFilter';

function Rules() {
  const s = useStyles2(getStyles);
  const { client } = useSidecar();
  const rules = useRules();
  const firing = useLoad(async () => {
    const page = await unwrap(
      client.GET('/api/v1/anomalies', { params: { query: { status: ['open', 'acknowledged'], limit: 500 } } })
    );
    const byRule = new Map<string, Set<string>>();
    for (const a of page.items) {
      byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? new Set()).add(a.resource));
    }
    return byRule;
  }, [client]);
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState<string[]>([]);
  const [severity, setSeverity] = useState<Severity[]>([]);
  const [error, setError] = useState<string | undefined>();
  const categories = useMemo(() => [...new Set((rules.value ?? []).map((r) => r.category))].sort(), [rules.value]);

  const change = async (rule: Rule, body: { enabled?: boolean; severity?: Severity | null }) => {
    setError(undefined);
    try {
      await unwrap(client.PATCH('/api/v1/rules/{id}', { params: { path: { id: rule.id } }, body }));
      rules.reload();
    } catch (e) {
      setError(`${rule.id}: ${(e as Error).message}`);
    }
  };

  return (
    <PluginPage>
      <div data-testid={testIds.rules.container}>
        <Stack gap={1} wrap="wrap">
          <Input
            data-testid={testIds.rules.search}
            aria-label="Search rules"
            placeholder="Search id, title, rationale"
            width={40}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <InlineField label="Category" labelWidth={10}>
            <MultiCombobox
              data-testid={testIds.rules.filterCategory}
              aria-label="Category"
              options={categories.map((c) => ({ value: c, label: c }))}
              value={category}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setCategory(o.map((x) => x.value))}
            />
          </InlineField>
          <InlineField label="Severity" labelWidth={10}>
            <MultiCombobox
              data-testid={testIds.rules.filterSeverity}
              aria-label="Severity"
              options={SEVERITIES.map((v) => ({ value: v, label: v }))}
              value={severity}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setSeverity(o.map((x) => x.value))}
            />
          </InlineField>
        </Stack>
        {error && (
          <Alert severity="error" title="The rule was not changed">
            {error}
          </Alert>
        )}
        <LoadState loaded={rules}>
          {(list) => {
            const visible = filterRules(list, { search, category, severity });
            return (
              <>
                <Text color="secondary">
                  {visible.length}/{list.length} rules
                </Text>
                {visible.map((r) => {
                  const nodes = [...(firing.value?.get(r.id) ?? [])];
                  return (
                    <details key={r.id} className={s.rule} data-testid={testIds.rules.row(r.id)}>
                      <summary className={s.summary}>
                        <SeverityBadge severity={r.severity} /> <strong>{r.id}</strong> {r.title}{' '}
                        <Text color="secondary">
                          {r.category} · {r.scope}
                          {!r.enabled && ' · disabled'}
                        </Text>{' '}
                        {nodes.length > 0 && (
                          <Text color="warning">{`firing on ${nodes.length} node${nodes.length === 1 ? '' : 's'}`}</Text>
                        )}
                      </summary>
                      <div data-testid={testIds.rules.details(r.id)} className={s.details}>
                        {/* The link to triage lives here: a link inside <summary> nests interactive controls (axe). */}
                        {nodes.length > 0 && (
                          <p data-testid={testIds.rules.firing(r.id)}>
                            <TextLink
                              href={appLink(ROUTES.Anomalies, { ruleId: r.id, status: ['open', 'acknowledged'] })}
                            >
                              {`Open findings of ${r.id} on ${nodes.length} node${nodes.length === 1 ? '' : 's'}`}
                            </TextLink>
                          </p>
                        )}
                        <h4>Why</h4>
                        <p>{r.rationale}</p>
                        <h4>Fires when</h4>
                        <pre className={s.pre}>{r.condition}</pre>
                        <h4>Recommendation</h4>
                        <pre className={s.pre}>{r.recommendation}</pre>
                        <p>
                          <Text color="secondary">
                            Needs: {r.requires.length ? r.requires.join(', ') : 'the snapshot only'}
                          </Text>
                        </p>
                        {nodes.length > 0 && <p>Fires on: {nodes.join(', ')}</p>}
                        {r.references.length > 0 && (
                          <ul>
                            {r.references.map((ref) => (
                              <li key={ref}>
                                <TextLink href={ref} external>
                                  {ref}
                                </TextLink>
                              </li>
                            ))}
                          </ul>
                        )}
                        <Stack gap={2} alignItems="center">
                          <EditorOnly>
                            {(disabled) => (
                              <Switch
                                data-testid={testIds.rules.enabled(r.id)}
                                label="Enabled"
                                aria-label={`${r.id} enabled`}
                                value={r.enabled}
                                disabled={disabled}
                                onChange={() => change(r, { enabled: !r.enabled })}
                              />
                            )}
                          </EditorOnly>
                          <span>Enabled for this tenant</span>
                          <EditorOnly>
                            {(disabled) => (
                              <Combobox
                                data-testid={testIds.rules.severity(r.id)}
                                aria-labelledby={`rl-rules-severity-label-${r.id}`}
                                width={16}
                                disabled={disabled}
                                options={SEVERITIES.map((v) => ({ value: v, label: v }))}
                                value={r.severity}
                                onChange={(o) => o && change(r, { severity: o.value })}
                              />
                            )}
                          </EditorOnly>
                          <span id={`rl-rules-severity-label-${r.id}`}>Severity for this tenant</span>
                        </Stack>
                      </div>
                    </details>
                  );
                })}
              </>
            );
          }}
        </LoadState>
      </div>
    </PluginPage>
  );
}

export default Rules;

const getStyles = (theme: GrafanaTheme2) => ({
  rule: css({ borderBottom: `1px solid ${theme.colors.border.weak}`, padding: theme.spacing(1, 0) }),
  summary: css({ cursor: 'pointer' }),
  details: css({ padding: theme.spacing(1, 2) }),
  pre: css({ whiteSpace: 'pre-wrap' }),
});
