/**
 * QueryData through Grafana: POST /api/ds/query with the nested datasource, answered by the
 * sidecar's Data.QueryData as data frames (what panels get too).
 */
import { lastValueFrom } from 'rxjs';
import type { DataFrame } from '@grafana/data';
import { getBackendSrv, toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';
import type { RedisLensQuery } from '../datasource/types';
import { DATASOURCE_TYPE } from '../constants';

export async function queryFrames(
  datasourceUid: string,
  queries: Array<Omit<RedisLensQuery, 'refId'> & { refId?: string }>,
  range: { from: number; to: number },
  maxDataPoints = 500
): Promise<DataFrame[]> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<BackendDataSourceResponse>({
      url: '/api/ds/query',
      method: 'POST',
      showErrorAlert: false,
      data: {
        from: String(range.from),
        to: String(range.to),
        queries: queries.map((q, i) => ({
          refId: q.refId ?? String.fromCharCode(65 + i),
          datasource: { type: DATASOURCE_TYPE, uid: datasourceUid },
          intervalMs: Math.max(1000, Math.floor((range.to - range.from) / maxDataPoints)),
          maxDataPoints,
          ...q,
        })),
      },
    })
  );
  const parsed = toDataQueryResponse(response);
  if (parsed.errors?.length) {
    throw new Error(parsed.errors.map((e) => e.message).join('; '));
  }
  return parsed.data as DataFrame[];
}
