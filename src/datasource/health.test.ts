import { healthFailureMessage } from './health';

describe('healthFailureMessage', () => {
  it('names the sidecar and its setting when the backend is unreachable', () => {
    const message = healthFailureMessage({ data: { message: 'Plugin health check failed' } });
    expect(message).toMatch(
      /^RedisLens sidecar not reachable at the address in \[plugin\.redislens-analyzer-datasource\] sidecar_address/
    );
    expect(message).toContain('(Plugin health check failed)');
    expect(healthFailureMessage(new Error('rpc error: code = Unavailable desc = connection error'))).toMatch(
      /not reachable/
    );
  });

  it('passes other errors through unchanged', () => {
    expect(healthFailureMessage({ data: { message: 'the API token is not valid for this sidecar' } })).toBe(
      'the API token is not valid for this sidecar'
    );
  });
});
