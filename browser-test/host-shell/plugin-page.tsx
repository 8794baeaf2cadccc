/**
 * The PluginPage Grafana installs with setPluginPage: a page header (title
 * from pageNav or the app's include for the current path, subtitle,
 * actions) above the plugin's content. Without it @grafana/runtime's default
 * renders the children bare.
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { useLocation } from 'react-router-dom-v5-compat';
import { hostContext } from './host-context';

export function HostPluginPage({ pageNav, subTitle, actions, renderTitle, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const { pathname } = useLocation();
  const include = hostContext()
    .pages.filter((p) => pathname === p.path || pathname.startsWith(`${p.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const title = pageNav?.text ?? include?.name ?? hostContext().app.name;
  return (
    <div className={styles.page}>
      <div className={styles.header}>
        {renderTitle ? renderTitle(title) : <h1 className={styles.title}>{title}</h1>}
        {actions && <div className={styles.actions}>{actions}</div>}
      </div>
      {(subTitle ?? pageNav?.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav?.subTitle}</div>}
      <div>{children}</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), flexWrap: 'wrap' }),
  title: css({ margin: 0 }),
  actions: css({ marginLeft: 'auto', display: 'flex', gap: theme.spacing(1) }),
  subTitle: css({ color: theme.colors.text.secondary }),
});
