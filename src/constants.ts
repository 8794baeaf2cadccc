import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;
/** The provisioned datasource (provisioning/datasources/redislens.yaml); the config page may pick another. */
export const DEFAULT_DATASOURCE_UID = 'redislens';
export const DATASOURCE_TYPE = 'redislens-analyzer-datasource';

export enum ROUTES {
  Overview = 'overview',
  Anomalies = 'anomalies',
  Targets = 'targets',
  History = 'history',
  Rules = 'rules',
  Topology = 'topology',
  Analyze = 'analyze',
}

/** The app's settings (jsonData of /api/plugins/<id>/settings). */
export interface AppSettings {
  datasourceUid?: string;
}
