/**
 * Starts the test host (host-server/main.mts: Redis topologies, sidecar,
 * backend stub, Grafana API, browser bundle) once for all specs, hands its
 * state to them through REDISLENS_HOST, and stops it afterwards, printing
 * where the screenshots are.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENS_DIR, describeScreenshot } from './specs/support/screens';

const repoRoot = join(__dirname, '..');

export default async function globalSetup() {
  rmSync(SCREENS_DIR, { recursive: true, force: true });
  mkdirSync(SCREENS_DIR, { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'host-server', 'main.mts')], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const state = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the test host did not start within 240 s')), 240_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('REDISLENS_HOST '));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice('REDISLENS_HOST '.length));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test host exited (${code}) before it was ready`));
    });
  });
  process.env.REDISLENS_HOST = state;

  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    child.kill('SIGTERM');
    await exited;
    const files = existsSync(SCREENS_DIR) ? readdirSync(SCREENS_DIR).sort() : [];
    process.stdout.write(`\nScreenshots (${files.length}) in ${SCREENS_DIR}:\n`);
    for (const file of files) process.stdout.write(`  ${file}: ${describeScreenshot(file)}\n`);
  };
}
