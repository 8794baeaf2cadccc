/**
 * No Docker engine runs here, so the compose stack is checked with what
 * can run: every file it mounts exists, the sidecar's provisioning passes
 * the sidecar's own schema, and the addresses the services use agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { provisioningSchema } from '../../provisioning/provisioning-file.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'));

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
