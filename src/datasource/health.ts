/**
 * Grafana's handshake with the stub succeeds even when no sidecar listens
 * at the configured address; the health check's gRPC call then fails with
 * UNAVAILABLE and Grafana reports a generic plugin error. Turn that into a
 * sentence an operator can act on.
 */
const UNREACHABLE =
  /unavailable|connection refused|connect: |plugin (is )?(not|un)available|plugin health check failed|failed to check plugin health/i;

export const SIDECAR_SETTING = '[plugin.redislens-analyzer-datasource] sidecar_address';

export function errorText(error: unknown): string {
  const e = error as { data?: { message?: string }; message?: string; statusText?: string };
  return e?.data?.message ?? e?.message ?? e?.statusText ?? String(error);
}

export function healthFailureMessage(error: unknown): string {
  const detail = errorText(error);
  if (UNREACHABLE.test(detail)) {
    return `RedisLens sidecar not reachable at the address in ${SIDECAR_SETTING} (default 127.0.0.1:50051): is redislens serve running and listening there? (${detail})`;
  }
  return detail;
}
