/** Runs the real `redislens` executable, as an operator or a script would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, timeout: 120000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      }
    );
  });
}

export async function runCliJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun & { report: any }> {
  const run = await runCli([...args, '--format', 'json'], env);
  let report: unknown;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`redislens did not print JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
  return { ...run, report };
}
