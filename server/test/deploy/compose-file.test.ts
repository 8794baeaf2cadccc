/**
 * No Docker engine runs here, so the compose stack is checked with what
 * can run: every file it mounts exists, the sidecar's provisioning passes
 * the sidecar's own schema, and the addresses the services use agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { provisioningSchema } from '../../provisioning/provisioning-file.js';
import { runCliJson } from '../harness/run-cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// merge: the file shares healthchecks with YAML merge keys (<<), as docker compose reads them.
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
const sidecarProvisioning = () =>
  provisioningSchema.parse(parse(readFileSync(join(ROOT, 'deploy/sidecar/redislens.yaml'), 'utf8')));

test('every bind mount of the compose file exists in the repository (dist/ comes from npm run build)', () => {
  for (const [name, service] of Object.entries<any>(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const [source] = String(volume).split(':');
      if (!source.startsWith('./') || source === './dist') continue;
      assert.ok(existsSync(join(ROOT, source)), `${name} mounts ${source}, which does not exist`);
    }
  }
  assert.equal(compose.services.redislens.build, '.');
  assert.ok(existsSync(join(ROOT, 'Dockerfile')));
});

test("the sidecar's provisioning file is valid for the sidecar", () => {
  const mount = compose.services.redislens.volumes.find((v: string) => v.includes('/etc/redislens/provisioning'));
  const dir = join(ROOT, mount.split(':')[0]);
  const parsed = provisioningSchema.parse(parse(readFileSync(join(dir, 'redislens.yaml'), 'utf8')));
  const url = parsed.targets[0].url;
  for (const host of ['sentinel-1', 'sentinel-2', 'sentinel-3'])
    assert.ok(url.includes(`${host}:26379`) && host in compose.services, host);
});

test('Grafana points the datasource stub at the sidecar gRPC port; Prometheus scrapes its REST port', () => {
  const ini = readFileSync(join(ROOT, 'deploy/grafana/grafana.ini'), 'utf8');
  assert.match(ini, /^\[plugin\.redislens-analyzer-datasource\]\nsidecar_address = redislens:50051$/m);
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /REDISLENS_GRPC_LISTEN=0\.0\.0\.0:50051/);
  assert.match(dockerfile, /REDISLENS_LISTEN=0\.0\.0\.0:8080/);
  const prometheus = parse(readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'));
  assert.deepEqual(prometheus.scrape_configs[0].static_configs[0].targets, ['redislens:8080']);
  const datasource = parse(readFileSync(join(ROOT, 'provisioning/datasources/redislens.yaml'), 'utf8'));
  assert.equal(datasource.datasources[0].type, 'redislens-analyzer-datasource');
  assert.ok('REDISLENS_API_TOKEN' in compose.services.grafana.environment);
});

test('every service has a healthcheck, and services wait for the health of what they depend on', () => {
  for (const [name, service] of Object.entries<any>(compose.services)) {
    assert.equal(service.healthcheck?.test?.[0], 'CMD', `${name} has a healthcheck`);
    for (const [dependency, { condition }] of Object.entries<any>(service.depends_on ?? {})) {
      assert.ok(dependency in compose.services, `${name} depends on ${dependency}, a service`);
      assert.equal(condition, 'service_healthy', `${name} waits for ${dependency} to be healthy`);
    }
  }
  const sentinel = compose.services['sentinel-1'].healthcheck.test;
  assert.deepEqual(sentinel.slice(-3), ['-p', '26379', 'ping'], 'a Sentinel is pinged on its own port');
  assert.match(compose.services.redislens.healthcheck.test.join(' '), /127\.0\.0\.1:8080\/readyz/);
});

test('the misconfigured standalone is provisioned, and `redislens lint` finds what its command line plants', async (t) => {
  const service = compose.services['redis-misconfigured'];
  const target = sidecarProvisioning().targets.find((x) => x.url === 'redis://redis-misconfigured:6379');
  assert.ok(target, 'the sidecar analyses it');
  // Its command line as a redis.conf, linted with the labels it is provisioned with.
  const [binary, ...args] = service.command as string[];
  assert.equal(binary, 'redis-server');
  const lines: string[] = [];
  for (let i = 0; i < args.length; i += 2) lines.push(`${args[i].replace(/^--/, '')} ${args[i + 1]}`);
  const dir = mkdtempSync(join(tmpdir(), 'redislens-compose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'redis.conf'), lines.join('\n') + '\n');
  const labels = Object.entries(target.labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const { report } = await runCliJson(['lint', join(dir, 'redis.conf'), ...labels]);
  const fired = report.findings.filter((f: any) => f.status === 'fired').map((f: any) => f.ruleId);
  for (const rule of ['RDB-002', 'CLIENT-005', 'CLIENT-006', 'MEM-109'])
    assert.ok(fired.includes(rule), `${rule} fires`);
});

test('Prometheus loads the RedisLens alerting rules; Grafana gets the app, datasource and alerting provisioning', () => {
  const prometheus = parse(readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'));
  const mounts = new Map<string, string>(
    compose.services.prometheus.volumes.map((v: string) => [v.split(':')[1], v.split(':')[0]])
  );
  for (const file of prometheus.rule_files) {
    assert.ok(mounts.has(file), `${file} is mounted`);
    assert.ok(existsSync(join(ROOT, mounts.get(file)!)), `${mounts.get(file)} exists`);
  }
  const provisioning = compose.services.grafana.volumes.find((v: string) =>
    v.endsWith(':/etc/grafana/provisioning:ro')
  );
  const dir = join(ROOT, provisioning.split(':')[0]);
  // No dashboards provider: the enabled app brings its dashboards (grafana-provisioning.test.ts).
  for (const kind of ['plugins', 'datasources', 'alerting'])
    assert.ok(existsSync(join(dir, kind)), `provisioning/${kind} is provisioned`);
});
