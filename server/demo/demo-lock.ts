/**
 * One demo at a time per machine (per temp folder): a lock file in the temp
 * root holds the running demo's pid and addresses. A lock whose pid is no
 * longer alive is stale (the demo was killed with SIGKILL) and is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoLockInfo {
  pid: number;
  startedAt: number;
  /** Filled in once the sidecar listens. */
  restUrl?: string;
  dir?: string;
}

export class DemoAlreadyRunningError extends Error {
  override name = 'DemoAlreadyRunningError';
  constructor(readonly holder: DemoLockInfo) {
    const rest = holder.restUrl ? `, REST API ${holder.restUrl}` : '';
    super(
      `a RedisLens demo is already running (pid ${holder.pid}${rest}): use that one, or stop it (Ctrl-C in its terminal, or kill ${holder.pid}) before starting another`
    );
  }
}

export const demoLockPath = (): string => join(tmpdir(), 'redislens-demo.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): DemoLockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as DemoLockInfo;
    return Number.isInteger(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export class DemoLock {
  private constructor(
    readonly path: string,
    private info: DemoLockInfo
  ) {}

  /** Takes the lock or throws DemoAlreadyRunningError naming the running demo. */
  static acquire(path = demoLockPath()): DemoLock {
    const info: DemoLockInfo = { pid: process.pid, startedAt: Date.now() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(path, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
        return new DemoLock(path, info);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readLock(path);
      if (holder && alive(holder.pid)) throw new DemoAlreadyRunningError(holder);
      // Stale (or half-written by a demo that died at once): remove it and try again.
      rmSync(path, { force: true });
    }
    throw new Error(`cannot take the demo lock ${path}: another demo keeps replacing it`);
  }

  update(extra: Partial<DemoLockInfo>): void {
    this.info = { ...this.info, ...extra };
    writeFileSync(this.path, JSON.stringify(this.info), { mode: 0o600 });
  }

  /** Removes the lock only while it is still ours. */
  release(): void {
    if (readLock(this.path)?.pid === process.pid) rmSync(this.path, { force: true });
  }
}
