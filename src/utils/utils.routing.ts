import { PLUGIN_BASE_URL, ROUTES } from '../constants';

/** Prefixes a route with the app's base URL. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

type Query = Record<string, string | number | string[] | undefined>;

/** An app link with query parameters (lists repeat the key), e.g. a filtered triage view. */
export function appLink(route: ROUTES | string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : value === undefined || value === '' ? [] : [String(value)]) {
      params.append(key, v);
    }
  }
  const qs = params.toString();
  return `${prefixRoute(route)}${qs ? `?${qs}` : ''}`;
}

export const targetLink = (targetId: string, tab?: string) =>
  appLink(`${ROUTES.Targets}/${targetId}`, tab ? { tab } : {});
