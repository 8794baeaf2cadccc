import React, { ChangeEvent } from 'react';
import { css } from '@emotion/css';
import { DataSourcePluginOptionsEditorProps, GrafanaTheme2 } from '@grafana/data';
import { Field, FieldSet, SecretInput, useStyles2 } from '@grafana/ui';

import { RedisLensOptions, RedisLensSecureJsonData } from '../types';
import { testIds } from './testIds';

type Props = DataSourcePluginOptionsEditorProps<RedisLensOptions, RedisLensSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const styles = useStyles2(getStyles);
  const { secureJsonFields, secureJsonData } = options;

  const onApiTokenChange = (event: ChangeEvent<HTMLInputElement>) => {
    onOptionsChange({
      ...options,
      secureJsonData: { ...secureJsonData, apiToken: event.target.value },
    });
  };

  // Grafana never sends a stored secret back, only the fact that one is set: resetting
  // clears that flag so the field becomes editable again.
  const onApiTokenReset = () => {
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, apiToken: false },
      secureJsonData: { ...secureJsonData, apiToken: '' },
    });
  };

  return (
    <FieldSet label="RedisLens sidecar" className={styles.container}>
      <p className={styles.note}>
        The sidecar address is not set here: a Grafana administrator sets <code>sidecar_address</code> in the{' '}
        <code>[plugin.redislens-analyzer-datasource]</code> section of the Grafana configuration (default{' '}
        <code>127.0.0.1:50051</code>).
      </p>
      <Field
        label="API token"
        description="The token the sidecar uses to identify this data source and its organisation. Stored encrypted and never sent back to the browser."
        required
      >
        <SecretInput
          id="redislens-config-api-token"
          data-testid={testIds.configEditor.apiToken}
          isConfigured={Boolean(secureJsonFields?.apiToken)}
          value={secureJsonData?.apiToken ?? ''}
          placeholder="Paste the token issued by the sidecar"
          width={60}
          onChange={onApiTokenChange}
          onReset={onApiTokenReset}
        />
      </Field>
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({
    maxWidth: theme.breakpoints.values.md,
  }),
  note: css({
    color: theme.colors.text.secondary,
    marginBottom: theme.spacing(2),
  }),
});
