/**
 * Queries name a target as the user sees it (`$target` template variables
 * resolve to a name or an address); the service takes ids. Resolution goes
 * through listTargets, so a tenant can only ever name its own targets.
 */
import { QueryError } from './query-error.js';
import type { QueryContext } from './query-context.js';

export async function resolveTargetId(ctx: QueryContext, ref: string): Promise<string> {
  const targets = await ctx.service.listTargets(ctx.identity);
  const match =
    targets.find((t) => t.id === ref) ??
    targets.find((t) => t.name === ref) ??
    targets.find((t) => t.url === ref || stripScheme(t.url) === ref);
  if (!match)
    throw new QueryError(`no target "${ref}" for this datasource's token (give a target id, name or address)`);
  return match.id;
}

const stripScheme = (url: string): string => url.replace(/^[a-z-]+:\/\//, '').replace(/\/.*$/, '');

export async function optionalTargetId(ctx: QueryContext, ref: string | undefined): Promise<string | undefined> {
  return ref === undefined ? undefined : resolveTargetId(ctx, ref);
}
