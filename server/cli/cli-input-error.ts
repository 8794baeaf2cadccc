/** Input the CLI cannot use: exit 2 ("could not analyse") with the message. */
export class CliInputError extends Error {
  override name = 'CliInputError';
}
