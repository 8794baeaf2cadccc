/**
 * A query the caller got wrong (unknown type, bad field, unknown target).
 * It fails its own refId with status 400 and source "downstream" (the
 * query, not the plugin, is at fault); any other error is a 500 from the
 * plugin. Mapped in one place: query-data.ts.
 */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(message: string) {
    super(message);
  }
}
