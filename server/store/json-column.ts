/** JSON kept as text in a column, as both stores keep it. */
export const json = {
  write: (value: unknown): string => JSON.stringify(value ?? null),
  read: <T>(text: string | null | undefined): T | undefined => (text == null ? undefined : (JSON.parse(text) as T)),
};
