/**
 * pg-boss 10 (work()'s job handler wrapper) completes or fails a finished job without awaiting it: when
 * PostgreSQL goes away at that moment (a restart, a failover) the rejection is unhandled, and Node ends the
 * sidecar. Marking those promises handled keeps the sidecar up; the job stays active, expires and is retried,
 * and the target's analysis lock keeps the retry from overlapping. Callers that await still get the error.
 */
import { createRequire } from 'node:module';

type Settle = (...args: unknown[]) => Promise<unknown>;
const Manager = createRequire(import.meta.url)('pg-boss/src/manager.js') as {
  prototype: Record<'complete' | 'fail', Settle>;
};

for (const name of ['complete', 'fail'] as const) {
  const settle = Manager.prototype[name];
  Manager.prototype[name] = function (this: unknown, ...args: unknown[]) {
    const settled = settle.apply(this, args);
    settled.catch(() => undefined);
    return settled;
  };
}
