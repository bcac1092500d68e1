/**
 * kscn.config.json / .kscn.json: found upward from the working directory, its settings are
 * `kscn run`'s defaults (paths, reporters, out, jobs, seed; paths relative to the file), flags win,
 * and a mistake in it is a diagnostic with file:line:col. Also `--reporter ./my-reporter.js`.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { findConfigFile } from '../../src/config/find.js';

const root = resolve(__dirname, '../..');

async function kscn(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), color: false, env: {}, cwd });
  return { code, out, err };
}

/** A project: <tmp>/proj with k8s/scenarios/pod.kscn and the given config. */
function project(config: string | undefined, name = 'kscn.config.json') {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-config-'));
  const proj = join(dir, 'proj');
  mkdirSync(join(proj, 'k8s/scenarios'), { recursive: true });
  copyFileSync(join(root, 'scenarios/pod-lifecycle.kscn'), join(proj, 'k8s/scenarios/pod.kscn'));
  if (config !== undefined) writeFileSync(join(proj, name), config);
  return proj;
}

describe('configuration file', () => {
  it('is found in the folder or the nearest one above, kscn.config.json before .kscn.json', () => {
    const proj = project('{}', '.kscn.json');
    expect(findConfigFile(join(proj, 'k8s/scenarios'))).toBe(join(proj, '.kscn.json'));
    writeFileSync(join(proj, 'kscn.config.json'), '{}');
    expect(findConfigFile(proj)).toBe(join(proj, 'kscn.config.json'));
    expect(findConfigFile(tmpdir())).toBeUndefined();
  });

  it('gives kscn run its paths, reporters, output folder and seed, from a sub-folder too', async () => {
    const proj = project('{ "paths": ["k8s/scenarios"], "reporters": ["console", "json"], "out": "build/kscn", "seed": 42 }\n');
    const r = await kscn(['run', '--no-svg'], join(proj, 'k8s'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ kubectl run creates a running pod/);
    const json = JSON.parse(readFileSync(join(proj, 'build/kscn/results.json'), 'utf8'));
    expect(json.files[0].scenarios[0].seed).toBe(42);
  });

  it('lets flags win', async () => {
    const proj = project('{ "paths": ["k8s/scenarios"], "reporters": ["junit"], "out": "build/kscn", "seed": 42 }\n');
    const r = await kscn(['run', 'k8s/scenarios/pod.kscn', '--reporter', 'json', '--out', 'elsewhere', '--seed', '7', '--no-svg'], proj);
    expect(r.code).toBe(0);
    expect(existsSync(join(proj, 'build/kscn'))).toBe(false);
    const json = JSON.parse(readFileSync(join(proj, 'elsewhere/results.json'), 'utf8'));
    expect(json.files[0].scenarios[0].seed).toBe(7);
  });

  it('refuses an unknown setting with file:line:col, a caret and a did-you-mean', async () => {
    const proj = project('{\n  "paths": ["k8s/scenarios"],\n  "reporter": ["junit"]\n}\n');
    const r = await kscn(['run'], proj);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: unknown setting "reporter" in kscn.config.json/m);
    expect(r.err).toMatch(/--> kscn.config.json:3:3\n.*\n3 \|   "reporter": \["junit"\]\n  \|   \^{10}/);
    expect(r.err).toMatch(/did you mean "reporters"\?/);
  });

  it('refuses JSON that does not parse, and settings of the wrong type', async () => {
    expect((await kscn(['run'], project('{ "paths": ["k8s"], }'))).err).toMatch(/kscn.config.json is not valid JSON/);
    const r = await kscn(['run'], project('{ "jobs": 0, "paths": "k8s" }'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"jobs" takes a whole number ≥ 1, not 0/);
  });
});

describe('custom reporters', () => {
  const reporter = `export default class {
  name = 'tally';
  constructor(options) { this.io = options.io; this.n = 0; }
  onScenarioEnd(s) { this.n++; this.io.stdout(\`tally: \${s.status} \${s.title}\\n\`); }
  onRunEnd(run) { this.io.stdout(\`tally: \${this.n} of \${run.files.length} file(s)\\n\`); }
}
`;

  it('--reporter ./my-reporter.js loads the module and replaces the console reporter', async () => {
    const proj = project(undefined);
    writeFileSync(join(proj, 'my-reporter.js'), reporter);
    const r = await kscn(['run', 'k8s/scenarios', '--reporter', './my-reporter.js', '--no-svg'], proj);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^tally: passed kubectl run creates a running pod\ntally: 1 of 1 file\(s\)\n/);
    expect(r.out).not.toMatch(/1 passed, 0 failed/);
  });

  it('runs beside a built-in reporter, and is found relative to the configuration file', async () => {
    const proj = project('{ "paths": ["k8s/scenarios"], "reporters": ["console", "./tools/my-reporter.js"] }');
    mkdirSync(join(proj, 'tools'));
    writeFileSync(join(proj, 'tools/my-reporter.js'), reporter);
    const r = await kscn(['run', '--no-svg'], join(proj, 'k8s'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 passed, 0 failed/);
    expect(r.out).toMatch(/tally: passed kubectl run creates a running pod/);
  });

  it('says what is wrong with a module that is missing or exports no reporter', async () => {
    const proj = project(undefined);
    writeFileSync(join(proj, 'nothing.mjs'), 'export default 42;\n');
    expect((await kscn(['run', 'k8s', '--reporter', './missing.js'], proj)).err).toMatch(/^kscn run: reporter module \.\/missing\.js not found$/m);
    const r = await kscn(['run', 'k8s', '--reporter', './nothing.mjs'], proj);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must export default a reporter/);
  });
});
