/** Exports are plain downloads of the sidecar's export endpoints, through the datasource's resources. */
import { resourcesUrl } from '../api/client';

export function exportUrl(datasourceUid: string, path: string, params: URLSearchParams): string {
  const qs = params.toString();
  return `${resourcesUrl(datasourceUid)}${path}${qs ? `?${qs}` : ''}`;
}
