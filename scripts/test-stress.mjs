#!/usr/bin/env node
/**
 * `npm run test:stress`: the whole `npm test`, RUNS times back to back (default 5), while CPU burners
 * (default: one per core) compete for the machine, the way a busy CI runner or a developer's laptop
 * does. Prints pass/fail and duration per run, keeps each run's output in a log file, and exits 1 if
 * any run failed. It proves the suite does not depend on speed; it is long (tens of minutes).
 *
 *   STRESS_RUNS=5 STRESS_BURNERS=2 npm run test:stress
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const runs = Number(process.env.STRESS_RUNS ?? 5);
const burners = Number(process.env.STRESS_BURNERS ?? availableParallelism());
const command = process.env.STRESS_COMMAND ?? 'npm test';
const logDir = mkdtempSync(join(tmpdir(), 'redislens-stress-'));

// A burner spins on arithmetic until terminated: pure CPU competition, no disk or ports to interfere with.
const burn = 'let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }';
const workers = Array.from({ length: burners }, () => new Worker(burn, { eval: true }));

function runOnce(i) {
  const log = join(logDir, `run-${i}.log`);
  const out = createWriteStream(log);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (code, signal) => {
      out.end();
      resolve({ ok: code === 0, code: code ?? signal, seconds: Math.round((Date.now() - started) / 1000), log });
    });
  });
}

console.log(`test:stress: ${runs} x \`${command}\` with ${burners} CPU burner(s); logs in ${logDir}`);
const results = [];
try {
  for (let i = 1; i <= runs; i++) {
    const r = await runOnce(i);
    results.push(r);
    console.log(`run ${i}/${runs}: ${r.ok ? 'PASS' : `FAIL (exit ${r.code})`} in ${r.seconds} s  ${r.log}`);
  }
} finally {
  await Promise.all(workers.map((w) => w.terminate()));
}
const failed = results.filter((r) => !r.ok).length;
console.log(`test:stress: ${runs - failed} of ${runs} runs passed under load`);
process.exit(failed === 0 ? 0 : 1);
