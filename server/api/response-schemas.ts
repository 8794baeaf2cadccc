/**
 * What each route answers, as schemas: they feed the OpenAPI document, from
 * which the app's typed REST client is generated (src/api/sidecar-api.gen.ts),
 * so the pages and the API cannot drift. The type checks at the bottom make
 * the compiler refuse a schema the service layer's types no longer satisfy.
 */
import { z } from 'zod';
import { SEVERITIES } from '../rules/rule-schema.js';
import { inspectSchema } from '../targets/inspect-input.js';
import type { Analysis, Anomaly, AnomalyEvent, SnapshotMeta, Target, TargetEvent } from '../domain/records.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { ClientEntry } from '../collect/inspection/inspection-facts.js';
import type { CommandLatency } from '../collect/memory-latency.js';
import type {
  AnomalyCountBucket,
  ConfigRow,
  InstanceRow,
  MetricSeries,
  RuleRow,
  TopologyGraph,
} from '../service/read-service.js';
import type { describeSecretRef } from '../targets/secret-ref.js';

const severity = z.enum(SEVERITIES);
const anomalyStatus = z.enum(['open', 'acknowledged', 'resolved', 'false_positive']);
const epochMs = z.number().int();
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const targetSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    name: z.string(),
    url: z.string().describe('The URL without its password'),
    password: z.string().nullable().describe('A reference (env:NAME, file:PATH), "<encrypted>" or null: never a value'),
    labels: z.record(z.string(), z.string()),
    intervalSeconds: z.number().int(),
    enabled: z.boolean(),
    inspect: inspectSchema.optional(),
    provisioned: z.boolean(),
    createdAt: epochMs,
    updatedAt: epochMs,
  })
  .meta({ id: 'Target' });

const summarySchema = z.object({
  critical: z.number().int(),
  warning: z.number().int(),
  notice: z.number().int(),
  notEvaluated: z.number().int(),
  passed: z.number().int(),
  nodes: z.number().int(),
  unreachable: z.number().int(),
});

export const analysisSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    targetId: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted']),
    queuedAt: epochMs,
    startedAt: epochMs.optional(),
    finishedAt: epochMs.optional(),
    progress: z.object({ done: z.number().int(), found: z.number().int() }),
    summary: summarySchema.optional(),
    error: z.string().optional(),
    snapshotId: z.string().optional(),
    hasReport: z
      .boolean()
      .optional()
      .describe(
        'Whether the report (export) is kept: the latest per target, manual ones, and scheduled ones whose findings changed; a run of unchanged scheduled analyses keeps its first and its latest'
      ),
  })
  .meta({ id: 'Analysis' });

export const snapshotMetaSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    targetId: z.string(),
    analysisId: z.string(),
    collectedAt: epochMs,
    contentHash: z.string(),
  })
  .meta({ id: 'SnapshotMeta' });

const infoScalar = z.union([z.string(), z.number()]);
const infoValue = z.union([infoScalar, z.record(z.string(), z.union([infoScalar, z.array(infoScalar)]))]);

const collectFailureSchema = z.object({ code: z.string(), message: z.string() });

const clientEntrySchema = z
  .object({
    addr: z.string(),
    name: z.string(),
    idle: z.number().describe('Seconds since the last command'),
    flags: z.string(),
    omem: z.number().describe('Output buffer bytes in use'),
    obl: z.number(),
    oll: z.number(),
    cmd: z.string().describe('The last command name only (Redis shows no argument)'),
  })
  .meta({ id: 'ClientEntry' });

