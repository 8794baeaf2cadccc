/**
 * Property-based fuzz of every REST operation, generated from the sidecar's
 * own OpenAPI document (GET /api/openapi.json): path ids, query parameters
 * and bodies drawn from each schema, mutated and mixed with arbitrary JSON,
 * sent with every kind of credential. Property: the answer is a 2xx or a 4xx
 * with a JSON error, never a 5xx; afterwards the sidecar is still ready and
 * has logged no error. Bounded in time (FUZZ_SECONDS, default 40) so that
 * `npm test` stays fast; every operation gets its share.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RedisProcess } from '../harness/redis-process.js';
import {
  A_EDITOR,
  A_VIEWER,
  analyse,
  B_EDITOR,
  startLoggedSidecar,
  TWO_TENANTS,
  type LoggedSidecar,
} from './support.js';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 40);
const MIN_RUNS_PER_OPERATION = 10;

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  body?: Schema;
}

let redis: RedisProcess;
let sc: LoggedSidecar;
/** Real ids of tenant A, so that generated requests also reach the handlers behind the id checks. */
const knownIds: string[] = [];

before(async () => {
  redis = await RedisProcess.start({ config: { timeout: 0 } });
  sc = await startLoggedSidecar({
    tenants: TWO_TENANTS,
    targets: [{ tenant: 'team-a', name: 'cache', url: redis.url, intervalSeconds: 3600 }],
  });
  const target = (await sc.api('GET', '/api/v1/targets', { token: A_EDITOR })).body.items[0];
  const analysis = await analyse(sc, A_EDITOR, target.id);
  const anomalies = (await sc.api('GET', '/api/v1/anomalies', { token: A_EDITOR })).body.items;
  knownIds.push(target.id, analysis.id, analysis.snapshotId, ...anomalies.slice(0, 3).map((a: any) => a.id));
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

function operations(document: Schema): Operation[] {
  return Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
    }))
  );
}

/** Shared edge numbers: two parameters often get the same one (from = to = 1e21 ...). */
const EDGE_NUMBERS = [0, 1, -1, 5, 1000, 2 ** 31, Number.MAX_SAFE_INTEGER, 8.64e15, 8.64e15 + 1, 1e21, 1e300];
/** A string that decodes to JSON, as cursors and tokens do. */
const encodedJson = fc
  .array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 })
  .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url'));
const weird = fc.constantFrom('', ' ', '%', '%zz', '\u0000', '../..', '-1', '1e309', 'NaN', '[]', '{}', 'null', '💥');

