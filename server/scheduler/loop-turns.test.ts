import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoopTurns } from './loop-turns.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test('steps run in slices: what else waits on the loop runs between them, and every step runs once, in order', async () => {
  const turns = new LoopTurns(15);
  const ran: number[] = [];
  let stepsBeforeOther = -1;
  const steps = Array.from({ length: 10 }, async (_, i) => {
    await turns.next();
    busy(5);
    ran.push(i);
  });
  // Waits on the loop like a reader's request: without slices it would run after all ten steps (50 ms).
  const other = new Promise<void>((resolve) =>
    setImmediate(() =>
      setImmediate(() => {
        stepsBeforeOther = ran.length;
        resolve();
      })
    )
  );
  await Promise.all([...steps, other]);
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(stepsBeforeOther >= 1 && stepsBeforeOther < 10, `steps before the other work: ${stepsBeforeOther}`);
});

test('a step that throws does not stop the others', async () => {
  const turns = new LoopTurns();
  const results = await Promise.allSettled(
    [0, 1, 2].map(async (i) => {
      await turns.next();
      if (i === 1) throw new Error('step 1 failed');
      return i;
    })
  );
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled']
  );
});
