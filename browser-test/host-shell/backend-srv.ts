/**
 * getBackendSrv() as Grafana's BackendSrv behaves for a plugin: fetch()
 * returns an Observable of {data, status, ok, headers, ...}; a non-2xx
 * answer errors with {status, statusText, data} (plugins read err.data);
 * error alerts follow Grafana's rule (shown for non-GET requests outside
 * /api/ds/query unless showErrorAlert is false) and are reported with
 * console.error, so a test sees every red toast a user would.
 */
import { Observable, lastValueFrom } from 'rxjs';
import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';

function buildUrl(options: BackendSrvRequest): string {
  const url = options.url.startsWith('/') || /^https?:/.test(options.url) ? options.url : `/${options.url}`;
  const params = options.params as Record<string, unknown> | undefined;
  if (!params) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const query = search.toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

function shouldAlert(options: BackendSrvRequest): boolean {
  if (options.showErrorAlert === false) return false;
  const method = (options.method ?? 'GET').toUpperCase();
  if (options.showErrorAlert === undefined && (method === 'GET' || options.url.includes('/api/ds/query'))) {
    return false;
  }
  return true;
}

async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { 'X-Grafana-Org-Id': '1', ...(options.headers ?? {}) };
  let body: BodyInit | undefined;
  if (options.data !== undefined && method !== 'GET') {
    if (typeof options.data === 'string' || options.data instanceof Blob || options.data instanceof FormData) {
      body = options.data as BodyInit;
    } else {
      body = JSON.stringify(options.data);
      headers['Content-Type'] ??= 'application/json';
    }
  }
  const response = await fetch(buildUrl(options), { method, headers, body, credentials: 'same-origin' });
  const text = options.responseType === 'blob' ? undefined : await response.text();
  let data: unknown = text;
  if (options.responseType === 'blob') data = await response.blob();
  else if (options.responseType !== 'text' && text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  const result = {
    data: data as T,
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
  if (!response.ok) {
    const message = (data as { message?: string } | undefined)?.message ?? response.statusText;
    if (shouldAlert(options)) console.error(`Grafana error alert: ${method} ${options.url}: ${message}`);
    throw { ...result, isHandled: false, message };
  }
  return result;
}

interface HostBackendSrv {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>>;
  request<T>(options: BackendSrvRequest): Promise<T>;
}

export const hostBackendSrv = {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return new Observable((subscriber) => {
      send<T>(options).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => subscriber.error(error)
      );
    });
  },
  async datasourceRequest<T>(this: HostBackendSrv, options: BackendSrvRequest) {
    return lastValueFrom(this.fetch<T>(options));
  },
  async request<T>(options: BackendSrvRequest): Promise<T> {
    return (await send<T>(options)).data;
  },
  get<T>(
    this: HostBackendSrv,
    url: string,
    params?: BackendSrvRequest['params'],
    requestId?: string,
    options?: Partial<BackendSrvRequest>
  ): Promise<T> {
    return this.request<T>({ ...options, url, params, requestId, method: 'GET' });
  },
  delete<T>(this: HostBackendSrv, url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'DELETE' });
  },
  post<T>(this: HostBackendSrv, url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'POST' });
  },
  patch<T>(this: HostBackendSrv, url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'PATCH' });
  },
  put<T>(this: HostBackendSrv, url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, url, data, method: 'PUT' });
  },
  resolveCancelerIfExists() {},
  chunked() {
    throw new Error('chunked requests are not served by the test host');
  },
} as unknown as BackendSrv;
