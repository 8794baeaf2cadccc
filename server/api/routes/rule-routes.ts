import { z } from 'zod';
import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import { ruleChangeBody } from '../schemas.js';
import { notFound } from '../../service/service-errors.js';

const ruleParams = z.object({ id: z.string().regex(/^[A-Z]+-\d{3}$/, 'a rule id like MEM-004') }).strict();

export const ruleRoutes = [
  defineRoute({
    method: 'get',
    path: '/rules',
    tag: 'rules',
    summary: 'The rule catalog with this tenant\u2019s overrides',
    response: responses.rules,
    handler: async ({ identity, services }) => ({ body: { items: await services.read.listRules(identity) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/rules/:id',
    tag: 'rules',
    summary: 'One rule: rationale, recommendation, references',
    params: ruleParams,
    response: responses.rule,
    handler: async ({ identity, params, services }) => {
      const rule = (await services.read.listRules(identity)).find((r) => r.id === params.id);
      if (!rule) throw notFound('rule', params.id);
      return { body: rule };
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/rules/:id',
    tag: 'rules',
    summary: 'Enable, disable or re-grade a rule for this tenant',
    params: ruleParams,
    body: ruleChangeBody,
    response: responses.rule,
    handler: async ({ identity, params, body, services }) => {
      await services.write.setRule(identity, params.id, body);
      return { body: (await services.read.listRules(identity)).find((r) => r.id === params.id) };
    },
  }),
];
