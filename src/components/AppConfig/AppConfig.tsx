import React, { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { css } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { DataSourcePicker, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Stack, useStyles2 } from '@grafana/ui';
import { AppSettings, DATASOURCE_TYPE, DEFAULT_DATASOURCE_UID } from '../../constants';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

interface Health {
  status: 'OK' | 'ERROR' | 'UNKNOWN' | string;
  message: string;
}

/** The sidecar's health as the datasource's CheckHealth reports it (the same check Grafana's "Test" runs). */
export async function checkHealth(datasourceUid: string): Promise<Health> {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<Health>({
        url: `/api/datasources/uid/${encodeURIComponent(datasourceUid)}/health`,
        showErrorAlert: false,
      })
    );
    return response.data;
  } catch (error) {
    const data = (error as { data?: Partial<Health> }).data;
    return { status: 'ERROR', message: data?.message ?? `datasource ${datasourceUid} did not answer its health check` };
  }
}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const s = useStyles2(getStyles);
  const { enabled, pinned, jsonData } = plugin.meta;
  const [datasourceUid, setDatasourceUid] = useState(jsonData?.datasourceUid || DEFAULT_DATASOURCE_UID);
  const [checked, setChecked] = useState<{ key: string; health: Health } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [saveError, setSaveError] = useState<string | undefined>();
  // A result shows only for the datasource and attempt it answers.
  const key = `${datasourceUid}#${attempt}`;
  const health = checked?.key === key ? checked.health : undefined;

  useEffect(() => {
    let current = true;
    checkHealth(datasourceUid).then((h) => current && setChecked({ key: `${datasourceUid}#${attempt}`, health: h }));
    return () => {
      current = false;
    };
  }, [datasourceUid, attempt]);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await updatePlugin(plugin.meta.id, { enabled, pinned, jsonData: { ...jsonData, datasourceUid } });
      // The app reads its settings at load: reload so the pages use the new datasource.
      window.location.reload();
    } catch (error) {
      setSaveError((error as { data?: { message?: string } }).data?.message ?? 'saving the settings failed');
    }
  };

  return (
    <form onSubmit={onSubmit} data-testid={testIds.appConfig.container}>
      <FieldSet label="RedisLens sidecar">
        <Field
          label="Datasource"
          description="The RedisLens datasource the app's pages query; it locates the sidecar and holds its API token"
        >
          <div data-testid={testIds.appConfig.datasource}>
            <DataSourcePicker
              type={DATASOURCE_TYPE}
              current={datasourceUid}
              noDefault
              width={40}
              onChange={(ds) => setDatasourceUid(ds.uid)}
            />
          </div>
        </Field>
        <div data-testid={testIds.appConfig.health} className={s.health}>
          {health === undefined ? (
            <Alert severity="info" title="Checking the sidecar…" />
          ) : (
            <Alert
              severity={health.status === 'OK' ? 'success' : 'error'}
              title={health.status === 'OK' ? 'Sidecar healthy' : 'Sidecar not healthy'}
            >
              {health.message}
            </Alert>
          )}
        </div>
        {saveError && (
          <Alert severity="error" title="Not saved">
            {saveError}
          </Alert>
        )}
        <Stack gap={1}>
          <Button
            type="button"
            variant="secondary"
            data-testid={testIds.appConfig.testHealth}
            onClick={() => setAttempt((a) => a + 1)}
          >
            Check again
          </Button>
          <Button type="submit" data-testid={testIds.appConfig.submit}>
            Save
          </Button>
        </Stack>
      </FieldSet>
    </form>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  health: css({ marginBottom: theme.spacing(2), maxWidth: 640 }),
});

const updatePlugin = async (pluginId: string, data: Partial<PluginMeta<AppSettings>>) =>
  lastValueFrom(getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data }));
