/**
 * What the host's server puts in the page next to window.grafanaBootData:
 * the plugins found in dist/, the datasource's instance settings and the
 * shipped dashboards (for the panels' queries).
 */
import type { DataSourceInstanceSettings } from '@grafana/data';

export interface HostPluginInfo {
  id: string;
  type: 'app' | 'datasource' | 'panel';
  name: string;
}

export interface HostPage {
  name: string;
  path: string;
  role?: 'Admin' | 'Editor' | 'Viewer';
  addToNav?: boolean;
  icon?: string;
}

export interface DashboardPanel {
  id?: number;
  type: string;
  title?: string;
  targets?: Record<string, unknown>[];
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  panels?: DashboardPanel[];
}

export interface HostContext {
  app: HostPluginInfo;
  nested: HostPluginInfo[];
  pages: HostPage[];
  datasource: DataSourceInstanceSettings;
  dashboards: HostDashboard[];
}

/** A dashboard the app includes, as its JSON file in dist/ has it. */
export interface HostDashboard {
  path: string;
  title?: string;
  panels?: DashboardPanel[];
  templating?: { list?: Array<{ name: string; type: string } & Record<string, unknown>> };
}

export function hostContext(): HostContext {
  const context = (window as unknown as { __redislensHost?: HostContext }).__redislensHost;
  if (!context) throw new Error('window.__redislensHost is missing: the page was not served by the test host');
  return context;
}
