import React, { useEffect, useState } from 'react';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  Checkbox,
  Field,
  FieldSet,
  Input,
  LinkButton,
  SecretInput,
  Stack,
  Text,
  TextArea,
} from '@grafana/ui';
import { unwrap, type Analysis, type Target } from '../api/client';
import { exportUrl } from '../common/download';
import { EditorOnly } from '../common/EditorOnly';
import { useSidecar } from '../common/SidecarContext';
import { testIds } from '../components/testIds';
import { targetLink } from '../utils/utils.routing';
import { INSPECT_CHOICES, inspectSetting, type InspectChoice } from './analyze/inspectChoices';
import { parseLabels, validateTargetForm, type FormErrors, type TargetForm } from './analyze/targetForm';

const POLL_MS = 1000;
const EMPTY: TargetForm = { name: '', url: '', password: '', labels: '' };

/**
 * Register a target, or analyse an address once: a one-off is registered paused (no schedule),
 * analysed now, and can be removed after; the REST API has no analysis without a target.
 */
function Analyze() {
  const { client, datasourceUid } = useSidecar();
  const [form, setForm] = useState<TargetForm>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<Target | undefined>();
  const [analysis, setAnalysis] = useState<Analysis | undefined>();
  const [oneOff, setOneOff] = useState(false);
  const [inspect, setInspect] = useState<ReadonlySet<InspectChoice>>(new Set());
  const toggleInspect = (key: InspectChoice) =>
    setInspect((chosen) => {
      const next = new Set(chosen);
      if (!next.delete(key)) {
        next.add(key);
      }
      return next;
    });

  const running = analysis && (analysis.status === 'queued' || analysis.status === 'running');
  useEffect(() => {
    if (!running || !analysis) {
      return;
    }
    const timer = setTimeout(async () => {
      try {
        setAnalysis(await unwrap(client.GET('/api/v1/analyses/{id}', { params: { path: { id: analysis.id } } })));
      } catch (e) {
        setServerError((e as Error).message);
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [client, analysis, running]);

  const submit = async (once: boolean) => {
    const found = validateTargetForm(form);
    setErrors(found);
    setServerError(undefined);
    if (Object.keys(found).length) {
      return;
    }
    setBusy(true);
    try {
      const created = await unwrap(
        client.POST('/api/v1/targets', {
          body: {
            name: form.name.trim(),
            url: form.url.trim(),
            ...(form.password ? { password: form.password } : {}),
            labels: parseLabels(form.labels).labels,
            ...(inspectSetting(inspect) ? { inspect: inspectSetting(inspect) } : {}),
            enabled: !once,
          },
        })
      );
      setTarget(created);
      setOneOff(once);
      setAnalysis(await unwrap(client.POST('/api/v1/targets/{id}/analyses', { params: { path: { id: created.id } } })));
      setForm(EMPTY);
      setInspect(new Set());
    } catch (e) {
      setServerError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (target) {
      await unwrap(client.DELETE('/api/v1/targets/{id}', { params: { path: { id: target.id } } }));
      setTarget(undefined);
      setAnalysis(undefined);
    }
  };
  const field = (key: keyof TargetForm) => ({
    value: form[key],
    invalid: Boolean(errors[key]),
    onChange: (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setForm({ ...form, [key]: e.currentTarget.value }),
  });

  return (
    <PluginPage>
      <div data-testid={testIds.analyze.container}>
        <FieldSet label="Redis to analyse">
          <Field label="Name" invalid={Boolean(errors.name)} error={errors.name}>
            <Input id="rl-analyze-name" data-testid={testIds.analyze.name} width={40} {...field('name')} />
          </Field>
          <Field
            label="Address"
            description="redis://host:port, rediss://host:port for TLS, or redis-sentinel://host:port[,host:port]/master-name; Cluster: any node's redis:// address"
            invalid={Boolean(errors.url)}
            error={errors.url}
          >
            <Input
              id="rl-analyze-url"
              data-testid={testIds.analyze.url}
              width={60}
              placeholder="redis://10.0.0.5:6379"
              {...field('url')}
            />
          </Field>
          <Field
            label="Password"
            description="A reference, $__env{NAME} or $__file{/path}, or the password itself (stored encrypted when the sidecar has REDISLENS_SECRET_KEY)"
          >
            <SecretInput
              id="rl-analyze-password"
              data-testid={testIds.analyze.password}
              width={40}
              isConfigured={false}
              onReset={() => setForm({ ...form, password: '' })}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
          </Field>
          <Field
            label="Labels"
            description="name=value, one per line or separated by commas; host:port/name for one node"
            invalid={Boolean(errors.labels)}
            error={errors.labels}
          >
            <TextArea
              id="rl-analyze-labels"
              data-testid={testIds.analyze.labels}
              rows={2}
              cols={60}
              {...field('labels')}
            />
          </Field>
          <Field
            label="Opt-in inspections"
            description="Off by default: each reads more than INFO and CONFIG (never a value) and needs the ACL rules shown added to RedisLens's user"
          >
            <Stack direction="column" gap={1} alignItems="flex-start">
              {INSPECT_CHOICES.map((choice) => (
                <Checkbox
                  key={choice.key}
                  data-testid={testIds.analyze.inspect(choice.key)}
                  label={choice.label}
                  description={`${choice.reads}. ACL: ${choice.acl}`}
                  value={inspect.has(choice.key)}
                  onChange={() => toggleInspect(choice.key)}
                />
              ))}
            </Stack>
          </Field>
          {serverError && (
            <Alert severity="error" title="The sidecar refused this" data-testid={testIds.analyze.error}>
              {serverError}
            </Alert>
          )}
          <Stack gap={1}>
            <EditorOnly>
              {(disabled) => (
                <Button
                  data-testid={testIds.analyze.register}
                  disabled={disabled || busy}
                  onClick={() => submit(false)}
                >
                  Register and analyse
                </Button>
              )}
            </EditorOnly>
            <EditorOnly>
              {(disabled) => (
                <Button
                  variant="secondary"
                  data-testid={testIds.analyze.oneOff}
                  disabled={disabled || busy}
                  onClick={() => submit(true)}
                >
                  Analyse once
                </Button>
              )}
            </EditorOnly>
          </Stack>
        </FieldSet>

        {target && analysis && (
          <div data-testid={running ? testIds.analyze.progress : testIds.analyze.result} data-status={analysis.status}>
            <h3>
              {target.name}: analysis {analysis.status}
            </h3>
            {running ? (
              <Text>
                {analysis.progress.done} node(s) analysed, {analysis.progress.found} found so far…
              </Text>
            ) : analysis.summary ? (
              <>
                <Text>
                  {analysis.summary.critical} critical, {analysis.summary.warning} warning, {analysis.summary.notice}{' '}
                  notice, {analysis.summary.notEvaluated} not evaluated; {analysis.summary.nodes} node(s),{' '}
                  {analysis.summary.unreachable} unreachable
                </Text>
                <Stack gap={1}>
                  <LinkButton href={targetLink(target.id)}>Open the target</LinkButton>
                  {(['csv', 'json'] as const).map((format) => (
                    <LinkButton
                      key={format}
                      variant="secondary"
                      icon="download-alt"
                      download
                      href={exportUrl(
                        datasourceUid,
                        `/api/v1/analyses/${analysis.id}/export`,
                        new URLSearchParams({ format })
                      )}
                    >
                      {format.toUpperCase()}
                    </LinkButton>
                  ))}
                  {oneOff && (
                    <Button variant="destructive" fill="outline" onClick={remove}>
                      Remove this one-off target
                    </Button>
                  )}
                </Stack>
              </>
            ) : (
              <Alert severity="error" title="The analysis did not finish">
                {analysis.error ?? analysis.status}
              </Alert>
            )}
          </div>
        )}
      </div>
    </PluginPage>
  );
}

export default Analyze;
