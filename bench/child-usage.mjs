/**
 * Loaded with `node --import` into a process a benchmark measures: at exit it writes the process's own
 * CPU time and peak RSS (process.resourceUsage) as JSON to file descriptor 3, which the benchmark reads.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }));
  } catch {
    // not started by a benchmark (no descriptor 3): nothing to report
  }
});
