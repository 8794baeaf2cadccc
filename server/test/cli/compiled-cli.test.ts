/**
 * The compiled CLI (scripts/build-cli.mjs) behaves as the TypeScript sources do, and bin/redislens.js runs
 * it only while it is current.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../harness/run-cli.js';
import { RedisProcess } from '../harness/redis-process.js';

const SERVER = fileURLToPath(new URL('../../', import.meta.url));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, file, ...args],
      { env: { ...process.env, ...env }, timeout: 120000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      }
    );
  });
}

/** A folder directly under server/, where dist/ lives: paths built from import.meta.url resolve the same. */
function besideDist(t: { after: (fn: () => void) => void }, prefix: string): string {
  const dir = mkdtempSync(join(SERVER, prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('the compiled CLI answers --help, lint and bad input exactly as the sources do', async (t) => {
  const out = besideDist(t, '.compiled-test-');
  const build = await run(join(SERVER, 'scripts', 'build-cli.mjs'), ['--outdir', basename(out)]);
  assert.equal(build.code, 0, build.stderr);
  const info = JSON.parse(readFileSync(join(out, 'build-info.json'), 'utf8')) as { inputs: string[] };
  assert.ok(info.inputs.includes('cli.ts') && info.inputs.includes('rules/catalog-loader.ts'), 'sources listed');

  const conf = join(mkdtempSync(join(tmpdir(), 'redislens-compiled-')), 'redis.conf');
  t.after(() => rmSync(join(conf, '..'), { recursive: true, force: true }));
  writeFileSync(conf, ['port 7000', 'maxmemroy 1gb', 'timeout 0', 'requirepass foobared', ''].join('\n'));

  const compiled = join(out, 'cli.js');
  const fromSource = { REDISLENS_FROM_SOURCE: '1' };
  for (const args of [['--help'], ['lint', conf, '--format', 'json'], ['lint', '--no-such-flag'], ['analyze']]) {
    const [a, b] = await Promise.all([run(compiled, args), runCli(args, fromSource)]);
    assert.equal(a.code, b.code, `exit code of ${args.join(' ')}`);
    assert.equal(a.stdout, b.stdout, `output of ${args.join(' ')}`);
    assert.equal(a.stderr, b.stderr, `errors of ${args.join(' ')}`);
  }
  const lint = JSON.parse((await run(compiled, ['lint', conf, '--format', 'json'])).stdout) as {
    findings: { ruleId: string; status: string }[];
  };
  assert.ok(
    lint.findings.some((f) => f.ruleId === 'CONF-001' && f.status === 'fired'),
    'the built-in rules ran'
  );
});

test('bin/redislens.js runs the build only while no source it lists is newer, else the sources', async (t) => {
  // A miniature server folder: the real launcher, a "build" and a "source" that say which one ran.
  const root = besideDist(t, '.launcher-test-');
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  copyFileSync(join(SERVER, 'bin', 'redislens.js'), join(root, 'bin', 'redislens.js'));
  writeFileSync(join(root, 'dist', 'cli.js'), "console.log('compiled');\n");
  writeFileSync(join(root, 'cli.ts'), "const ran: string = 'sources';\nconsole.log(ran);\n");
  const builtAtMs = Date.now();
  writeFileSync(join(root, 'dist', 'build-info.json'), JSON.stringify({ builtAtMs, inputs: ['cli.ts'] }));
  const launcher = join(root, 'bin', 'redislens.js');
  const ran = async (env: NodeJS.ProcessEnv = {}) => (await run(launcher, [], env)).stdout.trim();

  const before = new Date(builtAtMs - 60_000);
  utimesSync(join(root, 'cli.ts'), before, before);
  assert.equal(await ran(), 'compiled');
  assert.equal(await ran({ REDISLENS_FROM_SOURCE: '1' }), 'sources');

  const after = new Date(builtAtMs + 60_000);
  utimesSync(join(root, 'cli.ts'), after, after);
  assert.equal(await ran(), 'sources', 'an edited source is newer than the build');

  utimesSync(join(root, 'cli.ts'), before, before);
  rmSync(join(root, 'dist', 'build-info.json'));
  assert.equal(await ran(), 'sources', 'no build information, no build');
});

test('a cached run of --help, lint or analyze loads no schema library, no YAML parser and none of serve', async (t) => {
  const out = besideDist(t, '.compiled-test-');
  const build = await run(join(SERVER, 'scripts', 'build-cli.mjs'), ['--outdir', basename(out)]);
  assert.equal(build.code, 0, build.stderr);
  const scratch = mkdtempSync(join(tmpdir(), 'redislens-loaded-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  // A module hook that logs every file the process loads (hooks run on their own thread: a file, not stdout).
  const log = join(scratch, 'loaded.log');
  writeFileSync(
    join(scratch, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  appendFileSync(process.env.LOADED_LOG, url + '\\n');\n" +
      '  return next(url, context);\n}\n'
  );
  writeFileSync(
    join(scratch, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n"
  );
  const conf = join(scratch, 'redis.conf');
  writeFileSync(conf, ['port 7000', 'maxmemory 100mb', 'timeout 0', ''].join('\n'));
  const env = { REDISLENS_CACHE_DIR: join(scratch, 'cache'), LOADED_LOG: log };
  const hook = ['--import', join(scratch, 'register.mjs')];
  const compiled = join(out, 'cli.js');

  await run(compiled, ['lint', conf], env); // fills the catalog cache
  for (const args of [['--help'], ['lint', conf], ['analyze', `redis://${redis.address}`, '--format', 'json']]) {
    rmSync(log, { force: true });
    const result = await run(compiled, args, env, hook);
    assert.ok(result.code <= 1, `${args[0]}: ${result.stderr}`);
    const loaded = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:') && url.includes(basename(out)));
    assert.ok(loaded.length > 1, `${args[0]} loaded the compiled chunks`);
    // esbuild heads each bundled module with its path: the chunks name what they hold.
    const text = loaded.map((url) => readFileSync(fileURLToPath(url), 'utf8')).join('\n');
    for (const absent of ['node_modules/zod/', 'node_modules/yaml/', '// sidecar.ts', '// store/', '// api/'])
      assert.ok(!text.includes(absent), `${args[0]} loaded ${absent}`);
    if (args[0] === 'analyze') assert.ok(text.includes('node_modules/ioredis/'), 'analyze loads ioredis');
  }
});
