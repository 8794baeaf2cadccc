/** The OpenAPI 3.1 document, generated from the route declarations and their zod schemas. */
import { z } from 'zod';
import type { Route } from './route.js';

const toOpenApiPath = (path: string) => `/api/v1${path.replace(/:(\w+)/g, '{$1}')}`;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

function parameters(route: Route): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
    }
  }
  return out;
}

const errorResponse = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

/**
 * A response schema as OpenAPI wants it: zod puts named schemas (.meta({ id })) in $defs;
 * they move to components.schemas so the generated client has one type per name.
 */
function responseSchema(schema: z.ZodType, components: Record<string, unknown>): unknown {
  const {
    $defs,
    $schema: _dialect,
    ...json
  } = jsonSchema(schema, 'output') as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
  };
  const toComponents = (value: unknown) =>
    JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/(\w+)"/g, '"#/components/schemas/$1"'));
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = toComponents(def);
  return toComponents(json);
}

export function openApiDocument(routes: Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  for (const route of routes) {
    const status = String(route.status ?? 200);
    (paths[toOpenApiPath(route.path)] ??= {})[route.method] = {
      summary: route.summary,
      tags: [route.tag],
      security: [{ bearer: [] }],
      parameters: parameters(route),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }
        : {}),
      responses: {
        [status]: {
          description: status === '204' ? 'No content' : 'OK',
          ...(route.response
            ? { content: { 'application/json': { schema: responseSchema(route.response, schemas) } } }
            : {}),
        },
        400: errorResponse,
        401: errorResponse,
        403: errorResponse,
        404: errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'RedisLens sidecar API',
      version,
      description: 'Read-only Redis fleet analysis: targets, analyses, snapshots, anomalies, rules.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A RedisLens API token (tenant + role)' },
      },
    },
    paths,
  };
}