/** Values that fit a JSON schema, near its edges, or deliberately do not fit it. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  const branches: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) branches.push(fc.constantFrom(...schema.enum));
  if (schema.anyOf || schema.oneOf)
    branches.push(...(schema.anyOf ?? schema.oneOf).map((s: Schema) => fromSchema(s, depth + 1)));
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') branches.push(fc.uuid(), fc.constantFrom(...knownIds));
      if (schema.pattern) branches.push(fc.stringMatching(new RegExp(schema.pattern)));
      branches.push(
        encodedJson,
        fc.string({ maxLength: Math.min((schema.maxLength ?? 40) + 2, 300) }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        weird
      );
      break;
    case 'integer':
    case 'number':
      branches.push(
        fc.integer({ min: (schema.minimum ?? -1000) - 2, max: Math.min(schema.maximum ?? 1e6, 1e15) + 2 }),
        fc.constantFrom(...EDGE_NUMBERS),
        fc.constantFrom(...EDGE_NUMBERS),
        fc.double()
      );
      break;
    case 'boolean':
      branches.push(fc.boolean());
      break;
    case 'array':
      branches.push(fc.array(fromSchema(schema.items, depth + 1), { maxLength: 6 }));
      break;
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([k, s]) => [
          k,
          fromSchema(s, depth + 1),
        ])
      );
      branches.push(
        fc.record(properties, { requiredKeys: schema.required ?? [] }),
        fc.record(properties, { requiredKeys: [] })
      );
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        branches.push(
          fc.dictionary(fc.string({ maxLength: 12 }), fromSchema(schema.additionalProperties, depth + 1), {
            maxKeys: 8,
          })
        );
      }
      break;
    }
  }
  branches.push(fc.jsonValue({ maxDepth: 2 }));
  return fc.oneof(...branches);
}

const toParam = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap(toParam) : [typeof value === 'string' ? value : JSON.stringify(value)];

function requestFor(op: Operation) {
  const path = fc.record(
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [
          p.name,
          fc.oneof(
            fc.constantFrom(...knownIds),
            // JSON text, not String(): fast-check generates null-prototype objects, which String() cannot convert.
            fromSchema(p.schema).map((v) => encodeURIComponent(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
            // Sent as is: bad percent-encoding in the path itself.
            fc.constantFrom('%zz', '%E0%A4%A', '%', '..%2F..', '%00')
          ),
        ])
    )
  );
  const query = fc.record(
    Object.fromEntries(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, fromSchema(p.schema)])),
    { requiredKeys: [] }
  );
  const body = op.body
    ? fc.oneof(
        { weight: 4, arbitrary: fromSchema(op.body).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 50 }) }
      )
    : fc.constant(undefined);
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant(A_EDITOR) },
    { weight: 1, arbitrary: fc.constantFrom(A_VIEWER, B_EDITOR, undefined, 'x', `${A_EDITOR} extra`) }
  );
  const extra = fc.option(fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { freq: 5 });
  return fc.record({ path, query, body, token, extra, rawSuffix: fc.option(weird, { freq: 8 }) });
}

test(
  `fuzz: every REST operation from the OpenAPI document, ${SECONDS} s, never a 5xx`,
  { timeout: (SECONDS + 120) * 1000 },
  async () => {
    const document = (await sc.api('GET', '/api/openapi.json')).body;
    const ops = operations(document);
    assert.equal(ops.length, 26, 'every operation of the API');
    const perOperationMs = (SECONDS * 1000) / ops.length;
    const serverErrors: string[] = [];
    const counts = new Map<string, number>();

    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const property = fc.asyncProperty(requestFor(op), async (r) => {
        const url = new URL(
          `${sc.sidecar.url}${op.path.replace(/\{(\w+)\}/g, (_m, name: string) => String(r.path[name]))}`
        );
        for (const [name, value] of Object.entries(r.query))
          for (const v of toParam(value)) url.searchParams.append(name, v);
        if (r.extra) url.searchParams.append(r.extra[0], r.extra[1]);
        const href = r.rawSuffix === null ? url.href : `${url.href}${url.search ? '&' : '?'}x=${r.rawSuffix}`;
        const response = await fetch(href, {
          method: op.method,
          headers: {
            ...(r.token ? { authorization: `Bearer ${r.token}` } : {}),
            ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: r.body,
        });
        const text = await response.text();
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (response.status >= 500)
          serverErrors.push(`${op.method} ${href} ${r.body ?? ''} -> ${response.status} ${text}`);
        assert.ok(response.status < 500, `${op.method} ${href} ${r.body ?? ''} -> ${response.status} ${text}`);
        if (response.status >= 400) {
          assert.match(response.headers.get('content-type') ?? '', /application\/json/);
          assert.equal(typeof JSON.parse(text).error.code, 'string');
        }
      });
      // A few runs whatever the machine's load, then as many as the operation's share of the time allows.
      await fc.assert(property, { numRuns: MIN_RUNS_PER_OPERATION });
      await fc.assert(property, {
        numRuns: 10_000,
        interruptAfterTimeLimit: perOperationMs,
        markInterruptAsFailure: false,
      });
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    assert.equal(counts.size, ops.length, 'every operation was exercised');
    for (const [key, runs] of counts) assert.ok(runs >= MIN_RUNS_PER_OPERATION, `${key}: ${runs} requests`);
    assert.deepEqual(serverErrors, [], 'server errors');
    assert.equal((await sc.api('GET', '/readyz')).status, 200, 'the sidecar is still ready');
    assert.deepEqual(
      sc.errors().map((e) => e.msg),
      [],
      'nothing logged at error level'
    );
    console.log(`# fuzz: ${total} requests over ${ops.length} operations, 0 server errors`);
  }
);
