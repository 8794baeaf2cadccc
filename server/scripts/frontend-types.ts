/**
 * The frontend's types, generated from the sidecar's own declarations so the
 * app cannot drift from it:
 * - src/api/sidecar-api.gen.ts: the REST API (paths, bodies, responses) from
 *   the OpenAPI document (api/openapi.ts), for the pages' openapi-fetch client;
 * - src/datasource/query-model.gen.ts: the query types and the fields each
 *   reads, from the QueryData schemas (grafana/queries/query-model.ts).
 * scripts/generate-frontend-types.ts writes them; frontend-types.test.ts
 * fails when a committed file differs from what this produces.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod';
import { ROUTES } from '../api/create-api.js';
import { openApiDocument } from '../api/openapi.js';
import { QUERY_TYPES, querySchemas } from '../grafana/queries/query-model.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const API_TYPES_FILE = 'src/api/sidecar-api.gen.ts';
export const QUERY_MODEL_FILE = 'src/datasource/query-model.gen.ts';
export const OPENAPI_FILE = 'server/api/openapi.gen.json';

const header = (what: string) =>
  `/**\n * GENERATED from ${what}: do not edit.\n * Regenerate with \`npm run generate:types\` (server/scripts/generate-frontend-types.ts).\n */\n/* eslint-disable */\n`;

async function prettier(source: string, file: string): Promise<string> {
  const path = join(REPO_ROOT, file);
  return format(source, { ...(await resolveConfig(path)), filepath: path });
}

/** The OpenAPI document as served at /api/openapi.json (without the version: it changes every release). */
export function apiDocument(): Record<string, unknown> {
  return openApiDocument(ROUTES, '0.0.0');
}

async function apiTypes(): Promise<string> {
  const ast = await openapiTS(apiDocument() as never);
  return prettier(header('the sidecar OpenAPI document (server/api/openapi.ts)') + astToString(ast), API_TYPES_FILE);
}

async function queryModelTypes(): Promise<string> {
  const schemas = Object.fromEntries(
    QUERY_TYPES.map((t) => {
      const { $schema: _dialect, ...schema } = z.toJSONSchema(querySchemas[t], { io: 'input', unrepresentable: 'any' });
      return [t, schema];
    })
  );
  const ast = await openapiTS({
    openapi: '3.1.0',
    info: { title: 'query model', version: '0' },
    paths: {},
    components: { schemas },
  } as never);
  const fields = Object.fromEntries(QUERY_TYPES.map((t) => [t, Object.keys(querySchemas[t].shape)]));
  const source = [
    header('the QueryData schemas (server/grafana/queries/query-model.ts)'),
    astToString(ast).replace(/export type \$defs[\s\S]*$/, ''),
    '/** The fields each query type reads, per query type. */',
    `export type QueryModels = components['schemas'];`,
    `export const QUERY_TYPES = ${JSON.stringify(QUERY_TYPES)} as const;`,
    `export const QUERY_FIELDS = ${JSON.stringify(fields)} as const;`,
  ].join('\n');
  return prettier(source, QUERY_MODEL_FILE);
}

/** File (relative to the repository root) -> content. */
export async function frontendTypes(): Promise<Record<string, string>> {
  return {
    [API_TYPES_FILE]: await apiTypes(),
    [QUERY_MODEL_FILE]: await queryModelTypes(),
    [OPENAPI_FILE]: await prettier(JSON.stringify(apiDocument()), OPENAPI_FILE),
  };
}

export const committed = (file: string): string | undefined => {
  try {
    return readFileSync(join(REPO_ROOT, file), 'utf8');
  } catch {
    return undefined;
  }
};
