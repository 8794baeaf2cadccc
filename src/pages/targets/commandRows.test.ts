import type { NodeSnapshot } from '../../api/client';
import { commandMetric, commandRows, trendedCommands } from './commandRows';

const node = (info: NodeSnapshot['info'], latencyHistogram?: NodeSnapshot['latencyHistogram']) =>
  ({
    address: 'a:1',
    kind: 'redis',
    role: 'master',
    reachable: true,
    collectedAt: '',
    info,
    latencyHistogram,
  }) as NodeSnapshot;

describe('command rows', () => {
  it('joins commandstats with LATENCY HISTOGRAM, most CPU time first, with each share of CPU', () => {
    const rows = commandRows(
      node(
        {
          commandstats: {
            cmdstat_get: { calls: 300, usec: 600, usec_per_call: 2, rejected_calls: 0, failed_calls: 1 },
            'cmdstat_config|get': { calls: 2, usec: 1400, usec_per_call: 700, rejected_calls: 3, failed_calls: 0 },
            cmdstat_ping: { calls: 5, usec: 0, usec_per_call: 0, rejected_calls: 0, failed_calls: 0 },
          },
        },
        { get: { calls: 300, p50_usec: 1.5, p99_usec: 9, p999_usec: 20 } }
      )
    );
    expect(rows.map((r) => r.command)).toEqual(['config|get', 'get', 'ping']);
    expect(rows[0]).toMatchObject({ calls: 2, usecPerCall: 700, cpuShare: 0.7, rejectedCalls: 3, p50: undefined });
    expect(rows[1]).toMatchObject({ cpuShare: 0.3, failedCalls: 1, p50: 1.5, p99: 9, p999: 20 });
    expect(rows[2].cpuShare).toBe(0);
  });

  it('leaves Redis 6 counters it does not have undefined, and skips what is not a command', () => {
    const rows = commandRows(
      node({ commandstats: { cmdstat_set: { calls: 1, usec: 3, usec_per_call: 3 }, something_else: 'x' } })
    );
    expect(rows).toEqual([
      expect.objectContaining({
        command: 'set',
        calls: 1,
        cpuShare: 1,
        failedCalls: undefined,
        rejectedCalls: undefined,
      }),
    ]);
  });

  it('answers nothing without INFO commandstats (INFO denied)', () => {
    expect(commandRows(node(undefined))).toEqual([]);
  });

  it('names the series the sidecar records per command', () => {
    expect(commandMetric.callsPerSecond('config|set')).toBe('cmd_calls_per_sec:config|set');
    expect(commandMetric.usecPerCall('get')).toBe('cmd_usec_per_call:get');
  });

  it('trends the busiest commands that have history, in table order, and only those', () => {
    const frames = ['get', 'hset', 'set', 'del'].flatMap((c) => [
      { name: commandMetric.callsPerSecond(c) },
      { name: commandMetric.usecPerCall(c) },
    ]);
    // info and config|get lead by CPU but only RedisLens sent them: no series.
    const shown = trendedCommands(['info', 'hset', 'config|get', 'get', 'set', 'del'], frames, 2);
    expect(shown.commands).toEqual(['hset', 'get']);
    expect(shown.frames.map((f) => f.name)).toEqual([
      'cmd_calls_per_sec:get',
      'cmd_usec_per_call:get',
      'cmd_calls_per_sec:hset',
      'cmd_usec_per_call:hset',
    ]);
  });
});
