/**
 * The runtime services Grafana registers before any plugin runs
 * (setDataSourceSrv, setTemplateSrv) and the plugin imports it performs
 * (importAppPlugin, importDataSourcePlugin, importPanelPlugin): meta from
 * /api/plugins/<id>/settings, exports from module.js, `plugin.meta` set.
 */
import {
  AppPlugin,
  DataSourcePlugin,
  PanelPlugin,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type PluginMeta,
  type ScopedVars,
  type TypedVariableModel,
} from '@grafana/data';
import { getBackendSrv, type DataSourceSrv, type TemplateSrv } from '@grafana/runtime';
import { importPluginModule } from './amd-loader';
import type { HostContext } from './host-context';

async function pluginMeta(id: string): Promise<PluginMeta> {
  return getBackendSrv().get<PluginMeta>(`/api/plugins/${id}/settings`);
}

async function moduleExports(meta: PluginMeta): Promise<Record<string, unknown>> {
  return (await importPluginModule(`/${meta.module}`)) as Record<string, unknown>;
}

const apps = new Map<string, Promise<AppPlugin>>();
export function importAppPlugin(id: string): Promise<AppPlugin> {
  let promise = apps.get(id);
  if (!promise) {
    promise = (async () => {
      const meta = await pluginMeta(id);
      const exports = await moduleExports(meta);
      const plugin = exports.plugin;
      if (!(plugin instanceof AppPlugin)) throw new Error(`${meta.module} does not export an AppPlugin as "plugin"`);
      plugin.meta = meta as AppPlugin['meta'];
      plugin.init(meta as AppPlugin['meta']);
      return plugin;
    })();
    apps.set(id, promise);
  }
  return promise;
}

export async function importDataSourcePlugin(meta: PluginMeta): Promise<DataSourcePlugin<DataSourceApi>> {
  const exports = await moduleExports(meta);
  const plugin = exports.plugin;
  if (!(plugin instanceof DataSourcePlugin)) {
    throw new Error(`${meta.module} does not export a DataSourcePlugin as "plugin"`);
  }
  plugin.meta = meta as DataSourcePlugin<DataSourceApi>['meta'];
  return plugin as DataSourcePlugin<DataSourceApi>;
}

export async function importPanelPlugin(id: string): Promise<PanelPlugin> {
  const meta = await pluginMeta(id);
  const exports = await moduleExports(meta);
  const plugin = exports.plugin;
  if (!(plugin instanceof PanelPlugin)) throw new Error(`${meta.module} does not export a PanelPlugin as "plugin"`);
  plugin.meta = meta as PanelPlugin['meta'];
  return plugin;
}

export class HostDataSourceSrv {
  private instances = new Map<string, Promise<DataSourceApi>>();

  constructor(private host: HostContext) {}

  getInstanceSettings(ref?: string | { uid?: string } | null): DataSourceInstanceSettings | undefined {
    const settings = this.host.datasource;
    if (ref === undefined || ref === null || ref === 'default') return settings;
    const key = typeof ref === 'string' ? ref : ref.uid;
    if (key === undefined || key === settings.uid || key === settings.name || key === '${datasource}') return settings;
    return undefined;
  }

  getList(): DataSourceInstanceSettings[] {
    return [this.host.datasource];
  }

  get(ref?: string | { uid?: string } | null): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) return Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = (async () => {
        const plugin = await importDataSourcePlugin(settings.meta);
        const ds = new plugin.DataSourceClass(settings);
        ds.components = plugin.components;
        ds.meta = settings.meta;
        return ds;
      })();
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  reload() {}
  registerRuntimeDataSource() {
    throw new Error('runtime datasources are not supported by the test host');
  }
}

/** Template variables as Grafana replaces them: $name, ${name}, [[name]]; values from the URL's var-<name>. */
/**
 * Values of dashboard variables that the URL does not set: Grafana picks a query variable's first option
 * when the dashboard saved no current value; the panel view fills this as Grafana would (views.tsx).
 */
export const variableDefaults = new Map<string, string[]>();

export class HostTemplateSrv {
  private values(): Record<string, string[]> {
    const values: Record<string, string[]> = Object.fromEntries(variableDefaults);
    new URLSearchParams(window.location.search).forEach((value, key) => {
      if (key.startsWith('var-')) (values[key.slice(4)] ??= []).push(value);
    });
    return values;
  }

  getVariables(): TypedVariableModel[] {
    return Object.entries(this.values()).map(
      ([name, value]) =>
        ({
          name,
          type: 'custom',
          current: { text: value, value },
          options: [],
          query: value.join(','),
        }) as unknown as TypedVariableModel
    );
  }

  containsTemplate(target?: string): boolean {
    return !!target && /\$\w+|\$\{\w+|\[\[\w+/.test(target);
  }

  replace(target?: string, scopedVars?: ScopedVars): string {
    if (!target) return target ?? '';
    const values = this.values();
    return target.replace(/\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g, (match, a, b, c) => {
      const name = a ?? b ?? c;
      const scoped = scopedVars?.[name];
      if (scoped) return String(scoped.value);
      const value = values[name];
      return value ? value.join(',') : match;
    });
  }

  updateTimeRange() {}
}

export const asDataSourceSrv = (srv: HostDataSourceSrv) => srv as unknown as DataSourceSrv;
export const asTemplateSrv = (srv: HostTemplateSrv) => srv as unknown as TemplateSrv;
