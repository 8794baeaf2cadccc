/**
 * The browser half of the test host: what Grafana's frontend does before
 * and around a plugin. It shares the externals of
 * .config/bundler/externals.ts from the same @grafana 12.4 packages the
 * plugin builds against, registers the runtime services, intercepts
 * same-origin link clicks into locationService as Grafana does, and routes
 * Grafana's URLs to the views in views.tsx.
 * window.grafanaBootData is set by the page before this script runs
 * (@grafana/runtime reads it when it is first evaluated).
 */
import React, { useLayoutEffect, useState, type ReactNode } from 'react';
import * as ReactAll from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as rxjs from 'rxjs';
import lodash from 'lodash';
import moment from 'moment';
import i18next from 'i18next';
import * as reactRouter from 'react-router-dom-v5-compat';
import { css } from '@emotion/css';
import { standardEditorsRegistry, ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import { config, locationService, setBackendSrv, setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles, Icon, useStyles2 } from '@grafana/ui';
import { installDefine } from './amd-loader';
import { hostBackendSrv } from './backend-srv';
import { hostContext } from './host-context';
import { hostOptionEditors } from './option-editors';
import { HostPanelRenderer } from './panel-renderer';
import { HostPluginPage } from './plugin-page';
import { asDataSourceSrv, asTemplateSrv, HostDataSourceSrv, HostTemplateSrv } from './services';
import { AppConfigView, AppRootView, DatasourceConfigView, ExploreView, NotFound, PanelView, RoleGate } from './views';

const { Router, Routes, Route } = reactRouter;

// A plugin gets Grafana's runtime with the PluginPage and PanelRenderer Grafana installs at start
// (setPluginPage and setPanelRenderer are internal to Grafana, so the host names them here).
const runtimeForPlugins = { ...grafanaRuntime, PluginPage: HostPluginPage, PanelRenderer: HostPanelRenderer };

installDefine({
  react: ReactAll,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': ReactDOM,
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': runtimeForPlugins,
  rxjs,
  lodash,
  moment,
  i18next,
  // Grafana maps react-router to the react-router-dom-v5-compat instance @grafana/ui uses.
  'react-router': reactRouter,
});

// Grafana registers its panel option editors at start; panel plugins look them up while they load.
standardEditorsRegistry.setInit(hostOptionEditors);

const host = hostContext();
setBackendSrv(hostBackendSrv);
setDataSourceSrv(asDataSourceSrv(new HostDataSourceSrv(host)));
setTemplateSrv(asTemplateSrv(new HostTemplateSrv()));

window.addEventListener('unhandledrejection', (event) => {
  console.error(`unhandled rejection: ${event.reason?.stack ?? event.reason}`);
});

// Grafana turns same-origin link clicks into locationService.push (no full reload).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const anchor = (event.target as HTMLElement).closest('a');
  if (!anchor || !anchor.href || (anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) {
    return;
  }
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  locationService.push(url.pathname + url.search + url.hash);
});

// Tests move between views as a user does, without reloading the page (see specs/support/host.ts).
(window as unknown as { __grafanaHost: object }).__grafanaHost = { push: (path: string) => locationService.push(path) };

function HostRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history as never}>
      {children}
    </Router>
  );
}

function Chrome({ children }: { children: ReactNode }) {
  const styles = useStyles2(getStyles);
  const user = config.bootData.user;
  const order = ['Viewer', 'Editor', 'Admin'];
  const pages = host.pages.filter(
    (p) => p.addToNav && (!p.role || order.indexOf(user.orgRole) >= order.indexOf(p.role))
  );
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Icon name="grafana" size="lg" />
        <span className={styles.brand}>Grafana (RedisLens test host)</span>
        <span className={styles.user} data-testid="host-user">
          {user.login} ({user.orgRole}, {config.theme2.isDark ? 'dark' : 'light'})
        </span>
      </header>
      <div className={styles.body}>
        <nav aria-label={host.app.name} className={styles.nav}>
          <ul>
            {pages.map((p) => (
              <li key={p.path}>
                <a href={p.path}>{p.name}</a>
              </li>
            ))}
          </ul>
        </nav>
        <main className={styles.main}>{children}</main>
      </div>
    </div>
  );
}

function HostApp() {
  const configRole = host.pages.find((p) => p.path === `/plugins/${host.app.id}`)?.role;
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <HostRouter>
        <Chrome>
          <Routes>
            <Route path="/a/:pluginId/*" element={<AppRootView />} />
            <Route
              path="/plugins/:pluginId"
              element={
                <RoleGate role={configRole}>
                  <AppConfigView />
                </RoleGate>
              }
            />
            <Route path="/connections/datasources/edit/:uid" element={<DatasourceConfigView />} />
            <Route path="/explore" element={<ExploreView />} />
            <Route path="/host/panels/:panelId" element={<PanelView />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Chrome>
      </HostRouter>
    </ThemeContext.Provider>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  shell: css({ minHeight: '100vh', background: theme.colors.background.canvas }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
  }),
  brand: css({ fontWeight: theme.typography.fontWeightMedium }),
  user: css({ marginLeft: 'auto', color: theme.colors.text.secondary }),
  body: css({ display: 'flex' }),
  nav: css({
    width: 220,
    padding: theme.spacing(2),
    borderRight: `1px solid ${theme.colors.border.weak}`,
    ul: { listStyle: 'none', padding: 0 },
    li: { marginBottom: theme.spacing(1) },
  }),
  main: css({ flex: 1, padding: theme.spacing(2, 3), minWidth: 0 }),
});

// Shared with pages that render React outside this root (none today): one React instance only.
void React;
createRoot(document.getElementById('reactRoot')!).render(<HostApp />);
