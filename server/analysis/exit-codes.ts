/** The CLI's exit codes: 0 nothing at or above --fail-on, 1 a finding at or above it, 2 could not analyse. */
export const EXIT = { ok: 0, critical: 1, failed: 2 } as const;