/** The node fields the pages read; the stored snapshot carries more (sentinel and cluster views, ...). */
export const nodeSnapshotSchema = z
  .looseObject({
    address: z.string(),
    kind: z.enum(['redis', 'sentinel']),
    role: z.enum(['master', 'replica', 'sentinel', 'unknown']),
    version: z.object({ text: z.string(), major: z.number(), minor: z.number(), patch: z.number() }).optional(),
    reachable: z.boolean(),
    error: collectFailureSchema.optional(),
    collectedAt: z.string(),
    info: z.record(z.string(), z.record(z.string(), infoValue)).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    slowlogLength: z.number().optional(),
    latencyHistogram: z
      .record(
        z.string(),
        z.object({ calls: z.number(), p50_usec: z.number(), p99_usec: z.number(), p999_usec: z.number() })
      )
      .optional()
      .describe('LATENCY HISTOGRAM (7.0+) per command'),
    inspection: z
      .looseObject({
        clients: z.array(clientEntrySchema).optional(),
        clientsTotal: z.number().int().optional(),
        failures: z.record(z.string(), collectFailureSchema),
      })
      .optional()
      .describe("What the target's opt-in inspections found (clients: CLIENT LIST, largest output buffers first)"),
  })
  .meta({ id: 'NodeSnapshot' });

export const snapshotSchema = snapshotMetaSchema
  .extend({
    fleet: z.looseObject({
      seeds: z.array(z.string()),
      collectedAt: z.string(),
      nodes: z.array(nodeSnapshotSchema),
      groups: z.array(
        z.object({
          id: z.string(),
          kind: z.enum(['standalone', 'replication', 'sentinel', 'cluster']),
          master: z.string().optional(),
          replicas: z.array(z.string()),
          sentinels: z.array(z.string()),
          members: z.array(z.string()),
        })
      ),
    }),
  })
  .meta({ id: 'Snapshot' });

const configChangeSchema = z.object({ node: z.string(), directive: z.string(), from: z.unknown(), to: z.unknown() });

export const snapshotDiffSchema = z
  .object({
    from: z.object({ id: z.string(), collectedAt: epochMs }),
    to: z.object({ id: z.string(), collectedAt: epochMs }),
    nodesAdded: z.array(z.string()),
    nodesRemoved: z.array(z.string()),
    configChanges: z.array(configChangeSchema),
  })
  .meta({ id: 'SnapshotDiff' });

export const anomalySchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    targetId: z.string(),
    fingerprint: z.string(),
    ruleId: z.string(),
    category: z.string(),
    severity,
    resource: z.string().describe('The node address or group id the rule fired on'),
    subject: z.string().optional(),
    title: z.string(),
    message: z.string(),
    recommendation: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    status: anomalyStatus,
    firstSeen: epochMs,
    lastSeen: epochMs,
    resolvedAt: epochMs.optional(),
    occurrences: z.number().int(),
  })
  .meta({ id: 'Anomaly' });

export const anomalyEventSchema = z
  .object({
    id: z.number().int(),
    anomalyId: z.string(),
    at: epochMs,
    kind: z.enum(['opened', 'reopened', 'auto_resolved', 'status_changed']),
    actor: z.string(),
    fromStatus: anomalyStatus.optional(),
    toStatus: anomalyStatus,
    note: z.string().optional(),
  })
  .meta({ id: 'AnomalyEvent' });

export const anomalyDetailSchema = anomalySchema
  .extend({ history: z.array(anomalyEventSchema) })
  .meta({ id: 'AnomalyDetail' });

export const anomalyPageSchema = z
  .object({ items: z.array(anomalySchema), nextCursor: z.string().optional() })
  .meta({ id: 'AnomalyPage' });

export const countBucketSchema = z
  .object({ time: epochMs, critical: z.number().int(), warning: z.number().int(), notice: z.number().int() })
  .meta({ id: 'AnomalyCountBucket' });

export const instanceSchema = z
  .object({
    targetId: z.string(),
    targetName: z.string(),
    address: z.string(),
    kind: z.enum(['redis', 'sentinel']),
    role: z.string(),
    version: z.string().nullable(),
    reachable: z.boolean(),
    error: z.string().optional(),
    openCritical: z.number().int(),
    openWarning: z.number().int(),
    openNotice: z.number().int(),
    lastAnalysedAt: epochMs.nullable(),
  })
  .meta({ id: 'Instance' });

