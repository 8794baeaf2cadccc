/**
 * Where a machine's CPU went during a benchmark (Linux /proc): each named process's user + system time, this
 * process's own, and what the machine as a whole left idle. A benchmark whose harness (proxies, readers,
 * redis-servers) shares the machine with what it measures should say how much of the machine each took:
 * readers that ask again as soon as they are answered wait for whatever CPU is left.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** USER_HZ: the unit of /proc's CPU times (100 on every Linux architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** A process's user + system CPU seconds so far (threads included); NaN once it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state): utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** The machine's busy and idle CPU seconds so far, over all cores (/proc/stat's first line). */
function machineCpuSeconds(): { busy: number; idle: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is counted in user already).
  const idle = ticks[3] + ticks[4];
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, idle: idle / TICKS_PER_SECOND };
}

export interface CpuShare {
  /** Wall seconds between start and stop. */
  seconds: number;
  /** Cores each group used on average (CPU seconds / wall seconds), this process as `thisProcess`. */
  cores: Record<string, number>;
  /** CPU seconds each group used. */
  cpuSeconds: Record<string, number>;
  /** Cores busy with anything else on the machine. */
  otherCores: number;
  idlePercent: number;
  machineCores: number;
}

/** Starts counting: call the returned function to stop and read the shares. `groups` name their pids. */
export function countCpu(groups: () => Record<string, number[]>): () => CpuShare {
  const sum = (pids: number[]) => pids.reduce((a, pid) => a + (processCpuSeconds(pid) || 0), 0);
  const own = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const startGroups = Object.fromEntries(Object.entries(groups()).map(([name, pids]) => [name, sum(pids)]));
  const [startOwn, startMachine, startWall] = [own(), machineCpuSeconds(), performance.now()];
  return () => {
    const seconds = (performance.now() - startWall) / 1000;
    const cpuSeconds: Record<string, number> = { thisProcess: own() - startOwn };
    for (const [name, pids] of Object.entries(groups())) cpuSeconds[name] = sum(pids) - (startGroups[name] ?? 0);
    const machine = machineCpuSeconds();
    const [busy, idle] = [machine.busy - startMachine.busy, machine.idle - startMachine.idle];
    const counted = Object.values(cpuSeconds).reduce((a, b) => a + b, 0);
    return {
      seconds,
      cpuSeconds,
      cores: Object.fromEntries(Object.entries(cpuSeconds).map(([name, s]) => [name, s / seconds])),
      otherCores: Math.max(0, busy - counted) / seconds,
      idlePercent: (100 * idle) / (busy + idle),
      machineCores: availableParallelism(),
    };
  };
}
