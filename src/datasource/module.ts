import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import { RedisLensOptions, RedisLensQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, RedisLensQuery, RedisLensOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
