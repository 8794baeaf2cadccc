/**
 * The store contract: one suite, run against every Store implementation
 * (sqlite-store.test.ts, postgres-store.test.ts). Each test gets a fresh,
 * empty store from the factory; `reopen` opens the same data again, as a
 * restarted (or another) sidecar would.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BUCKET_MS, HOURLY_BUCKET_MS, type Store } from '../../store/store.js';
import type { Anomaly, Target } from '../../domain/records.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { AnomalyPlan } from '../../anomalies/anomaly-plan.js';
import { InvalidCursorError } from '../../domain/queries.js';
import { encodeReport } from '../../store/report-encoding.js';
import { storedFleet } from '../../store/stored-fleet.js';

export interface StoreFactory {
  name: string;
  /** A new empty store location: a data directory or a database URL. */
  create(): Promise<string>;
  open(location: string): Promise<Store>;
  dispose?(): Promise<void>;
}

const DAY = 86_400_000;
/** A fixed "now" well after 1970 so retention cut-offs land on whole days. */
const NOW = Date.UTC(2026, 5, 15, 12);

export function target(tenantId: string, name: string, extra: Partial<Target> = {}): Target {
  return {
    id: randomUUID(),
    tenantId,
    name,
    url: 'redis://127.0.0.1:1',
    labels: { team: 'a' },
    intervalSeconds: 60,
    enabled: true,
    provisioned: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

export function anomaly(t: Target, n: number, extra: Partial<Anomaly> = {}): Anomaly {
  return {
    id: randomUUID(),
    tenantId: t.tenantId,
    targetId: t.id,
    fingerprint: `${t.id}-fp-${n}`,
    ruleId: `RULE-${n % 7}`,
    category: n % 2 ? 'memory' : 'security',
    severity: (['critical', 'warning', 'notice'] as const)[n % 3],
    resource: `127.0.0.1:${6000 + (n % 5)}`,
    title: `finding ${n}`,
    message: `message ${n}`,
    recommendation: 'fix it',
    evidence: { n },
    status: 'open',
    // Ties on purpose: keyset paging must break them by id.
    firstSeen: NOW - (n % 10) * 1000,
    lastSeen: NOW - (n % 4) * 1000,
    occurrences: 1,
    ...extra,
  };
}

const emptyPlan = (t: Target, at: number): AnomalyPlan => ({
  tenantId: t.tenantId,
  targetId: t.id,
  at,
  create: [],
  refresh: [],
  reopen: [],
  resolve: [],
});

export function fleet(maxmemory: string): FleetSnapshot {
  return {
    seeds: ['127.0.0.1:6000'],
    collectedAt: new Date(NOW).toISOString(),
    groups: [],
    nodes: [
      {
        address: '127.0.0.1:6000',
        kind: 'redis',
        role: 'master',
        reachable: true,
        collectedAt: new Date(NOW).toISOString(),
        config: { maxmemory },
        failures: {},
      } as FleetSnapshot['nodes'][number],
    ],
  };
}

export function storeContract(factory: StoreFactory): void {
  describe(`store contract: ${factory.name}`, () => {
    const opened: Store[] = [];
    const fresh = async () => {
      const location = await factory.create();
      const store = await factory.open(location);
      opened.push(store);
      await store.tenants.upsertTenant({ id: 't1', name: 'Team one' });
      await store.tenants.upsertTenant({ id: 't2', name: 'Team two' });
      return { store, location };
    };
    const reopen = async (location: string) => {
      const store = await factory.open(location);
      opened.push(store);
      return store;
    };
    after(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      await factory.dispose?.();
    });

    it('tenants and tokens: upsert, look-up by hash', async () => {
      const { store } = await fresh();
      await store.tenants.upsertTenant({ id: 't1', name: 'Renamed' });
      assert.deepEqual(await store.tenants.listTenants(), [
        { id: 't1', name: 'Renamed' },
        { id: 't2', name: 'Team two' },
      ]);
      await store.tenants.upsertToken({ hash: 'h1', tenantId: 't1', name: 'ci', role: 'viewer' });
      assert.equal((await store.tenants.tokenByHash('h1'))?.role, 'viewer');
      // Looked up once already (a store may keep it in memory): the change must still show.
      await store.tenants.upsertToken({ hash: 'h1', tenantId: 't1', name: 'ci', role: 'editor' });
      assert.deepEqual(await store.tenants.tokenByHash('h1'), {
        hash: 'h1',
        tenantId: 't1',
        name: 'ci',
        role: 'editor',
      });
      assert.equal(await store.tenants.tokenByHash('nope'), undefined);
    });

    it('targets: create, update, list, enabled work list, and tenant isolation', async () => {
      const { store } = await fresh();
      const a = target('t1', 'b-cache', {
        password: { kind: 'env', name: 'PW' },
        inspect: { clients: true, keyspace: { enabled: true, maxKeys: 500 } },
      });
      const b = target('t1', 'a-queue', { enabled: false });
      const c = target('t2', 'other');
      for (const t of [a, b, c]) await store.targets.create(t);
      assert.deepEqual(await store.targets.get('t1', a.id), a);
      assert.deepEqual(
        (await store.targets.list('t1')).map((t) => t.name),
        ['a-queue', 'b-cache']
      );
      assert.deepEqual((await store.targets.listEnabled()).map((t) => t.name).sort(), ['b-cache', 'other']);
      // Another tenant sees nothing of t1's targets and cannot remove them.
      assert.equal(await store.targets.get('t2', a.id), undefined);
      assert.equal(await store.targets.remove('t2', a.id), false);
      assert.ok(await store.targets.get('t1', a.id));
      await store.targets.update({
        ...a,
        name: 'renamed',
        labels: { team: 'b' },
        inspect: { slowlog: true },
        updatedAt: NOW + 1,
      });
      const updated = await store.targets.get('t1', a.id);
      assert.deepEqual(updated?.inspect, { slowlog: true }, 'the opt-in inspections are kept');
      assert.equal(updated?.name, 'renamed');
      assert.deepEqual(updated?.labels, { team: 'b' });
      assert.equal(updated?.createdAt, NOW);
      assert.equal(updated?.updatedAt, NOW + 1);
      // Updating through the wrong tenant changes nothing.
      await store.targets.update({ ...c, tenantId: 't1', name: 'hijacked' });
      assert.equal((await store.targets.get('t2', c.id))?.name, 'other');
      await assert.rejects(store.targets.create(target('t1', 'renamed')), 'names are unique within a tenant');
    });

    it('removing a target takes its history with it; provisioned targets not kept are removed', async () => {
      const { store } = await fresh();
      const kept = target('t1', 'kept', { provisioned: true });
      const gone = target('t1', 'gone', { provisioned: true });
      const api = target('t1', 'api');
      for (const t of [kept, gone, api]) await store.targets.create(t);
      await store.anomalies.apply({ ...emptyPlan(gone, NOW), create: [anomaly(gone, 1)] });
      await store.rollups.record([{ targetId: gone.id, node: 'n', metric: 'm', time: NOW, value: 1 }]);
      assert.equal(await store.targets.removeProvisionedExcept([kept.id]), 1);
      assert.deepEqual((await store.targets.list('t1')).map((t) => t.name).sort(), ['api', 'kept']);
      assert.deepEqual(await store.anomalies.openCounts(), []);
      assert.deepEqual(await store.rollups.series([gone.id], { metrics: ['m'], from: NOW - DAY, to: NOW + DAY }), []);
    });

    it('analyses: lifecycle, report round trip, newest first, tenant isolation', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const ids = [randomUUID(), randomUUID()];
      // A scheduler tick creates its analyses in one call.
      await store.analyses.createMany(
        ids.map((id, i) => ({
          id,
          tenantId: 't1',
          targetId: t.id,
          trigger: 'schedule' as const,
          status: 'queued' as const,
          queuedAt: NOW + i,
          progress: { done: 0, found: 0 },
        }))
      );
      await store.analyses.createMany([]);
      await store.analyses.markRunning(ids[0], NOW + 5);
      await store.analyses.updateProgress(ids[0], { done: 2, found: 1 });
      const summary = { critical: 1, warning: 0, notice: 0, notEvaluated: 2, passed: 3, nodes: 1, unreachable: 0 };
      await store.analyses.finish(ids[0], {
        status: 'succeeded',
        finishedAt: NOW + 9,
        summary,
        snapshotId: 's1',
        // A plain Uint8Array, as a report encoded on an analysis thread arrives (not a Buffer).
        report: { gzip: new Uint8Array(encodeReport({ findings: [{ ruleId: 'X', text: 'é' }] }).gzip) },
      });
      const done = await store.analyses.get('t1', ids[0]);
      assert.deepEqual(done, {
        id: ids[0],
        tenantId: 't1',
        targetId: t.id,
        trigger: 'schedule',
        status: 'succeeded',
        queuedAt: NOW,
        startedAt: NOW + 5,
        finishedAt: NOW + 9,
        progress: { done: 2, found: 1 },
        summary,
        snapshotId: 's1',
        hasReport: true,
      });
      assert.equal((await store.analyses.get('t1', ids[1]))?.hasReport, false, 'queued: no report yet');
      assert.deepEqual(await store.analyses.report('t1', ids[0]), { findings: [{ ruleId: 'X', text: 'é' }] });
      assert.equal(await store.analyses.report('t2', ids[0]), undefined);
      assert.equal(await store.analyses.get('t2', ids[0]), undefined);
      assert.deepEqual(
        (await store.analyses.list('t1', t.id, 10)).map((a) => a.id),
        [ids[1], ids[0]]
      );
      assert.deepEqual(await store.analyses.list('t2', t.id, 10), []);
    });

    it('interrupted analyses: all unfinished after a restart, or only those running since before a time', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const make = async (startedAt?: number) => {
        const id = randomUUID();
        await store.analyses.create({
          id,
          tenantId: 't1',
          targetId: t.id,
          trigger: 'manual',
          status: 'queued',
          queuedAt: NOW,
          progress: { done: 0, found: 0 },
        });
        if (startedAt !== undefined) await store.analyses.markRunning(id, startedAt);
        return id;
      };
      const old = await make(NOW - 60_000);
      const young = await make(NOW - 1000);
      const queued = await make();
      const elsewhere = target('t1', 'elsewhere');
      await store.targets.create(elsewhere);
      assert.equal(await store.analyses.interruptUnfinished(NOW, { targetId: elsewhere.id }), 0);
      assert.equal(await store.analyses.interruptUnfinished(NOW, { startedBefore: NOW - 30_000 }), 1);
      assert.equal((await store.analyses.get('t1', old))?.status, 'interrupted');
      assert.equal((await store.analyses.get('t1', young))?.status, 'running');
      assert.equal((await store.analyses.get('t1', queued))?.status, 'queued');
      assert.equal(await store.analyses.interruptUnfinished(NOW), 2);
      const marked = await store.analyses.get('t1', young);
      assert.equal(marked?.status, 'interrupted');
      assert.match(marked?.error ?? '', /stopped before this analysis finished/);
    });

    it('recordAnalysis: snapshot, events, rollups, anomalies and result in one transaction, or none of them', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const analysisOf = async (queuedAt: number) => {
        const id = randomUUID();
        await store.analyses.create({
          id,
          tenantId: 't1',
          targetId: t.id,
          trigger: 'schedule',
          status: 'running',
          queuedAt,
          progress: { done: 0, found: 0 },
        });
        return id;
      };
      const outcome = (analysisId: string, at: number, plan: AnomalyPlan) => ({
        analysisId,
        snapshot: {
          meta: { id: randomUUID(), tenantId: 't1', targetId: t.id, analysisId, collectedAt: at },
          fleet: storedFleet(fleet('1gb')),
          fullEverySeconds: 3600,
        },
        events: [{ tenantId: 't1', targetId: t.id, at, kind: 'config_changed' as const, title: 'drift', detail: {} }],
        rollups: [{ targetId: t.id, node: 'n:1', metric: 'used_memory', time: at, value: 42 }],
        anomalies: plan,
        result: {
          status: 'succeeded' as const,
          finishedAt: at,
          snapshotId: 'set below',
          report: encodeReport({ ok: true }),
        },
      });

      const first = await analysisOf(NOW);
      const a = anomaly(t, 1);
      const written = outcome(first, NOW, { ...emptyPlan(t, NOW), create: [a] });
      written.result.snapshotId = written.snapshot.meta.id;
      await store.recordAnalysis(written);
      assert.equal((await store.analyses.get('t1', first))?.status, 'succeeded');
      assert.deepEqual(await store.analyses.report('t1', first), { ok: true });
      assert.equal((await store.snapshots.latest('t1', t.id))?.id, written.snapshot.meta.id);
      assert.equal((await store.anomalies.get('t1', a.id))?.status, 'open');
      const range = { from: NOW - DAY, to: NOW + DAY };
      assert.deepEqual((await store.events.list('t1', { ...range, targetId: t.id })).map((e) => e.kind).sort(), [
        'anomaly_opened',
        'config_changed',
      ]);
      assert.equal((await store.rollups.series([t.id], { metrics: ['used_memory'], ...range }))[0]?.last, 42);

      // A part that fails (an anomaly id that exists already) leaves nothing of the analysis behind.
      const second = await analysisOf(NOW + 1);
      const broken = outcome(second, NOW + 60_000, {
        ...emptyPlan(t, NOW + 60_000),
        create: [{ ...anomaly(t, 2), id: a.id }],
      });
      await assert.rejects(store.recordAnalysis(broken));
      assert.equal((await store.analyses.get('t1', second))?.status, 'running', 'not finished');
      assert.equal((await store.snapshots.latest('t1', t.id))?.id, written.snapshot.meta.id, 'no snapshot');
      assert.equal((await store.events.list('t1', { ...range, targetId: t.id })).length, 2, 'no event');
      assert.equal(
        (await store.rollups.series([t.id], { metrics: ['used_memory'], ...range }))[0]?.count,
        1,
        'no sample'
      );

      // Recorded together with a sound analysis (a store may commit them in one batch): the broken one still
      // leaves nothing, the sound one is all there.
      const third = await analysisOf(NOW + 2);
      const sound = outcome(third, NOW + 120_000, emptyPlan(t, NOW + 120_000));
      sound.result.snapshotId = sound.snapshot.meta.id;
      const settled = await Promise.allSettled([store.recordAnalysis(broken), store.recordAnalysis(sound)]);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['rejected', 'fulfilled']
      );
      assert.equal((await store.analyses.get('t1', second))?.status, 'running', 'still not finished');
      assert.equal((await store.analyses.get('t1', third))?.status, 'succeeded');
      assert.equal((await store.snapshots.latest('t1', t.id))?.id, sound.snapshot.meta.id);
      assert.equal(
        (await store.rollups.series([t.id], { metrics: ['used_memory'], ...range })).reduce((n, p) => n + p.count, 0),
        2,
        "the sound analysis's sample only"
      );
    });

    it('snapshots: a body is stored again only when configuration changed or the full interval passed', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const save = (at: number, maxmemory: string) =>
        store.snapshots.save(
          { id: randomUUID(), tenantId: 't1', targetId: t.id, analysisId: randomUUID(), collectedAt: at },
          fleet(maxmemory),
          { fullEverySeconds: 3600 }
        );
      const first = await save(NOW, '1gb');
      const same = await save(NOW + 60_000, '1gb');
      const changed = await save(NOW + 120_000, '2gb');
      const stale = await save(NOW + 120_000 + 3600_000, '2gb');
      assert.equal(same.contentHash, first.contentHash);
      assert.notEqual(changed.contentHash, first.contentHash);
      assert.equal(stale.contentHash, changed.contentHash, 'same content: same hash, one stored copy');
      const latest = await store.snapshots.latest('t1', t.id);
      assert.equal(latest?.id, stale.id);
      assert.equal(latest?.fleet.nodes[0].config?.maxmemory, '2gb');
      assert.equal((await store.snapshots.get('t1', first.id))?.fleet.nodes[0].config?.maxmemory, '1gb');
      assert.equal(await store.snapshots.get('t2', first.id), undefined);
      assert.equal(await store.snapshots.latest('t2', t.id), undefined);
      assert.deepEqual(
        (await store.snapshots.list('t1', t.id, 3)).map((s) => s.id),
        [stale.id, changed.id, same.id]
      );
    });

    it('anomalies: create, refresh, resolve, reopen, with audit and timeline events', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const a = anomaly(t, 1, { firstSeen: NOW, lastSeen: NOW });
      await store.anomalies.apply({ ...emptyPlan(t, NOW), create: [a] });
      const refresh = {
        id: a.id,
        severity: 'critical' as const,
        message: 'worse',
        evidence: { n: 2 },
        lastSeen: NOW + 1000,
      };
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 1000), refresh: [refresh] });
      let got = await store.anomalies.get('t1', a.id);
      assert.equal(got?.occurrences, 2);
      assert.equal(got?.severity, 'critical');
      assert.deepEqual(got?.evidence, { n: 2 });
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 2000), resolve: [got!] });
      got = await store.anomalies.get('t1', a.id);
      assert.equal(got?.status, 'resolved');
      assert.equal(got?.resolvedAt, NOW + 2000);
      assert.deepEqual(await store.anomalies.active('t1', t.id), []);
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 3000), reopen: [{ ...refresh, lastSeen: NOW + 3000 }] });
      got = await store.anomalies.get('t1', a.id);
      assert.equal(got?.status, 'open');
      assert.equal(got?.resolvedAt, undefined);
      assert.equal(got?.occurrences, 3);
      assert.deepEqual(
        (await store.anomalies.history('t1', a.id)).map((e) => [e.kind, e.fromStatus, e.toStatus]),
        [
          ['opened', undefined, 'open'],
          ['auto_resolved', 'open', 'resolved'],
          ['reopened', 'resolved', 'open'],
        ]
      );
      assert.deepEqual(
        (await store.events.list('t1', { from: NOW - 1, to: NOW + 5000 })).map((e) => e.kind),
        ['anomaly_opened', 'anomaly_resolved', 'anomaly_reopened']
      );
      assert.deepEqual(
        (await store.anomalies.byFingerprints('t1', [a.fingerprint, 'unknown'])).map((x) => x.id),
        [a.id]
      );
      assert.deepEqual(await store.anomalies.byFingerprints('t2', [a.fingerprint]), []);
      assert.deepEqual(await store.anomalies.history('t2', a.id), []);
      await assert.rejects(
        store.anomalies.apply({ ...emptyPlan(t, NOW), create: [{ ...anomaly(t, 2), fingerprint: a.fingerprint }] }),
        'one anomaly per fingerprint'
      );
    });

    it('status changes: atomic over all ids, one audit entry each, other tenants untouched', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      const other = target('t2', 'y');
      await store.targets.create(t);
      await store.targets.create(other);
      const [a, b] = [anomaly(t, 1), anomaly(t, 2)];
      const foreign = anomaly(other, 3);
      await store.anomalies.apply({ ...emptyPlan(t, NOW), create: [a, b] });
      await store.anomalies.apply({ ...emptyPlan(other, NOW), create: [foreign] });
      const change = { status: 'acknowledged' as const, actor: 'alice', note: 'on it', at: NOW + 1 };
      assert.deepEqual(await store.anomalies.setStatus('t1', [a.id, foreign.id], change), { missing: foreign.id });
      assert.equal((await store.anomalies.get('t1', a.id))?.status, 'open', 'nothing changed when one id is unknown');
      assert.equal((await store.anomalies.get('t2', foreign.id))?.status, 'open');
      const changed = await store.anomalies.setStatus('t1', [a.id, b.id], change);
      assert.ok(Array.isArray(changed));
      assert.deepEqual(
        changed.map((x) => x.status),
        ['acknowledged', 'acknowledged']
      );
      await store.anomalies.setStatus('t1', [a.id], { ...change, note: 'still on it', at: NOW + 2 });
      const history = await store.anomalies.history('t1', a.id);
      assert.deepEqual(
        history.slice(1).map((e) => [e.actor, e.fromStatus, e.toStatus, e.note]),
        [
          ['alice', 'open', 'acknowledged', 'on it'],
          ['alice', 'acknowledged', 'acknowledged', 'still on it'],
        ]
      );
      const resolved = await store.anomalies.setStatus('t1', [b.id], { status: 'resolved', actor: 'bob', at: NOW + 5 });
      assert.ok(Array.isArray(resolved));
      assert.equal(resolved[0].resolvedAt, NOW + 5);
      assert.deepEqual(await store.anomalies.openCounts(), [
        { tenantId: 't2', targetId: other.id, ruleId: foreign.ruleId, severity: foreign.severity, count: 1 },
      ]);
    });

    it('open counts over time: first seen to resolved, acknowledged and false positives left out', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const a = anomaly(t, 0, { severity: 'critical', firstSeen: NOW, lastSeen: NOW });
      const b = anomaly(t, 1, { severity: 'warning', firstSeen: NOW + 10, lastSeen: NOW + 10 });
      const c = anomaly(t, 2, { severity: 'notice', firstSeen: NOW, lastSeen: NOW });
      await store.anomalies.apply({ ...emptyPlan(t, NOW), create: [a, b, c] });
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 20), resolve: [a] });
      await store.anomalies.setStatus('t1', [c.id], { status: 'false_positive', actor: 'x', at: NOW });
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW - 1, NOW + 5, NOW + 15, NOW + 25]), [
        { time: NOW - 1, critical: 0, warning: 0, notice: 0 },
        { time: NOW + 5, critical: 1, warning: 0, notice: 0 },
        { time: NOW + 15, critical: 1, warning: 1, notice: 0 },
        { time: NOW + 25, critical: 0, warning: 1, notice: 0 },
      ]);
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW + 15], { severity: ['warning'] }), [
        { time: NOW + 15, critical: 0, warning: 1, notice: 0 },
      ]);
      assert.deepEqual(await store.anomalies.openAt('t2', [NOW + 15]), [
        { time: NOW + 15, critical: 0, warning: 0, notice: 0 },
      ]);
      // Counts asked again after a change (a store may share them between queries) show it at once.
      const d = anomaly(t, 3, { severity: 'notice', firstSeen: NOW + 12, lastSeen: NOW + 12 });
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 12), create: [d] });
      await store.anomalies.setStatus('t1', [b.id], { status: 'acknowledged', actor: 'x', at: NOW + 30 });
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW - 1, NOW + 15]), [
        { time: NOW - 1, critical: 0, warning: 0, notice: 0 },
        { time: NOW + 15, critical: 1, warning: 0, notice: 1 },
      ]);
      // A refresh that re-grades (the analysis planned it so) shows at once too.
      const regrade = { id: d.id, severity: 'warning' as const, message: 'm', evidence: {}, lastSeen: NOW + 40 };
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 40), refresh: [{ ...regrade, regraded: true }] });
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW + 15]), [
        { time: NOW + 15, critical: 1, warning: 1, notice: 0 },
      ]);
      // So do a resolve and a reopen, one after the other, and a filter's counts follow only its own rows.
      const filtered = () => store.anomalies.openAt('t1', [NOW + 15, NOW + 60], { severity: ['warning'] });
      assert.deepEqual(await filtered(), [
        { time: NOW + 15, critical: 0, warning: 1, notice: 0 },
        { time: NOW + 60, critical: 0, warning: 1, notice: 0 },
      ]);
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 50), resolve: [{ ...d, severity: 'warning' }] });
      assert.deepEqual(await filtered(), [
        { time: NOW + 15, critical: 0, warning: 1, notice: 0 },
        { time: NOW + 60, critical: 0, warning: 0, notice: 0 },
      ]);
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 70), reopen: [{ ...regrade, lastSeen: NOW + 70 }] });
      await store.anomalies.apply({
        ...emptyPlan(t, NOW + 70),
        create: [anomaly(t, 4, { severity: 'critical', firstSeen: NOW + 55, lastSeen: NOW + 70 })],
      });
      assert.deepEqual(await filtered(), [
        { time: NOW + 15, critical: 0, warning: 1, notice: 0 },
        { time: NOW + 60, critical: 0, warning: 1, notice: 0 },
      ]);
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW + 15, NOW + 60]), [
        { time: NOW + 15, critical: 1, warning: 1, notice: 0 },
        { time: NOW + 60, critical: 1, warning: 1, notice: 0 },
      ]);
      // A removed target takes its anomalies out of the counts at once.
      assert.equal(await store.targets.remove('t1', t.id), true);
      assert.deepEqual(await store.anomalies.openAt('t1', [NOW + 15, NOW + 60]), [
        { time: NOW + 15, critical: 0, warning: 0, notice: 0 },
        { time: NOW + 60, critical: 0, warning: 0, notice: 0 },
      ]);
    });

    it('the anomaly list asked again shows an opened, resolved, re-stated or removed anomaly at once, a refresh within a second', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const list = async () =>
        (await store.anomalies.query('t1', { limit: 10 })).items.map((a) => [a.id, a.status, a.message]);
      const a = anomaly(t, 0, { firstSeen: NOW, lastSeen: NOW, message: 'first' });
      await store.anomalies.apply({ ...emptyPlan(t, NOW), create: [a] });
      assert.deepEqual(await list(), [[a.id, 'open', 'first']]);
      const b = anomaly(t, 1, { firstSeen: NOW + 1, lastSeen: NOW + 1 });
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 1), create: [b] });
      assert.equal((await list()).length, 2, 'an opened anomaly at once');
      await store.anomalies.setStatus('t1', [b.id], { status: 'acknowledged', actor: 'x', at: NOW + 2 });
      assert.deepEqual((await list()).find(([id]) => id === b.id)?.[1], 'acknowledged', 'a status change at once');
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 3), resolve: [(await store.anomalies.get('t1', b.id))!] });
      assert.deepEqual((await list()).find(([id]) => id === b.id)?.[1], 'resolved', 'a resolution at once');
      const refresh = { id: a.id, severity: a.severity, message: 'second', evidence: {}, lastSeen: NOW + 4 };
      await store.anomalies.apply({ ...emptyPlan(t, NOW + 4), refresh: [refresh] });
      // A store may share the page between readers for a second; the refresh shows after it at the latest.
      await new Promise((r) => setTimeout(r, 1100));
      assert.deepEqual((await list()).find(([id]) => id === a.id)?.[2], 'second', 'a refresh within a second');
      await store.targets.remove('t1', t.id);
      assert.deepEqual(await list(), [], "a removed target's anomalies at once");
    });

    it('keyset paging: every sort and order walks all rows once, in order, with ties broken by id', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      const other = target('t2', 'y');
      await store.targets.create(t);
      await store.targets.create(other);
      const rows = Array.from({ length: 83 }, (_, n) => anomaly(t, n));
      await store.anomalies.apply({ ...emptyPlan(t, NOW), create: rows });
      await store.anomalies.apply({ ...emptyPlan(other, NOW), create: [anomaly(other, 1), anomaly(other, 2)] });
      const rank = { critical: 3, warning: 2, notice: 1 } as const;
      const keys = {
        lastSeen: (a: Anomaly) => [a.lastSeen, a.id],
        firstSeen: (a: Anomaly) => [a.firstSeen, a.id],
        severity: (a: Anomaly) => [rank[a.severity], a.lastSeen, a.id],
      };
      const compare = (x: (string | number)[], y: (string | number)[]) => {
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
        return 0;
      };
      for (const sort of ['lastSeen', 'firstSeen', 'severity'] as const)
        for (const order of ['asc', 'desc'] as const) {
          const seen: Anomaly[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await store.anomalies.query('t1', { sort, order, limit: 20, cursor });
            seen.push(...page.items);
            cursor = page.nextCursor;
            pages++;
          } while (cursor);
          assert.equal(pages, 5, `${sort} ${order}: 83 rows in pages of 20`);
          assert.deepEqual(new Set(seen.map((a) => a.id)).size, 83, `${sort} ${order}: each row once`);
          const expected = [...rows].sort((x, y) => compare(keys[sort](x), keys[sort](y)) * (order === 'asc' ? 1 : -1));
          // Severity ranks as the store ranks it; ids compare as text in both stores.
          assert.deepEqual(
            seen.map((a) => a.id),
            expected.map((a) => a.id),
            `${sort} ${order}: order`
          );
        }
      const filtered = await store.anomalies.query('t1', { severity: ['critical'], category: ['memory'], limit: 500 });
      assert.deepEqual(
        filtered.items.map((a) => a.id).sort(),
        rows
          .filter((a) => a.severity === 'critical' && a.category === 'memory')
          .map((a) => a.id)
          .sort()
      );
      await assert.rejects(store.anomalies.query('t1', { cursor: 'not-a-cursor' }), InvalidCursorError);
      const bad = Buffer.from(JSON.stringify([1])).toString('base64url');
      await assert.rejects(store.anomalies.query('t1', { cursor: bad }), InvalidCursorError);
    });

    it('events and rollups: ranges, 5-minute buckets folded, targets kept apart', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      const u = target('t1', 'y');
      await store.targets.create(t);
      await store.targets.create(u);
      const bucket = Math.floor(NOW / BUCKET_MS) * BUCKET_MS;
      await store.rollups.record([
        { targetId: t.id, node: 'n1', metric: 'mem', time: bucket + 1000, value: 5 },
        { targetId: t.id, node: 'n1', metric: 'mem', time: bucket + 2000, value: 3 },
        { targetId: u.id, node: 'n1', metric: 'mem', time: bucket + 2000, value: 100 },
      ]);
      await store.rollups.record([{ targetId: t.id, node: 'n1', metric: 'mem', time: bucket + 3000, value: 4 }]);
      await store.rollups.record([{ targetId: t.id, node: 'n2', metric: 'mem', time: bucket + BUCKET_MS, value: 1 }]);
      assert.deepEqual(
        await store.rollups.series([t.id], { metrics: ['mem'], node: 'n1', from: NOW - DAY, to: NOW + DAY }),
        [{ targetId: t.id, node: 'n1', metric: 'mem', bucket, count: 3, sum: 12, min: 3, max: 5, last: 4 }]
      );
      assert.equal(
        (await store.rollups.series([t.id, u.id], { metrics: ['mem'], from: NOW - DAY, to: NOW + DAY })).length,
        3
      );
      await store.events.add({
        tenantId: 't1',
        targetId: t.id,
        at: NOW,
        kind: 'config_changed',
        title: 'a',
        detail: { k: 1 },
      });
      await store.events.add({
        tenantId: 't1',
        targetId: u.id,
        at: NOW + DAY,
        kind: 'config_changed',
        title: 'b',
        detail: {},
      });
      assert.deepEqual(
        (await store.events.list('t1', { from: NOW - DAY, to: NOW + 2 * DAY })).map((e) => [e.title, e.detail]),
        [
          ['a', { k: 1 }],
          ['b', {}],
        ]
      );
      assert.deepEqual(
        (await store.events.list('t1', { from: NOW - DAY, to: NOW + 2 * DAY, targetId: u.id })).map((e) => e.title),
        ['b']
      );
      assert.deepEqual(await store.events.list('t2', { from: NOW - DAY, to: NOW + 2 * DAY }), []);
    });

    it('rule overrides per tenant', async () => {
      const { store } = await fresh();
      await store.ruleOverrides.set({ tenantId: 't1', ruleId: 'MEM-001', enabled: false });
      await store.ruleOverrides.set({
        tenantId: 't1',
        ruleId: 'MEM-001',
        enabled: true,
        severity: 'notice',
        params: { max: 3 },
      });
      assert.deepEqual(await store.ruleOverrides.list('t1'), [
        { tenantId: 't1', ruleId: 'MEM-001', enabled: true, severity: 'notice', params: { max: 3 } },
      ]);
      assert.deepEqual(await store.ruleOverrides.list('t2'), []);
    });

    it('retention: history older than the cut-off goes, open anomalies and newer history stay', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const cut = NOW - 10 * DAY;
      for (const at of [cut - 3 * DAY, cut - 1000, cut + 1000]) {
        await store.rollups.record([{ targetId: t.id, node: 'n', metric: 'm', time: at, value: 1 }]);
        await store.events.add({
          tenantId: 't1',
          targetId: t.id,
          at,
          kind: 'config_changed',
          title: String(at),
          detail: {},
        });
        await store.snapshots.save(
          { id: randomUUID(), tenantId: 't1', targetId: t.id, analysisId: randomUUID(), collectedAt: at },
          fleet(String(at)),
          { fullEverySeconds: 3600 }
        );
        await store.analyses.create({
          id: randomUUID(),
          tenantId: 't1',
          targetId: t.id,
          trigger: 'schedule',
          status: 'succeeded',
          queuedAt: at,
          progress: { done: 1, found: 0 },
        });
      }
      const oldOpen = anomaly(t, 1, { firstSeen: cut - 5 * DAY, lastSeen: cut - 5 * DAY });
      const oldResolved = anomaly(t, 2, { firstSeen: cut - 5 * DAY, lastSeen: cut - 5 * DAY });
      await store.anomalies.apply({ ...emptyPlan(t, cut + 2000), create: [oldOpen, oldResolved] });
      await store.anomalies.setStatus('t1', [oldResolved.id], { status: 'resolved', actor: 'x', at: cut + 2000 });
      const removed = await store.prune(cut);
      // 2 rollups, 2 events, 2 snapshots (+2 bodies), 2 analyses, 1 resolved anomaly.
      assert.equal(removed, 11);
      const window = { from: 0, to: NOW + DAY };
      assert.deepEqual(
        (await store.rollups.series([t.id], { metrics: ['m'], ...window })).map((p) => p.bucket),
        [Math.floor((cut + 1000) / BUCKET_MS) * BUCKET_MS]
      );
      assert.deepEqual(
        (await store.events.list('t1', { ...window, targetId: t.id }))
          .filter((e) => e.kind === 'config_changed')
          .map((e) => e.title),
        [String(cut + 1000)]
      );
      assert.equal((await store.snapshots.list('t1', t.id, 10)).length, 1);
      assert.equal((await store.snapshots.latest('t1', t.id))?.fleet.nodes[0].config?.maxmemory, String(cut + 1000));
      assert.equal((await store.analyses.list('t1', t.id, 10)).length, 1);
      assert.equal((await store.anomalies.get('t1', oldOpen.id))?.status, 'open');
      assert.equal(await store.anomalies.get('t1', oldResolved.id), undefined);
      assert.equal(await store.prune(cut), 0, 'a second prune finds nothing');

      // Scheduled analyses left with only a summary (their report dropped) go from summariesBefore; the ones
      // with a report, and manual ones, stay until the retention.
      const recent = cut + DAY;
      const add = async (trigger: 'schedule' | 'manual', report: boolean) => {
        const id = randomUUID();
        await store.analyses.create({
          id,
          tenantId: 't1',
          targetId: t.id,
          trigger,
          status: 'running',
          queuedAt: recent,
          progress: { done: 0, found: 0 },
        });
        await store.analyses.finish(id, {
          status: 'succeeded',
          finishedAt: recent,
          ...(report ? { report: encodeReport({}) } : {}),
        });
        return id;
      };
      const summaryOnly = await add('schedule', false);
      const withReport = await add('schedule', true);
      const manual = await add('manual', false);
      // This one and the scheduled analysis left above (a summary only, too).
      assert.equal(await store.prune(cut, { summariesBefore: recent + 1 }), 2);
      assert.equal(await store.analyses.get('t1', summaryOnly), undefined);
      assert.ok(await store.analyses.get('t1', withReport));
      assert.ok(await store.analyses.get('t1', manual));
    });

    it('rollups before hourlyBefore fold into hourly buckets, every target of them; newer stay at 5 minutes', async () => {
      const { store } = await fresh();
      // More targets than one folding slice takes (5 on SQLite), in two tenants.
      const targets = Array.from({ length: 30 }, (_, i) => target(i % 2 ? 't2' : 't1', `fold-${i}`));
      for (const t of targets) await store.targets.create(t);
      const [t] = targets;
      const hour = Math.floor((NOW - 3 * DAY) / HOURLY_BUCKET_MS) * HOURLY_BUCKET_MS;
      const fiveMinutes = Array.from({ length: 12 }, (_, i) => i);
      await store.rollups.record(
        targets.flatMap((x) =>
          fiveMinutes.map((i) => ({
            targetId: x.id,
            node: 'n',
            metric: 'm',
            time: hour + i * BUCKET_MS + 1000,
            value: i + 1,
          }))
        )
      );
      // A second sample in the hour's last bucket, a lone bucket in the next hour, and today's history.
      await store.rollups.record([
        { targetId: t.id, node: 'n', metric: 'm', time: hour + 11 * BUCKET_MS + 2000, value: 0 },
        { targetId: t.id, node: 'n', metric: 'm', time: hour + HOURLY_BUCKET_MS + 2 * BUCKET_MS, value: 50 },
        { targetId: t.id, node: 'n', metric: 'm', time: NOW - 2 * BUCKET_MS, value: 7 },
        { targetId: t.id, node: 'n', metric: 'm', time: NOW - BUCKET_MS, value: 8 },
      ]);
      const options = { summariesBefore: NOW - DAY, hourlyBefore: NOW - DAY };
      // 12 rows become 1 for each of the 30 targets; the lone bucket moves to its hour's start; today's stay.
      assert.equal(await store.prune(NOW - 10 * DAY, options), 30 * 11);
      const series = (x: Target) => store.rollups.series([x.id], { metrics: ['m'], from: hour, to: NOW });
      const strip = (points: Awaited<ReturnType<typeof series>>) => points.map(({ targetId: _, ...p }) => p);
      const recent = Math.floor((NOW - 2 * BUCKET_MS) / BUCKET_MS) * BUCKET_MS;
      assert.deepEqual(strip(await series(t)), [
        { node: 'n', metric: 'm', bucket: hour, count: 13, sum: 78, min: 0, max: 12, last: 0 },
        {
          node: 'n',
          metric: 'm',
          bucket: hour + HOURLY_BUCKET_MS,
          count: 1,
          sum: 50,
          min: 50,
          max: 50,
          last: 50,
        },
        { node: 'n', metric: 'm', bucket: recent, count: 1, sum: 7, min: 7, max: 7, last: 7 },
        { node: 'n', metric: 'm', bucket: recent + BUCKET_MS, count: 1, sum: 8, min: 8, max: 8, last: 8 },
      ]);
      for (const x of targets.slice(1))
        assert.deepEqual(strip(await series(x)), [
          { node: 'n', metric: 'm', bucket: hour, count: 12, sum: 78, min: 1, max: 12, last: 12 },
        ]);
      assert.equal(await store.prune(NOW - 10 * DAY, options), 0, 'a second pass finds nothing to fold');
      // A sample that arrives late for a folded hour's first bucket adds to the hourly row.
      await store.rollups.record([{ targetId: t.id, node: 'n', metric: 'm', time: hour + 1, value: 22 }]);
      assert.deepEqual((await series(t))[0], {
        targetId: t.id,
        node: 'n',
        metric: 'm',
        bucket: hour,
        count: 14,
        sum: 100,
        min: 0,
        max: 22,
        last: 22,
      });
    });

    it('summaries of unchanged runs go with their snapshot rows, but the row that stored a body stays', async () => {
      const { store } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const at = [NOW - 3 * DAY, NOW - 3 * DAY + 60_000, NOW - 3 * DAY + 120_000];
      for (const time of at) {
        const analysisId = randomUUID();
        await store.analyses.create({
          id: analysisId,
          tenantId: 't1',
          targetId: t.id,
          trigger: 'schedule',
          status: 'running',
          queuedAt: time,
          progress: { done: 0, found: 0 },
        });
        const snapshot = await store.snapshots.save(
          { id: randomUUID(), tenantId: 't1', targetId: t.id, analysisId, collectedAt: time },
          fleet('100'),
          { fullEverySeconds: 3600 }
        );
        await store.analyses.finish(analysisId, { status: 'succeeded', finishedAt: time, snapshotId: snapshot.id });
      }
      // Three summaries and two snapshot rows pointing at the first one's body.
      assert.equal(await store.prune(NOW - 10 * DAY, { summariesBefore: NOW - DAY }), 5);
      assert.deepEqual(
        (await store.snapshots.list('t1', t.id, 10)).map((s) => s.collectedAt),
        [at[0]]
      );
      assert.equal((await store.snapshots.latest('t1', t.id))?.fleet.nodes[0].config?.maxmemory, '100');
      assert.equal((await store.analyses.list('t1', t.id, 10)).length, 0);
    });

    it('crash safety: every write acknowledged before kill -9 is there when the store is opened again', async () => {
      const { store, location } = await fresh();
      const t = target('t1', 'x');
      await store.targets.create(t);
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, factory.name, location, t.id], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const acknowledged: string[] = [];
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      let buffer = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop()!;
          for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
          // Killed mid-stream, with writes in flight.
          if (acknowledged.length >= 40 && child.exitCode === null) child.kill('SIGKILL');
        });
        child.once('exit', (code, signal) =>
          signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))
        );
      });
      const after = await reopen(location);
      const page = await after.anomalies.query('t1', { limit: 500 });
      const stored = new Set(page.items.map((a) => a.id));
      for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged anomaly ${id} survived`);
      // The writer had an analysis running: a restart marks it interrupted.
      assert.ok((await after.analyses.interruptUnfinished(Date.now())) >= 1);
      const [analysis] = await after.analyses.list('t1', t.id, 1);
      assert.equal(analysis.status, 'interrupted');
    });
  });
}

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
