/** The Analyze form's checks before anything is sent: each message names its field (the sidecar checks again). */
export interface TargetForm {
  name: string;
  url: string;
  password: string;
  labels: string;
}

export type FormErrors = Partial<Record<keyof TargetForm, string>>;

const URL_SCHEMES = /^(redis|rediss|redis-sentinel):\/\/[^\s]+$/;
const LABEL = /^([^\s/]+:\d+\/)?[a-z_][a-z0-9_]*$/;

/** "env=prod, team=cache" or one per line -> { env: 'prod', team: 'cache' }. */
export function parseLabels(text: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  for (const part of text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = eq > 0 ? part.slice(0, eq).trim() : '';
    if (!LABEL.test(key)) {
      return {
        labels,
        error: `"${part}" is not name=value with a lower_snake_case name (or host:port/name for one node)`,
      };
    }
    labels[key] = part.slice(eq + 1).trim();
  }
  return { labels };
}

export function validateTargetForm(form: TargetForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) {
    errors.name = 'Name is required';
  }
  if (!URL_SCHEMES.test(form.url.trim())) {
    errors.url =
      'Address must be redis://host:port, rediss://host:port (TLS) or redis-sentinel://host:port[,host:port]/master';
  }
  const labels = parseLabels(form.labels);
  if (labels.error) {
    errors.labels = labels.error;
  }
  return errors;
}
