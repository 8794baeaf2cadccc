import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** The plain data table the pages share (semantic <table>: screen readers and axe read it as one). */
export const getTableStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  selected: css({ background: theme.colors.action.selected }),
  section: css({ margin: theme.spacing(2, 0) }),
});
