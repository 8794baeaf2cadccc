/** Severities, apart from the rule schema so the CLI's help can list them without loading zod. */
export const SEVERITIES = ['critical', 'warning', 'notice'] as const;

export type Severity = (typeof SEVERITIES)[number];
/** Higher is more severe. The store keeps it in a column (severity_rank) to sort by, so the numbers stay fixed. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, notice: 1 };
