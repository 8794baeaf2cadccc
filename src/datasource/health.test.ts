import { healthFailureMessage } from './health';

describe('healthFailureMessage', () => {
  it('names the sidecar and its setting when the gRPC call finds nothing listening', () => {
    const message = healthFailureMessage(new Error('rpc error: code = Unavailable desc = connection error'));
    expect(message).toMatch(
      /^RedisLens sidecar not reachable at the address in \[plugin\.redislens-analyzer-datasource\] sidecar_address/
    );
    expect(message).toContain('(rpc error: code = Unavailable desc = connection error)');
    expect(
      healthFailureMessage({ data: { message: 'dial tcp 127.0.0.1:50051: connect: connection refused' } })
    ).toMatch(/not reachable/);
  });

  it("says what is known when Grafana's plugin call failed without a reason: sidecar or backend process", () => {
    for (const detail of ['Plugin health check failed', 'Plugin unavailable']) {
      const message = healthFailureMessage({ data: { message: detail } });
      expect(message).not.toMatch(/^RedisLens sidecar not reachable/);
      expect(message).toContain(`(${detail})`);
      expect(message).toMatch(/sidecar_address/);
      expect(message).toMatch(/gpx_redislens backend process exited/);
    }
  });

  it('passes other errors through unchanged', () => {
    expect(healthFailureMessage({ data: { message: 'the API token is not valid for this sidecar' } })).toBe(
      'the API token is not valid for this sidecar'
    );
  });
});
