/**
 * deploy/kubernetes/ checked two ways. Every object is validated against
 * Kubernetes' own OpenAPI schemas (the kubernetes-models packages; they
 * check types, enums and required fields, not unknown keys). Then the
 * Deployment is run: the real `redislens` executable starts with the
 * container's args and env, the ConfigMaps' files where the pod mounts them
 * (mount paths mapped to temporary folders, 0.0.0.0 listen addresses to a
 * free loopback port), and must answer its liveness and readiness paths on
 * the port the probes name and listen for gRPC where the Service points.
 * The Services, volumes, env references and Grafana's address must agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { freePort } from '../harness/free-port.js';
import { eventually } from '../harness/sidecar-harness.js';
import { provisioningSchema } from '../../provisioning/provisioning-file.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIR = join(ROOT, 'deploy/kubernetes');
const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));
const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'));
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects: any[] = files.flatMap((f) =>
  parseAllDocuments(readFileSync(join(DIR, f), 'utf8')).map((d) => ({ ...d.toJS(), __file: f }))
);
const find = (kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (!name || o.metadata.name === name));
const [deployment] = find('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const envValue = (name: string) => container.env.find((e: any) => e.name === name)?.value as string;
const portOf = (address: string) => Number(address.split(':').at(-1));

async function validate(object: any): Promise<void> {
  const { __file, ...body } = object;
  const [group, version] = body.apiVersion.includes('/') ? body.apiVersion.split('/') : [undefined, body.apiVersion];
  const models = await import(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
  const Model = models[body.kind];
  assert.ok(Model, `${__file}: no model for ${body.apiVersion} ${body.kind}`);
  new Model(body).validate();
}

test('kustomization lists every manifest, and every object is valid against the Kubernetes schemas', async () => {
  assert.deepEqual([...kustomization.resources].sort(), [...files].sort());
  assert.deepEqual(objects.map((o) => o.kind).sort(), [
    'ConfigMap',
    'ConfigMap',
    'Deployment',
    'PersistentVolumeClaim',
    'Service',
    'Service',
    'ServiceAccount',
  ]);
  for (const object of objects) await validate(object);
  // The validation can fail: a port that is not a number, a probe without a port.
  const broken = structuredClone(deployment);
  broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
  await assert.rejects(validate(broken), /containerPort must be integer/);
  delete broken.spec.template.spec.containers[0].livenessProbe.httpGet.port;
  await assert.rejects(validate(broken), /port/);
});

test('the Deployment: one replica on the SQLite volume, non-root, read-only root, limits, probes on named ports', () => {
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(deployment.spec.strategy.type, 'Recreate', 'the old pod lets go of the ReadWriteOnce volume first');
  assert.equal(pod.securityContext.runAsNonRoot, true);
  assert.equal(pod.securityContext.runAsUser, 1000);
  assert.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /^USER node$/m, "the image's user is node (uid 1000)");
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
  for (const kind of ['requests', 'limits']) assert.ok(container.resources[kind].memory, `resources.${kind}.memory`);
  const ports = new Map(container.ports.map((p: any) => [p.name, p.containerPort]));
  assert.equal(ports.get('http'), portOf(envValue('REDISLENS_LISTEN')));
  assert.equal(ports.get('grpc'), portOf(envValue('REDISLENS_GRPC_LISTEN')));
  assert.equal(container.livenessProbe.httpGet.path, '/healthz');
  assert.equal(container.readinessProbe.httpGet.path, '/readyz');
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
    assert.ok(ports.has(container[probe].httpGet.port), `${probe} names a container port`);
  // Volumes: each mount has a volume, each ConfigMap and claim exists here, the store is on the claim.
  const volumes = new Map(pod.volumes.map((v: any) => [v.name, v]));
  for (const mount of container.volumeMounts) assert.ok(volumes.has(mount.name), mount.name);
  for (const v of pod.volumes) {
    if (v.configMap) assert.equal(find('ConfigMap', v.configMap.name).length, 1, v.configMap.name);
    if (v.persistentVolumeClaim)
      assert.equal(find('PersistentVolumeClaim', v.persistentVolumeClaim.claimName).length, 1);
  }
  const mountOf = (volume: string) => container.volumeMounts.find((m: any) => m.name === volume).mountPath;
  assert.equal(mountOf('data'), envValue('REDISLENS_DATA_DIR'));
  assert.equal(mountOf('provisioning'), envValue('REDISLENS_PROVISION'));
  assert.equal(mountOf('tmp'), '/tmp', 'tsx and temporary files need a writable /tmp');
  assert.equal(find('PersistentVolumeClaim')[0].spec.accessModes[0], 'ReadWriteOnce');
});

test('env: only variables the sidecar reads; secrets by reference; provisioning references resolve in the pod', () => {
  const serveSource = readFileSync(join(ROOT, 'server/cli/serve-command.ts'), 'utf8');
  const read = new Set([...serveSource.matchAll(/env\.(REDISLENS_\w+)/g)].map((m) => m[1]));
  const provisioning = find('ConfigMap', 'redislens-provisioning')[0].data['redislens.yaml'];
  const envRefs = new Set([...provisioning.matchAll(/\$__env\{(\w+)\}/g)].map((m: RegExpMatchArray) => m[1]));
  for (const { name, value, valueFrom } of container.env) {
    assert.ok(read.has(name) || envRefs.has(name), `${name} is read by the sidecar or its provisioning`);
    if (/TOKEN|KEY|PASSWORD/.test(name))
      assert.ok(valueFrom?.secretKeyRef && value === undefined, `${name} from a Secret`);
  }
  for (const name of envRefs)
    assert.ok(
      container.env.some((e: any) => e.name === name),
      `${name} is set`
    );
  const secretsMount = container.volumeMounts.find((m: any) => m.name === 'secrets').mountPath;
  for (const [, path] of provisioning.matchAll(/\$__file\{([^}]+)\}/g))
    assert.ok(path.startsWith(`${secretsMount}/`), `${path} is in the mounted Secret`);
  assert.equal(find('Secret').length, 0, 'no Secret is committed');
  provisioningSchema.parse(parse(provisioning));
});

test('Services select the pod and target its named ports; Grafana dials the gRPC Service', () => {
  const labels = deployment.spec.template.metadata.labels;
  const names = new Set(container.ports.map((p: any) => p.name));
  for (const service of find('Service')) {
    for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(labels[k], v, service.metadata.name);
    for (const port of service.spec.ports)
      assert.ok(names.has(port.targetPort), `${service.metadata.name} -> ${port.targetPort}`);
  }
  const grpc = find('Service', 'redislens-grpc')[0];
  const address = `${grpc.metadata.name}.${kustomization.namespace}.svc.cluster.local:${grpc.spec.ports[0].port}`;
  const ini = readFileSync(join(DIR, 'grafana/grafana.ini'), 'utf8');
  assert.match(
    ini,
    new RegExp(
      `^\\[plugin\\.redislens-analyzer-datasource\\]\\nsidecar_address = ${address.replace(/\./g, '\\.')}$`,
      'm'
    )
  );
  const values = parse(readFileSync(join(DIR, 'grafana/values.yaml'), 'utf8'));
  assert.equal(values['grafana.ini']['plugin.redislens-analyzer-datasource'].sidecar_address, address);
  assert.equal(values.datasources['redislens.yaml'].datasources[0].uid, 'redislens');
  assert.match(values.plugins[0], /;redislens-analyzer-app$/);
});

test("the container's args and env start the real sidecar; the probes' paths answer on the probes' port", async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'redislens-k8s-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // The pod's filesystem, under root: each mount path becomes a folder; ConfigMaps and the Secret become files.
  const paths = new Map<string, string>();
  for (const mount of container.volumeMounts) {
    const local = join(root, mount.name);
    mkdirSync(local);
    paths.set(mount.mountPath, local);
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    const data = volume.configMap ? find('ConfigMap', volume.configMap.name)[0].data : {};
    for (const [key, value] of Object.entries<string>(data)) writeFileSync(join(local, key), value);
    if (volume.secret) writeFileSync(join(local, 'redis-password'), 'not-a-real-password');
  }
  const inPod = (value: string) => {
    for (const [mountPath, local] of paths)
      if (value.startsWith(mountPath)) return local + value.slice(mountPath.length);
    return value;
  };
  const http = await freePort();
  const grpc = await freePort();
  const local = (address: string) => `127.0.0.1:${address === envValue('REDISLENS_LISTEN') ? http : grpc}`;
  const env: Record<string, string> = { PATH: process.env.PATH!, TMPDIR: paths.get('/tmp')! };
  for (const e of container.env) {
    if (e.valueFrom) env[e.name] = `secret-${e.valueFrom.secretKeyRef.key}-value-for-the-test`;
    else env[e.name] = /_LISTEN$/.test(e.name) ? local(e.value) : inPod(e.value);
  }
  const child = spawn(process.execPath, [BIN, ...container.args.map(inPod)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.after(() => child.kill('SIGKILL'));

  const probePort = container.ports.find((p: any) => p.name === container.livenessProbe.httpGet.port).containerPort;
  assert.equal(probePort, portOf(envValue('REDISLENS_LISTEN')));
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    await eventually(
      `${probe} ${container[probe].httpGet.path} to answer 200`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the sidecar exited ${child.exitCode}: ${stderr}`);
        return (await fetch(`http://127.0.0.1:${http}${container[probe].httpGet.path}`)).status === 200;
      },
      // A cold start: tsx compiles the whole server into an empty /tmp, slow on a busy machine.
      240000
    );
  }
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: grpc }, () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
  assert.match(stderr, /provisioning applied/);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
});

test('multi-replica overlay: N replicas on PostgreSQL from a Secret, rolling updates, no volume claim', async () => {
  const overlayDir = join(DIR, 'multi-replica');
  const overlay = parse(readFileSync(join(overlayDir, 'kustomization.yaml'), 'utf8'));
  assert.deepEqual(overlay.resources, ['../']);
  const [patchFile, deletion] = overlay.patches;
  const removed = parse(deletion.patch);
  assert.equal(removed.$patch, 'delete');
  assert.equal(find(removed.kind, removed.metadata.name).length, 1, 'it deletes the base claim, by its kind and name');
  const patch = parse(readFileSync(join(overlayDir, patchFile.path), 'utf8'));
  assert.equal(patch.metadata.name, deployment.metadata.name);
  // The patch applied as kustomize's strategic merge does for these fields: containers and volumes by name.
  const { __file, ...merged } = structuredClone(deployment);
  merged.spec.replicas = patch.spec.replicas;
  merged.spec.strategy = { type: patch.spec.strategy.type, rollingUpdate: patch.spec.strategy.rollingUpdate };
  const patchedContainer = patch.spec.template.spec.containers.find((c: any) => c.name === container.name);
  merged.spec.template.spec.containers[0].env.push(...patchedContainer.env);
  merged.spec.template.spec.volumes = merged.spec.template.spec.volumes.map((v: any) => {
    const replacement = patch.spec.template.spec.volumes.find((p: any) => p.name === v.name);
    return replacement ? { name: v.name, emptyDir: replacement.emptyDir } : v;
  });
  await validate({ ...merged, __file: 'multi-replica/deployment-patch.yaml' });
  assert.ok(merged.spec.replicas >= 2);
  assert.equal(merged.spec.strategy.type, 'RollingUpdate');
  const store = merged.spec.template.spec.containers[0].env.find((e: any) => e.name === 'REDISLENS_STORE');
  assert.deepEqual(store.valueFrom.secretKeyRef, { name: 'redislens-postgres', key: 'url' });
  assert.equal(store.value, undefined, 'the URL (with its password) never in the manifests');
  assert.ok(merged.spec.template.spec.volumes.every((v: any) => !v.persistentVolumeClaim));
  assert.match(readFileSync(join(ROOT, 'server/cli/serve-command.ts'), 'utf8'), /env\.REDISLENS_STORE/);
  void __file;
});
