/**
 * Declarative, org-wide set-up, like Grafana's provisioning: every *.yaml
 * in the provisioning folder lists tenants (with API tokens) and targets.
 * Applied at start-up; the files are the source of truth for what they list.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { buildTarget } from '../targets/target-input.js';
import { inspectSchema } from '../targets/inspect-input.js';
import { resolveInline } from '../targets/secret-ref.js';
import { hashToken } from '../auth/token-auth.js';
import { weakTokenReason } from '../auth/token-strength.js';
import { ProvisioningError } from './provisioning-error.js';

const labelsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
const noControl = z.string().regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'control characters are not allowed');

/** One target as an operator writes it; `redislens analyze --targets` reads the same shape. */
export const provisionedTargetSchema = z.object({
  tenant: z.string().min(1),
  name: noControl.min(1).max(100),
  url: z.string().min(1),
  password: z.string().optional(),
  labels: labelsSchema.default({}),
  intervalSeconds: z.number().int().min(1).max(86400).optional(),
  enabled: z.boolean().optional(),
  inspect: inspectSchema.optional(),
});

export const provisioningSchema = z
  .object({
    apiVersion: z.literal(1),
    tenants: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _'),
          name: noControl.min(1),
          tokens: z
            .array(z.object({ name: z.string().min(1), token: z.string().min(1), role: z.enum(['viewer', 'editor']) }))
            .default([]),
        })
      )
      .default([]),
    targets: z.array(provisionedTargetSchema).default([]),
  })
  .strict();

export { ProvisioningError } from './provisioning-error.js';

/**
 * Reads and validates one provisioning file. Every error names `file:line: what is wrong`: the YAML
 * parser's position for broken YAML, the offending (or, for a missing key, the enclosing) node's line
 * for a schema violation.
 */
export function readProvisioningFile(path: string): z.infer<typeof provisioningSchema> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false });
  const [yamlError] = doc.errors;
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    throw new ProvisioningError(`${path}:${line}: not valid YAML at column ${col}: ${yamlError.message}`);
  }
  const parsed = provisioningSchema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.map(String);
  const line = lineOf(doc, lineCounter, where);
  throw new ProvisioningError(`${path}:${line}: ${where.join('.') || '(file)'}: ${issue.message}`);
}

/** The line of the deepest node on `path` that exists in the document. */
function lineOf(doc: Document, lineCounter: LineCounter, path: string[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return 1;
}

/** Provisioned targets keep their id across restarts: it derives from tenant and name. */
export function provisionedTargetId(tenant: string, name: string): string {
  const hex = createHash('sha256').update(`${tenant}\u0000${name}`).digest('hex').slice(0, 32).split('');
  // Shaped as a name-based (version 5) UUID so it validates like any other id.
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return hex.join('').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5');
}

export async function applyProvisioning(
  dir: string,
  store: Store,
  options: { secretKey?: string; now: number }
): Promise<{ tenants: number; targets: number }> {
  if (!existsSync(dir)) throw new ProvisioningError(`provisioning folder ${dir} does not exist`);
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  let tenants = 0;
  const targetIds: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const provisioning = readProvisioningFile(path);
    for (const tenant of provisioning.tenants) {
      await store.tenants.upsertTenant({ id: tenant.id, name: tenant.name });
      tenants++;
      for (const token of tenant.tokens) {
        let value: string;
        try {
          value = resolveInline(token.token);
        } catch (error) {
          throw new ProvisioningError(`${path}: tenant ${tenant.id}, token ${token.name}: ${(error as Error).message}`);
        }
        const weak = weakTokenReason(value);
        if (weak) throw new ProvisioningError(`${path}: tenant ${tenant.id}, token ${token.name}: ${weak}`);
        await store.tenants.upsertToken({
          hash: hashToken(value),
          tenantId: tenant.id,
          name: token.name,
          role: token.role,
        });
      }
    }
    for (const target of provisioning.targets) {
      const id = provisionedTargetId(target.tenant, target.name);
      const previous = await store.targets.get(target.tenant, id);
      let built;
      try {
        built = buildTarget(
          { ...target, labels: target.labels },
          { id, tenantId: target.tenant, provisioned: true, now: options.now, secretKey: options.secretKey, previous }
        );
      } catch (error) {
        throw new ProvisioningError(`${path}: target ${target.name}: ${(error as Error).message}`);
      }
      if (previous) await store.targets.update(built);
      else await store.targets.create(built);
      targetIds.push(id);
    }
  }
  await store.targets.removeProvisionedExcept(targetIds);
  return { tenants, targets: targetIds.length };
}
