/**
 * The logger the protocol layer writes to: pino-compatible (object, message)
 * so the sidecar can pass its own. Never stdout-only concerns here: the
 * sidecar is not the stub, but its logs still belong on stderr.
 */
export interface GrafanaLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const write =
  (level: string) =>
  (fields: object, message: string): void => {
    process.stderr.write(`${JSON.stringify({ level, component: 'grafana', msg: message, ...fields })}\n`);
  };

export const stderrLogger: GrafanaLogger = { info: write('info'), warn: write('warn'), error: write('error') };
