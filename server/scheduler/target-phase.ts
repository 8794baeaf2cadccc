/**
 * Where in each interval a target's scheduled analyses fall: a fixed point taken from the target's id, so
 * a fleet's analyses are spread evenly over the interval and stay spread. Without it a fleet that starts
 * together (a sidecar's first minute, a fleet provisioned at once) kept the shape of that first minute's
 * backlog: each next run came an interval after the last, and at 5,000 targets one 10-second stretch of
 * every minute had three times the analyses of another, with the API's readers slowest there.
 */
import { sha256Hex } from '../domain/sha256.js';

/** The target's point in any interval, as a fraction of it: [0, 1), the same on every sidecar and restart. */
export function phaseOf(targetId: string): number {
  // The hash's first 32 bits.
  return Number.parseInt(sha256Hex(targetId).slice(0, 8), 16) / 2 ** 32;
}

/** The target's slot nearest to `at`: its phase in an interval of `intervalMs`, intervals counted from the epoch. */
export function nearestSlot(targetId: string, intervalMs: number, at: number): number {
  const offset = phaseOf(targetId) * intervalMs;
  return Math.round((at - offset) / intervalMs) * intervalMs + offset;
}

/**
 * When the target's next run is due after one that ended at `endedAt`: an interval later, moved towards the
 * target's slot by at most `maxShift` of the interval. On its slot already, the next run is on the next slot
 * even if this one started late (by up to maxShift), so lateness does not carry over; off it (a first run, a
 * changed interval), it gets there over a few runs, and two runs are always an interval +- maxShift apart.
 */
export function nextRunAt(targetId: string, intervalMs: number, endedAt: number, maxShift: number): number {
  const due = endedAt + intervalMs;
  const shift = nearestSlot(targetId, intervalMs, due) - due;
  const limit = maxShift * intervalMs;
  return due + Math.max(-limit, Math.min(limit, shift));
}
