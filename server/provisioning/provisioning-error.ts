/** A provisioning file RedisLens cannot apply; its own module so the CLI recognises it without loading the parser. */
export class ProvisioningError extends Error {
  override name = 'ProvisioningError';
}
