/**
 * Gauges with a series per target, written in the Prometheus text format in slices of the event loop.
 *
 * prom-client builds and formats a metric family in one synchronous call. At 5,000 targets the open-anomaly
 * family alone is 40,000 series, and its scrape held the sidecar's only thread for about 180 ms, every scrape,
 * while readers and analyses waited. These families are few and simple (gauges computed at scrape), so they are
 * formatted here, yielding to the loop every few thousand lines; prom-client keeps everything else.
 */

export interface GaugeFamily {
  name: string;
  help: string;
  /** Label names, in the order each row gives its values. */
  labelNames: readonly string[];
}

export type GaugeRow = { labels: readonly string[]; value: number };

/** Lines formatted between two turns of the loop: a few milliseconds of work. */
const LINES_PER_SLICE = 2000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// Text format 0.0.4: label values escape backslash, double quote and line feed; HELP escapes backslash and line feed.
const escapeLabel = (value: string) =>
  /[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** The family as exposition text: HELP, TYPE and one line per row, in the rows' order. */
export async function gaugeExposition(family: GaugeFamily, rows: Iterable<GaugeRow>): Promise<string> {
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`];
  // The same label values recur on many rows (a target's tenant and name): escape each once per scrape.
  const escaped = new Map<string, string>();
  const label = (value: string) => {
    let text = escaped.get(value);
    if (text === undefined) escaped.set(value, (text = escapeLabel(value)));
    return text;
  };
  let sinceTurn = 0;
  for (const { labels, value } of rows) {
    let pairs = '';
    for (let i = 0; i < family.labelNames.length; i++)
      pairs += `${i ? ',' : ''}${family.labelNames[i]}="${label(labels[i])}"`;
    lines.push(`${family.name}{${pairs}} ${value}`);
    if (++sinceTurn === LINES_PER_SLICE) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
  return lines.join('\n') + '\n';
}
