/**
 * The Grafana screens a plugin renders into, reduced to what the plugin
 * sees: the app's root page under /a/<id>/*, its config pages under
 * /plugins/<id>, the datasource's config editor (with Save & test) under
 * /connections/datasources/edit/<uid>, its query editor in /explore, and a
 * panel plugin fed by the query a shipped dashboard gives it.
 */
import React, { useEffect, useMemo, useState, type ReactNode } from 'react';
import { css } from '@emotion/css';
import { lastValueFrom, type Observable } from 'rxjs';
import {
  applyFieldOverrides,
  dateTime,
  EventBusSrv,
  LoadingState,
  PanelOptionsEditorBuilder,
  type AppPlugin,
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataSourceSettings,
  type GrafanaTheme2,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv, getTemplateSrv, locationService } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Tab, TabsBar, useStyles2, useTheme2 } from '@grafana/ui';
import { useLocation, useParams } from 'react-router-dom-v5-compat';
import set from 'lodash/set';
import { hostContext, type DashboardPanel, type HostDashboard } from './host-context';
import { importAppPlugin, importPanelPlugin, variableDefaults } from './services';

/** Runs an async loader once per key; errors are logged (console.error fails the browser tests) and shown. */
function useLoaded<T>(key: string, load: () => Promise<T>): { value?: T; error?: Error } {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  useEffect(() => {
    let live = true;
    setState({});
    load().then(
      (value) => live && setState({ value }),
      (error: Error) => {
        console.error(`test host: ${key}: ${error?.stack ?? error}`);
        if (live) setState({ error });
      }
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

const Loading = () => <LoadingPlaceholder text="Loading..." />;

function Failed({ error }: { error: Error }) {
  return (
    <Alert severity="error" title="The test host could not show this">
      {error.message}
    </Alert>
  );
}

export function AppRootView() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const { value: plugin, error } = useLoaded(`app ${pluginId}`, () => importAppPlugin(pluginId));
  if (error) return <Failed error={error} />;
  if (!plugin) return <Loading />;
  if (!plugin.root) return <Failed error={new Error(`${pluginId} has no root page`)} />;
  const Root = plugin.root;
  return (
    <Root
      meta={plugin.meta}
      basename={`/a/${pluginId}`}
      onNavChanged={() => {}}
      query={Object.fromEntries(new URLSearchParams(location.search))}
      path={location.pathname}
    />
  );
}

export function AppConfigView() {
  const { pluginId = '' } = useParams();
  const location = useLocation();
  const { value: plugin, error } = useLoaded(`app config ${pluginId}`, () => importAppPlugin(pluginId));
  if (error) return <Failed error={error} />;
  if (!plugin) return <Loading />;
  const pages = (plugin as AppPlugin).configPages ?? [];
  if (pages.length === 0) return <Failed error={new Error(`${pluginId} has no config pages`)} />;
  const wanted = new URLSearchParams(location.search).get('page');
  const page = pages.find((p) => p.id === wanted) ?? pages[0];
  const Body = page.body;
  return (
    <>
      <h1>{plugin.meta.name}</h1>
      <TabsBar>
        {pages.map((p) => (
          <Tab
            key={p.id}
            label={p.title}
            icon={p.icon}
            active={p.id === page.id}
            onChangeTab={() => locationService.partial({ page: p.id })}
          />
        ))}
      </TabsBar>
      <Body plugin={plugin} query={Object.fromEntries(new URLSearchParams(location.search))} />
    </>
  );
}

export function DatasourceConfigView() {
  const { uid = '' } = useParams();
  const { value: ds, error } = useLoaded(`datasource ${uid}`, () => getDataSourceSrv().get(uid));
  const [options, setOptions] = useState<DataSourceSettings | undefined>();
  const [test, setTest] = useState<{ status: string; message: string } | undefined>();
  useEffect(() => {
    if (!ds) return;
    const settings = hostContext().datasource;
    setOptions({
      id: settings.id ?? 1,
      uid: settings.uid,
      orgId: 1,
      name: settings.name,
      type: settings.type,
      typeName: settings.meta.name,
      typeLogoUrl: settings.meta.info.logos.small,
      access: 'proxy',
      url: '',
      user: '',
      database: '',
      basicAuth: false,
      basicAuthUser: '',
      isDefault: true,
      jsonData: settings.jsonData,
      secureJsonFields: { apiToken: true },
      readOnly: settings.readOnly,
      withCredentials: false,
    });
  }, [ds]);
  if (error) return <Failed error={error} />;
  if (!ds || !options) return <Loading />;
  const ConfigEditor = ds.components?.ConfigEditor;
  if (!ConfigEditor) return <Failed error={new Error('the datasource has no ConfigEditor')} />;
  const saveAndTest = async () => {
    setTest(undefined);
    const result = await ds.testDatasource();
    setTest({ status: result.status, message: result.message });
  };
  return (
    <>
      <h1>{options.name}</h1>
      <ConfigEditor options={options} onOptionsChange={setOptions} />
      <Button onClick={saveAndTest} data-testid="data-testid Data source settings page Save and Test button">
        Save &amp; test
      </Button>
      {test && <Alert severity={test.status === 'success' ? 'success' : 'error'} title={test.message} />}
    </>
  );
}

function requestFor(targets: DataQuery[], range: TimeRange): DataQueryRequest {
  return {
    requestId: `host-${Date.now()}`,
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 500,
    range,
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

interface DashboardVariable {
  name: string;
  type: string;
  query?: DataQuery;
  sort?: number;
  current?: { value?: string | string[] };
}

/**
 * Gives each of the dashboard's query variables that neither the URL nor the dashboard sets a value the way
 * Grafana does on load: in the dashboard's order (so $node sees $target), the variable's query through the
 * datasource's variable support, sorted as the variable says, its first option.
 */
async function resolveVariables(dashboard: HostDashboard, ds: DataSourceApi, range: TimeRange) {
  const inUrl = new URLSearchParams(window.location.search);
  for (const variable of (dashboard.templating?.list ?? []) as DashboardVariable[]) {
    if (variable.type !== 'query' || inUrl.has(`var-${variable.name}`)) continue;
    const saved = variable.current?.value;
    if (saved && saved.length) {
      variableDefaults.set(variable.name, [saved].flat());
      continue;
    }
    const support = ds.variables as unknown as { query(r: DataQueryRequest): Observable<DataQueryResponse> };
    const query = { refId: variable.name, ...variable.query } as DataQuery;
    const response = await lastValueFrom(support.query(requestFor([query], range)));
    const options = (response.data[0] as DataFrame | undefined)?.fields.find((f) => f.name === 'value')?.values ?? [];
    const values = [...options].map(String);
    if (variable.sort === 1) values.sort((a, b) => a.localeCompare(b));
    if (!values.length) throw new Error(`the dashboard variable $${variable.name} has no options`);
    variableDefaults.set(variable.name, [values[0]]);
  }
}

function lastHour(): TimeRange {
  const to = dateTime();
  const from = dateTime(to).subtract(1, 'hour');
  return { from, to, raw: { from: 'now-1h', to: 'now' } };
}

function FramesSummary({ frames }: { frames: DataFrame[] }) {
  return (
    <table data-testid="host-frames">
      <caption>Frames returned through /api/ds/query</caption>
      <thead>
        <tr>
          <th scope="col">Frame</th>
          <th scope="col">Fields</th>
          <th scope="col">Rows</th>
        </tr>
      </thead>
      <tbody>
        {frames.map((frame, i) => (
          <tr key={i}>
            <td>{frame.name ?? frame.refId}</td>
            <td>{frame.fields.map((f) => f.name).join(', ')}</td>
            <td>{frame.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExploreView() {
  const { value: ds, error } = useLoaded('explore datasource', () => getDataSourceSrv().get(null));
  const [query, setQuery] = useState<DataQuery | undefined>();
  const [result, setResult] = useState<{ frames: DataFrame[]; error?: string } | undefined>();
  useEffect(() => {
    if (ds)
      setQuery({ refId: 'A', datasource: { type: ds.type, uid: ds.uid }, ...ds.getDefaultQuery?.('explore' as never) });
  }, [ds]);
  if (error) return <Failed error={error} />;
  if (!ds || !query) return <Loading />;
  const QueryEditor = ds.components?.QueryEditor;
  if (!QueryEditor) return <Failed error={new Error('the datasource has no QueryEditor')} />;
  const run = async () => {
    const response = await lastValueFrom((ds as DataSourceApi).query(requestFor([query], lastHour())) as never);
    const r = response as { data: DataFrame[]; error?: { message?: string } };
    setResult({ frames: r.data, error: r.error?.message });
  };
  return (
    <>
      <h1>Explore</h1>
      <QueryEditor datasource={ds} query={query} onChange={setQuery} onRunQuery={run} app={'explore' as never} />
      <Button onClick={run}>Run query</Button>
      {result?.error && <Alert severity="error" title={result.error} />}
      {result && <FramesSummary frames={result.frames} />}
    </>
  );
}

function findPanel(panels: DashboardPanel[] | undefined, type: string): DashboardPanel | undefined {
  for (const panel of panels ?? []) {
    if (panel.type === type) return panel;
    const nested = findPanel(panel.panels, type);
    if (nested) return nested;
  }
  return undefined;
}

function optionDefaults(plugin: PanelPlugin, panel: DashboardPanel): Record<string, unknown> {
  const builder = new PanelOptionsEditorBuilder();
  plugin.getPanelOptionsSupplier()(builder, { data: [] });
  const options: Record<string, unknown> = {};
  for (const item of builder.getItems())
    if (item.defaultValue !== undefined) set(options, item.path, item.defaultValue);
  return { ...options, ...(panel.options ?? {}) };
}

export function PanelView() {
  const { panelId = '' } = useParams();
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const found = useMemo(() => {
    for (const dashboard of hostContext().dashboards) {
      const panel = findPanel(dashboard.panels, panelId);
      if (panel) return { dashboard, panel };
    }
    return undefined;
  }, [panelId]);
  const { value, error } = useLoaded(`panel ${panelId}`, async () => {
    if (!found) throw new Error(`no shipped dashboard uses the panel ${panelId}`);
    const plugin = await importPanelPlugin(panelId);
    const ds = await getDataSourceSrv().get(null);
    const range = lastHour();
    await resolveVariables(found.dashboard, ds, range);
    const targets = (found.panel.targets ?? []).map((t) => ({
      ...t,
      refId: String(t.refId ?? 'A'),
      datasource: { type: ds.type, uid: ds.uid },
    })) as DataQuery[];
    const request = requestFor(targets, range);
    const response = (await lastValueFrom(ds.query(request) as never)) as {
      data: DataFrame[];
      error?: { message?: string };
    };
    if (response.error) throw new Error(`the panel's query failed: ${response.error.message}`);
    return { plugin, range, request, frames: response.data };
  });
  if (error) return <Failed error={error} />;
  if (!value || !found) return <Loading />;
  const { plugin, range, request, frames } = value;
  // Grafana shows panel titles with the dashboard's variables replaced.
  const title = getTemplateSrv().replace(found.panel.title ?? '');
  const fieldConfig = { defaults: {}, overrides: [], ...(found.panel.fieldConfig ?? {}) };
  const series = applyFieldOverrides({
    data: frames,
    fieldConfig: fieldConfig as never,
    replaceVariables: (s: string) => getTemplateSrv().replace(s),
    theme,
    timeZone: 'utc',
    fieldConfigRegistry: plugin.fieldConfigRegistry,
  });
  // Grafana hands a panel the request its data came from (panels read the datasource from it).
  const data: PanelData = { state: LoadingState.Done, series, timeRange: range, request };
  const Panel = plugin.panel!;
  const width = 1100;
  const height = 520;
  return (
    <>
      <h1>{title || plugin.meta.name}</h1>
      <section aria-label={`Panel ${title || panelId}`} className={styles.panel} style={{ width, height }}>
        <Panel
          id={found.panel.id ?? 1}
          data={data}
          timeRange={range}
          timeZone="utc"
          options={optionDefaults(plugin, found.panel)}
          fieldConfig={fieldConfig as never}
          transparent={false}
          width={width - 16}
          height={height - 16}
          renderCounter={0}
          title={title}
          eventBus={new EventBusSrv()}
          onOptionsChange={() => {}}
          onFieldConfigChange={() => {}}
          replaceVariables={(s: string) => getTemplateSrv().replace(s)}
          onChangeTimeRange={() => {}}
        />
      </section>
    </>
  );
}

export function NotFound() {
  return <Alert severity="error" title={`The test host has no page at ${window.location.pathname}`} />;
}

/** Grafana shows a page only to roles its include allows. */
export function RoleGate({ role, children }: { role?: string; children: ReactNode }) {
  const order = ['Viewer', 'Editor', 'Admin'];
  const userRole = config.bootData.user.orgRole;
  if (role && order.indexOf(userRole) < order.indexOf(role)) {
    return <Alert severity="warning" title={`Access denied: this page needs the ${role} role`} />;
  }
  return <>{children}</>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    padding: theme.spacing(1),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
