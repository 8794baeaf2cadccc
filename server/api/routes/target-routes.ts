import { z } from 'zod';
import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import {
  epochMs,
  idParams,
  intervalMs,
  limitQuery,
  orderedRange,
  RANGE_MESSAGE,
  targetCreateBody,
  targetUpdateBody,
} from '../schemas.js';
import { describeSecretRef } from '../../targets/secret-ref.js';
import type { Target } from '../../domain/records.js';

/** Targets as shown: the password is a reference or "<encrypted>", never a value. */
export const targetView = ({ password, ...t }: Target) => ({ ...t, password: describeSecretRef(password) });

export const targetRoutes = [
  defineRoute({
    method: 'get',
    path: '/targets',
    tag: 'targets',
    summary: 'List targets',
    response: responses.targets,
    handler: async ({ identity, services }) => ({
      body: { items: (await services.read.listTargets(identity)).map(targetView) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/targets',
    tag: 'targets',
    summary: 'Register a target',
    status: 201,
    body: targetCreateBody,
    response: responses.target,
    handler: async ({ identity, body, services }) => ({
      status: 201,
      body: targetView(await services.write.createTarget(identity, body)),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id',
    tag: 'targets',
    summary: 'Get a target',
    params: idParams,
    response: responses.target,
    handler: async ({ identity, params, services }) => ({
      body: targetView(await services.read.target(identity, params.id)),
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/targets/:id',
    tag: 'targets',
    summary: 'Change a target',
    params: idParams,
    body: targetUpdateBody,
    response: responses.target,
    handler: async ({ identity, params, body, services }) => ({
      body: targetView(await services.write.updateTarget(identity, params.id, body)),
    }),
  }),
  defineRoute({
    method: 'delete',
    path: '/targets/:id',
    tag: 'targets',
    summary: 'Remove a target',
    params: idParams,
    status: 204,
    handler: async ({ identity, params, services }) => {
      await services.write.deleteTarget(identity, params.id);
      return { status: 204, body: undefined };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/topology',
    tag: 'targets',
    summary: 'Nodes and edges of the latest snapshot',
    params: idParams,
    response: responses.topology,
    handler: async ({ identity, params, services }) => ({
      body: await services.read.topology(identity, { targetId: params.id }),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/instances',
    tag: 'targets',
    summary: 'Nodes of the latest snapshot with health and open anomalies',
    params: idParams,
    response: responses.instances,
    handler: async ({ identity, params, services }) => ({
      body: { items: await services.read.listInstances(identity, { targetId: params.id }) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/config',
    tag: 'targets',
    summary: 'Configuration of the latest snapshot with defaults and findings',
    params: idParams,
    query: z.object({ node: z.string().max(300).optional() }).strict(),
    response: responses.configRows,
    handler: async ({ identity, params, query, services }) => ({
      body: { items: await services.read.configRows(identity, { targetId: params.id, node: query.node }) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/metrics',
    tag: 'targets',
    summary: 'Metric history (5-minute rollups for a day, hourly before)',
    params: idParams,
    query: z
      .object({
        metric: z.preprocess(
          (v) => (Array.isArray(v) ? v : String(v ?? '').split(',')).filter(Boolean),
          z.array(z.string().min(1).max(200)).min(1, 'name at least one metric').max(100)
        ),
        from: epochMs,
        to: epochMs,
        node: z.string().max(300).optional(),
        intervalMs: intervalMs.default(300000),
        maxDataPoints: z.coerce.number().int().positive().max(10000).optional(),
      })
      .strict()
      .refine(orderedRange, RANGE_MESSAGE),
    response: responses.metricSeries,
    handler: async ({ identity, params, query, services }) => ({
      body: {
        items: await services.read.metricSeries(identity, { ...query, metrics: query.metric, targetId: params.id }),
      },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/snapshots',
    tag: 'snapshots',
    summary: 'Snapshots of a target, newest first',
    params: idParams,
    query: limitQuery,
    response: responses.snapshots,
    handler: async ({ identity, params, query, services }) => ({
      body: { items: await services.read.snapshots(identity, params.id, query.limit) },
    }),
  }),
];
