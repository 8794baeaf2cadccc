import { z } from 'zod';
import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import { idParams } from '../schemas.js';

export const snapshotRoutes = [
  defineRoute({
    method: 'get',
    path: '/snapshots/diff',
    tag: 'snapshots',
    summary: 'What changed between two snapshots of one target',
    query: z.object({ from: z.uuid(), to: z.uuid() }).strict(),
    response: responses.snapshotDiff,
    handler: async ({ identity, query, services }) => ({
      body: await services.read.snapshotDiff(identity, query.from, query.to),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/snapshots/:id',
    tag: 'snapshots',
    summary: 'A snapshot with its fleet (secrets redacted at collection)',
    params: idParams,
    response: responses.snapshot,
    handler: async ({ identity, params, services }) => ({ body: await services.read.snapshot(identity, params.id) }),
  }),
];
