/**
 * `analyze --targets fleet.yaml`: the targets a CI job checks, written the
 * way provisioning writes them (the same schema; a provisioning file works
 * as a fleet file). Tenants are not needed here; disabled targets are skipped.
 */
import { z } from 'zod';
import { parseTargetUrl, type TargetSpec } from '../collect/target-url.js';
import { provisionedTargetSchema, provisioningSchema } from '../provisioning/provisioning-file.js';
import { splitPassword } from '../targets/target-input.js';
import { resolveSecret, toSecretRef } from '../targets/secret-ref.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { SecretRef } from '../domain/records.js';
import type { InspectOptions } from '../collect/inspection/inspect-options.js';
import { CliInputError, readYamlInput } from './input-file.js';

export const fleetFileSchema = provisioningSchema.extend({
  targets: z.array(provisionedTargetSchema.partial({ tenant: true }).strict()).min(1, 'list at least one target'),
});

export interface FleetTarget {
  name: string;
  spec: TargetSpec;
  labels: Labels;
  inspect?: InspectOptions;
}

function referenceOf(secret: string): SecretRef | undefined {
  try {
    return toSecretRef(secret, undefined);
  } catch {
    return undefined;
  }
}

export function loadFleetFile(file: string, env: NodeJS.ProcessEnv = process.env): FleetTarget[] {
  const input = readYamlInput(file, fleetFileSchema);
  const fail = (index: number, field: string, detail: string): never => {
    const line = input.lineOf(['targets', index, field]);
    throw new CliInputError(`${file}:${line}: targets[${index}].${field}: ${detail}`);
  };
  const seen = new Map<string, number>();
  const targets: FleetTarget[] = [];
  input.data.targets.forEach((target, index) => {
    const first = seen.get(target.name);
    if (first !== undefined) fail(index, 'name', `"${target.name}" is already the name of targets[${first}]`);
    seen.set(target.name, index);
    if (target.enabled === false) return;

    const split = splitPassword(target.url.trim());
    let spec: TargetSpec;
    try {
      spec = parseTargetUrl(split.url);
    } catch (error) {
      return fail(index, 'url', (error as Error).message);
    }
    if (split.password !== undefined && target.password !== undefined)
      fail(index, 'password', 'give the password either in the URL or as password, not both');
    const secret = target.password ?? split.password;
    if (secret) {
      const field = target.password !== undefined ? 'password' : 'url';
      // A fleet file lives in a repository: a password in it is a reference, never the secret itself.
      const ref =
        referenceOf(secret) ??
        fail(index, field, 'a password here must be a reference, $__env{NAME} or $__file{/path}, not the secret');
      try {
        spec.credentials.password = resolveSecret(ref, undefined, env);
      } catch (error) {
        fail(index, field, (error as Error).message);
      }
    }
    targets.push({
      name: target.name,
      spec,
      labels: target.labels,
      ...(target.inspect ? { inspect: target.inspect } : {}),
    });
  });
  return targets;
}
