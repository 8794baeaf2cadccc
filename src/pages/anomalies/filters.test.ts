import { filtersToParams, parseFilters, toApiQuery } from './filters';
import { applicable } from './actions';
import type { Anomaly } from '../../api/client';

describe('triage filters in the URL', () => {
  it('parses lists (repeated or comma-separated), drops unknown values and keeps defaults', () => {
    const f = parseFilters(
      new URLSearchParams('severity=critical,bogus&severity=warning&status=open&ruleId=MEM-004&ruleId=nope&since=24h')
    );
    expect(f.severity).toEqual(['critical', 'warning']);
    expect(f.status).toEqual(['open']);
    expect(f.ruleId).toEqual(['MEM-004']);
    expect(f.since).toBe('24h');
    expect(f.sort).toBe('lastSeen');
    expect(f.order).toBe('desc');
  });

  it('round-trips through the URL', () => {
    const params = 'severity=critical&status=open&status=acknowledged&category=memory&since=7d&sort=severity&order=asc';
    const f = parseFilters(new URLSearchParams(params));
    expect(parseFilters(filtersToParams(f))).toEqual(f);
    expect(filtersToParams(f, { id: 'x' }).get('id')).toBe('x');
  });

  it('builds the REST query: empty lists are no filter, since becomes from', () => {
    const q = toApiQuery(parseFilters(new URLSearchParams('severity=notice&since=1h')), 10_000_000, 'c1', 25);
    expect(q).toMatchObject({ severity: ['notice'], from: 10_000_000 - 3600e3, cursor: 'c1', limit: 25 });
    expect(q.status).toBeUndefined();
  });

  it('an action applies only to anomalies it can move', () => {
    const a = (status: Anomaly['status']) => ({ id: status, status }) as Anomaly;
    expect(applicable('acknowledged', [a('open'), a('resolved')]).map((x) => x.id)).toEqual(['open']);
    expect(applicable('open', [a('open'), a('resolved'), a('false_positive')]).map((x) => x.id)).toEqual([
      'resolved',
      'false_positive',
    ]);
  });
});
