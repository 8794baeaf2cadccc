/** A rule or data file that cannot be loaded: names the file and the field. */
export class CatalogError extends Error {
  override name = 'CatalogError';
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string
  ) {
    super(`${file}: ${field}: ${detail}`);
  }
}