export const metricSeriesSchema = z
  .object({
    targetId: z.string(),
    targetName: z.string(),
    node: z.string(),
    metric: z.string(),
    points: z.array(z.object({ time: epochMs, value: z.number() })),
  })
  .meta({ id: 'MetricSeries' });

export const configRowSchema = z
  .object({
    targetId: z.string(),
    node: z.string(),
    directive: z.string(),
    value: z.string(),
    defaultValue: z.string().nullable(),
    severity: severity.nullable().describe('Highest severity of an open anomaly that judges this directive'),
  })
  .meta({ id: 'ConfigRow' });

export const topologySchema = z
  .object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        subTitle: z.string(),
        role: z.string(),
        reachable: z.boolean(),
        mainStat: z.number().int(),
        secondaryStat: z.string(),
      })
    ),
    edges: z.array(
      z.object({
        id: z.string(),
        source: z.string(),
        target: z.string(),
        kind: z.enum(['replication', 'monitors', 'cluster']),
      })
    ),
  })
  .meta({ id: 'Topology' });

export const ruleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    severity,
    scope: z.string(),
    requires: z.array(z.string()),
    enabled: z.boolean(),
    condition: z.string().describe('The CEL condition the rule fires on'),
    rationale: z.string(),
    recommendation: z.string(),
    references: z.array(z.string()),
  })
  .meta({ id: 'Rule' });

export const targetEventSchema = z
  .object({
    id: z.number().int(),
    tenantId: z.string(),
    targetId: z.string(),
    at: epochMs,
    kind: z.enum(['config_changed', 'anomaly_opened', 'anomaly_resolved', 'anomaly_reopened']),
    title: z.string(),
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TargetEvent' });

export const responses = {
  target: targetSchema,
  targets: items(targetSchema),
  analysis: analysisSchema,
  analyses: items(analysisSchema),
  snapshots: items(snapshotMetaSchema),
  snapshot: snapshotSchema,
  snapshotDiff: snapshotDiffSchema,
  anomalyPage: anomalyPageSchema,
  anomalyDetail: anomalyDetailSchema,
  anomalies: items(anomalySchema),
  countBuckets: items(countBucketSchema),
  instances: items(instanceSchema),
  metricSeries: items(metricSeriesSchema),
  configRows: items(configRowSchema),
  topology: topologySchema,
  rule: ruleSchema,
  rules: items(ruleSchema),
  events: items(targetEventSchema),
};

// The service types must fit the schemas: a field renamed or retyped there fails `tsc` here.
type Fits<Actual extends Schema, Schema> = Actual;
export type ResponseTypeChecks = [
  Fits<Omit<Target, 'password'> & { password: ReturnType<typeof describeSecretRef> }, z.output<typeof targetSchema>>,
  Fits<SnapshotMeta & { fleet: Omit<FleetSnapshot, 'nodes'> }, Omit<z.output<typeof snapshotSchema>, 'fleet'>>,
  Fits<Analysis, z.output<typeof analysisSchema>>,
  Fits<SnapshotMeta, z.output<typeof snapshotMetaSchema>>,
  Fits<Anomaly, z.output<typeof anomalySchema>>,
  Fits<AnomalyEvent, z.output<typeof anomalyEventSchema>>,
  Fits<AnomalyCountBucket, z.output<typeof countBucketSchema>>,
  Fits<InstanceRow, z.output<typeof instanceSchema>>,
  Fits<MetricSeries, z.output<typeof metricSeriesSchema>>,
  Fits<ConfigRow, z.output<typeof configRowSchema>>,
  Fits<TopologyGraph, z.output<typeof topologySchema>>,
  Fits<RuleRow, z.output<typeof ruleSchema>>,
  Fits<TargetEvent, z.output<typeof targetEventSchema>>,
  Fits<ClientEntry, z.output<typeof clientEntrySchema>>,
  Fits<Record<string, CommandLatency>, NonNullable<z.output<typeof nodeSnapshotSchema>['latencyHistogram']>>,
];
