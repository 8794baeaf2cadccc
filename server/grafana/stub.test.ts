/**
 * The go-plugin handshake stub (src/datasource/gpx_redislens_*), run the
 * way Grafana runs it: no PATH, no HOME, Grafana's working directory, the
 * go-plugin environment. Under the system /bin/sh (dash here) and, when
 * installed, busybox sh (what the Alpine Grafana image has).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  closesWithin,
  grafanaPluginEnv,
  parseHandshake,
  startStub,
  STUB_DIR,
  stubPath,
} from './test-support/grafana-host.js';
import { waitFor } from '../test/harness/redis-process.js';

/** Pids whose parent is `pid` (Linux /proc; the stat line's 4th field after the command). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === pid ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

const STUBS = ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64'].map((p) =>
  join(STUB_DIR, `gpx_redislens_${p}`)
);

function busybox(): string | undefined {
  for (const candidate of ['/bin/busybox', '/usr/bin/busybox']) if (existsSync(candidate)) return candidate;
  return undefined;
}

test('one stub per platform Grafana looks for, identical and executable', () => {
  const first = readFileSync(STUBS[0]);
  for (const stub of STUBS) {
    assert.ok(readFileSync(stub).equals(first), `${stub} differs from ${STUBS[0]}`);
    assert.ok((statSync(stub).mode & 0o111) === 0o111, `${stub} is not executable by all`);
  }
  assert.match(first.toString(), /^#!\/bin\/sh\n/);
});

const shells: { name: string; shell?: string[] }[] = [{ name: 'direct exec (#!/bin/sh)' }];
const bb = busybox();
// scripts/setup.sh installs busybox: the Grafana image's shell is the one that matters most.
test("busybox is installed, so the stub is checked under the shell Grafana's image has", () => {
  assert.ok(bb, 'busybox not found: run scripts/setup.sh (apt-get install busybox)');
});
if (bb) shells.push({ name: 'busybox sh', shell: [bb, 'sh'] });

for (const { name, shell } of shells) {
  const start = (extra: Record<string, string> = {}) =>
    startStub(grafanaPluginEnv(extra), shell ? { shell, path: stubPath() } : {});

  describe(`stub under ${name}`, () => {
    test('prints exactly the handshake line, nothing else on stdout, and stays alive until SIGTERM', async (t) => {
      const stub = start({ GF_PLUGIN_SIDECAR_ADDRESS: '10.1.2.3:50051' });
      t.after(() => stub.child.kill('SIGKILL'));
      const line = await stub.handshake;
      assert.equal(line, '1|2|tcp|10.1.2.3:50051|grpc');
      assert.deepEqual(parseHandshake(line), {
        core: '1',
        app: '2',
        network: 'tcp',
        address: '10.1.2.3:50051',
        protocol: 'grpc',
      });
      if (process.platform === 'linux') {
        // exec'd: the stub's own pid comes to run the long sleep (a condition, not a delay), so no child
        // holds stdout/stderr.
        await waitFor('the stub to exec sleep', async () =>
          readFileSync(`/proc/${stub.child.pid}/comm`, 'utf8').trim() === 'sleep' ? true : undefined
        );
        assert.deepEqual(childrenOf(stub.child.pid!), [], 'no child process holds the pipes');
      }
      assert.equal(stub.child.exitCode, null, 'still running');
      assert.equal(stub.stdout(), '1|2|tcp|10.1.2.3:50051|grpc\n');
      stub.child.kill('SIGTERM');
      // A child left holding the pipes would keep them open for its 68-year sleep: any bound tells the two apart.
      await closesWithin(stub, 30_000, 'stdout and stderr close on SIGTERM');
      assert.equal((await stub.exited).signal, 'SIGTERM');
      assert.equal(stub.stderr(), '');
    });

    test("SIGKILL (after Grafana's grace period) closes its pipes at once", async () => {
      const stub = start();
      await stub.handshake;
      stub.child.kill('SIGKILL');
      await stub.closed;
      assert.equal((await stub.exited).signal, 'SIGKILL');
    });

    test('defaults to 127.0.0.1:50051 without GF_PLUGIN_SIDECAR_ADDRESS', async (t) => {
      const stub = start();
      t.after(() => stub.child.kill('SIGKILL'));
      assert.equal(await stub.handshake, '1|2|tcp|127.0.0.1:50051|grpc');
    });

    test('maps localhost to 127.0.0.1 (it may resolve to ::1) and says so on stderr only', async (t) => {
      const stub = start({ GF_PLUGIN_SIDECAR_ADDRESS: 'localhost:6000' });
      t.after(() => stub.child.kill('SIGKILL'));
      assert.equal(await stub.handshake, '1|2|tcp|127.0.0.1:6000|grpc');
      // stderr and stdout are separate pipes: the note may arrive after the handshake line.
      await waitFor('the note on stderr', async () =>
        /using 127\.0\.0\.1:6000/.test(stub.stderr()) ? true : undefined
      );
    });

    test('accepts a resolvable name and a bracketed IPv6 literal as given', async (t) => {
      for (const address of ['redislens:50051', '[::1]:50051']) {
        const stub = start({ GF_PLUGIN_SIDECAR_ADDRESS: address });
        t.after(() => stub.child.kill('SIGKILL'));
        assert.equal(await stub.handshake, `1|2|tcp|${address}|grpc`);
      }
    });

    test('accepts a list of protocol versions containing 2', async (t) => {
      const stub = start({ PLUGIN_PROTOCOL_VERSIONS: '1,2' });
      t.after(() => stub.child.kill('SIGKILL'));
      assert.equal(await stub.handshake, '1|2|tcp|127.0.0.1:50051|grpc');
    });

    const refusals: [string, Record<string, string | undefined>, RegExp][] = [
      ['no magic cookie', { grafana_plugin_type: undefined }, /grafana_plugin_type=datasource is not set/],
      ['the wrong cookie value', { grafana_plugin_type: 'app' }, /grafana_plugin_type=datasource/],
      ['no protocol 2 on offer', { PLUGIN_PROTOCOL_VERSIONS: '1' }, /speaks 2/],
      ['no protocol versions at all', { PLUGIN_PROTOCOL_VERSIONS: undefined }, /speaks 2/],
      ['an address without a port', { GF_PLUGIN_SIDECAR_ADDRESS: 'redislens' }, /must be host:port/],
      ['an address with a |', { GF_PLUGIN_SIDECAR_ADDRESS: '1.2.3.4:1|x' }, /without spaces or '\|'/],
      ['an empty host', { GF_PLUGIN_SIDECAR_ADDRESS: ':50051' }, /must be host:port/],
    ];
    for (const [what, change, message] of refusals) {
      test(`refuses ${what}: exit 1, message on stderr, nothing on stdout`, async () => {
        const env = grafanaPluginEnv();
        for (const [k, v] of Object.entries(change)) {
          if (v === undefined) delete env[k];
          else env[k] = v;
        }
        const stub = startStub(env, shell ? { shell, path: stubPath() } : {});
        const { code } = await stub.exited;
        await stub.closed;
        assert.equal(code, 1);
        assert.equal(stub.stdout(), '');
        assert.match(stub.stderr(), message);
      });
    }
  });
}

test('the stub is POSIX: dash -n and busybox sh -n parse it', () => {
  execFileSync('/bin/sh', ['-n', stubPath()]);
  if (bb) execFileSync(bb, ['sh', '-n', stubPath()]);
});
