/**
 * Two tenants of plain data for protocol tests: tenant "acme" has a
 * replication group with open anomalies, tenant "other" has one target
 * that acme must never see.
 */
import type { Anomaly, Target } from '../../domain/records.js';
import type { Fixture } from './array-read-service.js';

export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;

export const TOKENS = {
  acmeEditor: 'acme-editor-token',
  acmeViewer: 'acme-viewer-token',
  other: 'other-token',
} as const;

const target = (id: string, tenantId: string, name: string, url: string): Target => ({
  id,
  tenantId,
  name,
  url,
  labels: {},
  intervalSeconds: 60,
  enabled: true,
  provisioned: false,
  createdAt: NOW - 86_400_000,
  updatedAt: NOW - 86_400_000,
});

const anomaly = (id: string, over: Partial<Anomaly>): Anomaly => ({
  id,
  tenantId: 'acme',
  targetId: 't-cache',
  fingerprint: `fp-${id}`,
  ruleId: 'MEM-001',
  category: 'memory',
  severity: 'critical',
  resource: '10.0.0.1:6379',
  title: 'maxmemory is not set',
  message: 'maxmemory is 0 on a cache',
  recommendation: 'set maxmemory',
  evidence: {},
  status: 'open',
  firstSeen: NOW - 30 * MINUTE,
  lastSeen: NOW - MINUTE,
  occurrences: 30,
  ...over,
});

export function fixture(): Fixture {
  return {
    tokens: {
      [TOKENS.acmeEditor]: { tenantId: 'acme', role: 'editor', actor: 'acme-ci' },
      [TOKENS.acmeViewer]: { tenantId: 'acme', role: 'viewer', actor: 'acme-dashboards' },
      [TOKENS.other]: { tenantId: 'other', role: 'editor', actor: 'other-ci' },
    },
    targets: [
      target('t-cache', 'acme', 'cache', 'redis://10.0.0.1:6379'),
      target('t-other', 'other', 'secret-target', 'redis://10.9.9.9:6379'),
    ],
    anomalies: [
      anomaly('a1', {}),
      anomaly('a2', {
        severity: 'warning',
        ruleId: 'PERF-001',
        category: 'performance',
        title: 'slowlog is long',
        firstSeen: NOW - 10 * MINUTE,
        lastSeen: NOW,
        subject: 'slowlog',
      }),
      anomaly('a3', {
        severity: 'critical',
        status: 'resolved',
        firstSeen: NOW - 50 * MINUTE,
        resolvedAt: NOW - 40 * MINUTE,
        lastSeen: NOW - 41 * MINUTE,
      }),
      anomaly('o1', { tenantId: 'other', targetId: 't-other', title: 'other tenant anomaly' }),
    ],
    instances: [
      {
        tenantId: 'acme',
        targetId: 't-cache',
        targetName: 'cache',
        address: '10.0.0.1:6379',
        kind: 'redis',
        role: 'master',
        version: '7.2.4',
        reachable: true,
        openCritical: 1,
        openWarning: 1,
        openNotice: 0,
        lastAnalysedAt: NOW - MINUTE,
      },
      {
        tenantId: 'acme',
        targetId: 't-cache',
        targetName: 'cache',
        address: '10.0.0.2:6379',
        kind: 'redis',
        role: 'unknown',
        version: null,
        reachable: false,
        error: 'connection refused',
        openCritical: 0,
        openWarning: 0,
        openNotice: 0,
        lastAnalysedAt: null,
      },
    ],
    metrics: [
      {
        tenantId: 'acme',
        targetId: 't-cache',
        targetName: 'cache',
        node: '10.0.0.1:6379',
        metric: 'used_memory',
        points: [0, 5, 10].map((m) => ({ time: NOW - (20 - m) * MINUTE, value: 1_000_000 + m })),
      },
      {
        tenantId: 'acme',
        targetId: 't-cache',
        targetName: 'cache',
        node: '10.0.0.2:6379',
        metric: 'used_memory',
        points: [{ time: NOW - 15 * MINUTE, value: 2_000_000 }],
      },
    ],
    config: [
      {
        tenantId: 'acme',
        targetId: 't-cache',
        node: '10.0.0.1:6379',
        directive: 'maxmemory',
        value: '0',
        defaultValue: '0',
        severity: 'critical',
      },
      {
        tenantId: 'acme',
        targetId: 't-cache',
        node: '10.0.0.1:6379',
        directive: 'appendonly',
        value: 'yes',
        defaultValue: 'no',
        severity: null,
      },
      {
        tenantId: 'acme',
        targetId: 't-cache',
        node: '10.0.0.1:6379',
        directive: 'rename-command',
        value: '',
        defaultValue: null,
        severity: null,
      },
    ],
    topology: {
      't-cache': {
        nodes: [
          {
            id: '10.0.0.1:6379',
            title: '10.0.0.1:6379',
            subTitle: 'master',
            role: 'master',
            reachable: true,
            mainStat: 2,
            secondaryStat: '7.2.4',
          },
          {
            id: '10.0.0.2:6379',
            title: '10.0.0.2:6379',
            subTitle: 'replica',
            role: 'replica',
            reachable: false,
            mainStat: 0,
            secondaryStat: 'unreachable',
          },
        ],
        edges: [
          { id: '10.0.0.1:6379->10.0.0.2:6379', source: '10.0.0.1:6379', target: '10.0.0.2:6379', kind: 'replication' },
        ],
      },
    },
    rules: [
      {
        id: 'MEM-001',
        title: 'maxmemory is not set',
        category: 'memory',
        severity: 'critical',
        scope: 'instance',
        requires: ['config'],
        enabled: true,
        condition: "config.maxmemory == '0'",
        rationale: 'an unbounded cache grows until the OOM killer',
        recommendation: 'set maxmemory',
        references: ['https://redis.io/docs/latest/develop/reference/eviction/'],
      },
      {
        id: 'PERF-001',
        title: 'slowlog is long',
        category: 'performance',
        severity: 'warning',
        scope: 'instance',
        requires: ['info'],
        enabled: true,
        condition: 'slowlog.length > 128',
        rationale: 'slow commands block the event loop',
        recommendation: 'find the slow commands',
        references: [],
      },
    ],
  };
}
