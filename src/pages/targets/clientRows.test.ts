import type { NodeSnapshot } from '../../api/client';
import { clientInspection, describeFlags, formatIdle } from './clientRows';

const base = { address: 'a:1', kind: 'redis', role: 'master', reachable: true, collectedAt: '' } as NodeSnapshot;
const client = { addr: '10.0.0.5:51234', name: 'worker', idle: 3, flags: 'N', omem: 0, obl: 0, oll: 0, cmd: 'get' };

describe('client inspection', () => {
  it('is off unless the target opted in', () => {
    expect(clientInspection(base)).toEqual({ state: 'off' });
    expect(clientInspection({ ...base, inspection: { failures: {} } })).toEqual({ state: 'off' });
  });

  it('says why CLIENT LIST failed (e.g. denied by ACL)', () => {
    const failed = {
      ...base,
      inspection: { failures: { clients: { code: 'denied', message: 'NOPERM client|list' } } },
    };
    expect(clientInspection(failed)).toEqual({ state: 'failed', message: 'NOPERM client|list' });
  });

  it('keeps the total when only the largest output buffers were kept', () => {
    const collected = { ...base, inspection: { clients: [client], clientsTotal: 7000, failures: {} } };
    expect(clientInspection(collected)).toEqual({ state: 'collected', clients: [client], total: 7000 });
  });

  it('names the flags worth a word and reads plain clients as normal', () => {
    expect(describeFlags('N')).toBe('normal');
    expect(describeFlags('P')).toBe('pub/sub');
    expect(describeFlags('Sb')).toBe('replica, blocked');
  });

  it('writes idle time in the largest sensible unit', () => {
    expect(formatIdle(42)).toBe('42 s');
    expect(formatIdle(600)).toBe('10 min');
    expect(formatIdle(3 * 3600)).toBe('3 h');
    expect(formatIdle(5 * 86400)).toBe('5 d');
  });
});
