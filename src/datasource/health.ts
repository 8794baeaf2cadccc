/**
 * Grafana's handshake with the stub succeeds even when no sidecar listens
 * at the configured address; the health check's gRPC call then fails with
 * UNAVAILABLE and Grafana reports a generic plugin error. Turn that into a
 * sentence an operator can act on.
 */
// What the gRPC client says when nothing answers at the address: the sidecar is known to be unreachable.
const UNREACHABLE = /code = unavailable|connection refused|connect: /i;
// What Grafana says when its plugin call failed for a reason it does not pass on: the sidecar may be
// unreachable, or the backend process (the gpx_redislens stub) exited, e.g. refusing Grafana's handshake.
const PLUGIN_FAILED = /plugin (is )?(not|un)available|plugin health check failed|failed to check plugin health/i;

export const SIDECAR_SETTING = '[plugin.redislens-analyzer-datasource] sidecar_address';

export function errorText(error: unknown): string {
  const e = error as { data?: { message?: string }; message?: string; statusText?: string };
  return e?.data?.message ?? e?.message ?? e?.statusText ?? String(error);
}

export function healthFailureMessage(error: unknown): string {
  const detail = errorText(error);
  if (PLUGIN_FAILED.test(detail)) {
    return `Grafana could not reach the RedisLens backend (${detail}): either the sidecar is not reachable at the address in ${SIDECAR_SETTING} (default 127.0.0.1:50051), or the gpx_redislens backend process exited; Grafana's server log names which`;
  }
  if (UNREACHABLE.test(detail)) {
    return `RedisLens sidecar not reachable at the address in ${SIDECAR_SETTING} (default 127.0.0.1:50051): is redislens serve running and listening there? (${detail})`;
  }
  return detail;
}
