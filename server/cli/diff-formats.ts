/** The formats and flags of `redislens diff`, shared by its definition and its action. */
import type { Severity } from '../rules/severity.js';

export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;

export interface DiffFlags {
  format: (typeof DIFF_FORMATS)[number];
  failOn: Severity;
}
