/**
 * `kscn/vitest`: Vitest, with the plugin in its config, runs a folder of `.kscn` files — one test
 * per scenario, named by its title; a failing scenario fails its test with kscn's report (the
 * failed expectation, its file:line:col); `-t` filters by name and `--shard` splits the files.
 * Vitest runs in a process of its own, on the built plugin (`npm test` builds first).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import kscn, { testModule } from '../../src/vitest/plugin.js';

const root = resolve(__dirname, '../..');
// Inside the repository, so that the generated modules' `import 'vitest'` resolves.
const dir = join(root, 'tmp', `vitest-plugin-${process.pid}`);

interface JsonReport {
  numTotalTests: number;
  testResults: { name: string; assertionResults: { title: string; fullName: string; status: string; failureMessages: string[] }[] }[];
}

function vitest(args: string[]): { code: number | null; report: JsonReport; err: string } {
  const out = join(dir, `report-${args.join('-').replace(/[^a-z0-9]+/gi, '_')}.json`);
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${out}`, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', VITEST: undefined, VITEST_MODE: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_ENV: undefined },
  });
  return { code: r.status, report: JSON.parse(readFileSync(out, 'utf8')) as JsonReport, err: r.stderr };
}

const tests = (r: JsonReport) => r.testResults.flatMap((f) => f.assertionResults.map((a) => ({ file: f.name.slice(dir.length + 1), title: a.title, status: a.status, failure: a.failureMessages.join('\n') }))).sort((a, b) => (a.file + a.title < b.file + b.title ? -1 : 1));

describe('kscn/vitest', () => {
  it('adds .kscn files to the test files, but not files without a scenario (their importers rerun when they change)', () => {
    const lib = join(root, 'tmp', `vitest-config-${process.pid}`);
    mkdirSync(join(lib, 'common'), { recursive: true });
    writeFileSync(join(lib, 'common/clusters.kscn'), 'cluster small {\n  node worker-1 { cpu 4; memory 8Gi }\n}\n');
    writeFileSync(join(lib, 'a.kscn'), 'import "common/clusters.kscn"\nscenario "a" { given cluster small }\n');
    expect(kscn().config({ root: lib })).toEqual({
      test: { include: ['**/*.{test,spec}.?(c|m)[jt]s?(x)', '**/*.kscn'], exclude: ['**/node_modules/**', '**/.git/**', 'common/clusters.kscn'] },
    });
    expect(kscn().config({ root: lib, test: { include: ['x/**'], exclude: ['y/**'] } })).toEqual({ test: { include: ['**/*.kscn'], exclude: ['common/clusters.kscn'] } });
    rmSync(lib, { recursive: true, force: true });
  });

  it('makes a test per scenario and imports every file the scenarios read, so watch mode reruns them', () => {
    const text = 'import "common/clusters.kscn"\nmanifest web from "web.yaml"\nscenario "a" { given cluster small\n when { kubectl apply -f deploy.yaml } }\nscenario "b" { given cluster small }\n';
    const m = testModule(text, '/p/s/x.kscn');
    expect(m).toMatch(/^import "\/p\/s\/common\/clusters\.kscn\?kscn-dependency";$/m);
    expect(m).toMatch(/^import "\/p\/s\/web\.yaml\?kscn-dependency";$/m);
    expect(m).toMatch(/^import "\/p\/s\/deploy\.yaml\?kscn-dependency";$/m);
    expect(m).toMatch(/^test\("a", \(\) => run\(0\)\);\ntest\("b", \(\) => run\(1\)\);$/m);
  });

  beforeAll(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'scenarios'), { recursive: true });
    cpSync(join(root, 'scenarios/pod-lifecycle.kscn'), join(dir, 'scenarios/pod-lifecycle.kscn'));
    cpSync(join(root, 'scenarios/scheduling/node-selector.kscn'), join(dir, 'scenarios/node-selector.kscn'));
    cpSync(join(root, 'test/fixtures/failing/bind-before-create.kscn'), join(dir, 'scenarios/bind-before-create.kscn'));
    writeFileSync(join(dir, 'vitest.config.mjs'), `import { defineConfig } from 'vitest/config';\nimport kscn from ${JSON.stringify(join(root, 'dist/vitest/plugin.js'))};\nexport default defineConfig({ plugins: [kscn()] });\n`);
  });

  it('runs a folder of scenarios as one test per scenario, failures carrying kscn\'s report', () => {
    const r = vitest([]);
    expect(r.code).toBe(1);
    const t = tests(r.report);
    const want = [
      { file: 'scenarios/bind-before-create.kscn', title: 'kubectl run creates a running pod', status: 'failed' },
      ...[
        'a GPU pod lands on the GPU node',
        'no node carries the label: the pod stays Pending',
      ].map((title) => ({ file: 'scenarios/node-selector.kscn', title, status: 'passed' })),
      { file: 'scenarios/pod-lifecycle.kscn', title: 'kubectl run creates a running pod', status: 'passed' },
    ];
    expect(t.map(({ failure: _, ...x }) => x)).toEqual(want);
    const failure = t[0]!.failure;
    expect(failure).toMatch(/^KscnScenarioError: failed \(seed \d+\):\n {2}✗ kubectl run creates a running pod/);
    expect(failure).toMatch(/× no message matched "kubectl -> apiserver: create pod\/busybox" after/);
    expect(failure).toMatch(/at scenarios\/bind-before-create\.kscn:15:7/);
  }, 240_000);

  it('filters by name (-t) and splits the files into shards (--shard)', () => {
    const byName = tests(vitest(['-t', 'GPU pod lands']).report).filter((t) => t.status !== 'skipped' && t.status !== 'pending');
    expect(byName.map((t) => t.title)).toEqual(['a GPU pod lands on the GPU node']);
    const shards = [1, 2].map((i) => tests(vitest([`--shard=${i}/2`]).report).map((t) => t.file));
    expect(new Set([...shards[0]!, ...shards[1]!]).size).toBe(3);
    expect(shards[0]!.some((f) => shards[1]!.includes(f))).toBe(false);
  }, 480_000);
});
