/**
 * Against a real Grafana with the provisioned RedisLens datasource and a
 * running sidecar (docker compose): Save & test goes through Grafana's
 * backend plugin host (stub handshake, gRPC CheckHealth), and a query runs
 * through QueryData into a panel.
 */
import { expect, test } from './fixtures';

test('Save & test reports the sidecar ready', async ({ readProvisionedDataSource, gotoDataSourceConfigPage }) => {
  const datasource = await readProvisionedDataSource({ fileName: 'redislens.yaml' });
  const configPage = await gotoDataSourceConfigPage(datasource.uid);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /RedisLens sidecar ready/ });
});

test('the default query (open anomalies) returns a table', async ({ panelEditPage, readProvisionedDataSource }) => {
  const datasource = await readProvisionedDataSource({ fileName: 'redislens.yaml' });
  await panelEditPage.datasource.set(datasource.name);
  await panelEditPage.setVisualization('Table');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(panelEditPage.panel.fieldNames).toContainText(['Severity', 'Status', 'Anomaly']);
});
