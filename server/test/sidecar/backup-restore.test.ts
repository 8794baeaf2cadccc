/**
 * Backup while the sidecar runs and restore into a fresh one, as
 * docs/operations.md tells an operator: `redislens backup` copies the live
 * store (the sidecar keeps analysing meanwhile); the copy, placed as
 * redislens.sqlite in an empty data directory, starts a new sidecar that
 * has the same anomalies with the same audit trail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedisProcess } from '../harness/redis-process.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';
import { runCli } from '../harness/run-cli.js';

const TOKEN = 'backup-restore-test-editor-token-0123456789';

test('redislens backup copies the live store; a fresh sidecar restored from it has the same anomalies and audit trail', async (t) => {
  const redis = await RedisProcess.start({ config: { 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  process.env.BACKUP_TEST_TOKEN = TOKEN;
  const provisioning = {
    tenants: [{ id: 'ops', name: 'Ops', tokens: [{ name: 'ci', token: '$__env{BACKUP_TEST_TOKEN}', role: 'editor' }] }],
    targets: [{ tenant: 'ops', name: 'cache', url: redis.url, intervalSeconds: 1 }],
  };
  const original = await startTestSidecar(provisioning);
  t.after(() => original.stop());
  const work = mkdtempSync(join(tmpdir(), 'redislens-backup-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  const opened = await eventually('SEC-101 to open', async () => {
    const { body } = await original.api('GET', '/api/v1/anomalies?ruleId=SEC-101', { token: TOKEN });
    return body.items[0]?.status === 'open' && body.items[0];
  });
  const ack = await original.api('POST', `/api/v1/anomalies/${opened.id}/status`, {
    token: TOKEN,
    body: { status: 'acknowledged', note: 'known: demo box, firewall in front' },
  });
  assert.equal(ack.status, 200);
  const snapshot = async (sc: typeof original) => {
    const { body } = await sc.api('GET', '/api/v1/anomalies?limit=500', { token: TOKEN });
    const byId = new Map<string, any>();
    for (const a of body.items) {
      const { body: detail } = await sc.api('GET', `/api/v1/anomalies/${a.id}`, { token: TOKEN });
      byId.set(a.id, {
        ruleId: a.ruleId,
        resource: a.resource,
        status: a.status,
        firstSeen: a.firstSeen,
        history: detail.history.map((e: any) => ({ kind: e.kind, actor: e.actor, note: e.note, at: e.at })),
      });
    }
    return byId;
  };
  const before = await snapshot(original);
  assert.ok(before.size >= 2);

  // The backup runs while the scheduler keeps writing analyses every second.
  const file = join(work, 'redislens-backup.sqlite');
  const dataDir = join(original.dataDir, 'store');
  const backup = await runCli(['backup', file, '--data-dir', dataDir]);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(
    backup.stdout,
    /^backed up .*redislens\.sqlite to .*redislens-backup\.sqlite: \d+ bytes, schema version \d+, integrity ok$/m
  );
  assert.ok(!existsSync(`${file}.partial`));

  // A backup never overwrites, and a wrong data directory is named.
  const again = await runCli(['backup', file, '--data-dir', dataDir]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /redislens-backup\.sqlite exists: choose a new file name/);
  const wrong = await runCli(['backup', join(work, 'other.sqlite'), '--data-dir', work]);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /no RedisLens store in .*: give the sidecar's --data-dir or REDISLENS_DATA_DIR/);

  // Restore: the copy as redislens.sqlite in an empty data directory, then start a sidecar on it.
  await redis.stop(); // freeze the fleet: the restored sidecar's analyses fail and change no anomaly
  const restoredDir = join(work, 'restored');
  mkdirSync(restoredDir);
  copyFileSync(file, join(restoredDir, 'redislens.sqlite'));
  const restored = await startTestSidecar(provisioning, { dataDir: restoredDir });
  t.after(() => restored.stop());
  const after = await snapshot(restored);
  for (const [id, anomaly] of before) assert.deepEqual(after.get(id), anomaly, `anomaly ${anomaly.ruleId} ${id}`);
  const trail = after.get(opened.id).history;
  assert.deepEqual(
    trail.map((e: any) => [e.kind, e.actor, e.note ?? null]),
    [
      ['opened', 'redislens', null],
      ['status_changed', 'token:ci', 'known: demo box, firewall in front'],
    ]
  );
});
