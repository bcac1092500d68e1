/**
 * action.yml, the composite GitHub Action: its steps' scripts run here as a runner would run them
 * (inputs through env, GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files), on a failing
 * fixture: annotations on the failed line, the exit code as an output, the job summary, reports.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
type Step = { name?: string; id?: string; uses?: string; run?: string; env?: Record<string, string>; shell?: string };
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { using: string; steps: Step[] }; inputs: Record<string, { default: string }> };
const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

/** A PATH whose `npm` refuses to run: no step may install anything here. */
const noNpm = mkdtempSync(join(tmpdir(), 'kscn-no-npm-'));
writeFileSync(join(noNpm, 'npm'), '#!/bin/sh\necho "npm must not run in this test" >&2\nexit 99\n');
chmodSync(join(noNpm, 'npm'), 0o755);

function runStep(s: Step, cwd: string, env: Record<string, string>) {
  // As GitHub runs a bash step: bash --noprofile --norc -eo pipefail.
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env, PATH: `${noNpm}:${process.env.PATH}` } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('action.yml', () => {
  it('is a composite action that sets up Node 22, installs kscn and runs it', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.inputs['node-version']!.default).toBe('22');
    expect(action.runs.steps.map((s) => s.uses ?? s.name)).toEqual(['actions/setup-node@v4', 'Install kscn', 'Run kscn']);
    expect(step('Install kscn').env).toEqual({ PUPPETEER_SKIP_DOWNLOAD: '1' });
  });

  it("uses the action's own kscn when the project has none, the project's when it has one", () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kscn-action-'));
    const githubEnv = join(cwd, 'github-env');
    writeFileSync(githubEnv, '');
    expect(runStep(step('Install kscn'), cwd, { GITHUB_ACTION_PATH: root, GITHUB_ENV: githubEnv }).code).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe(`KSCN_BIN=${root}/bin/kscn.js\n`);
    // Not built yet: `npm ci` in the action's folder (here an npm that refuses, so nothing is installed).
    const unbuilt = mkdtempSync(join(tmpdir(), 'kscn-action-path-'));
    const r = runStep(step('Install kscn'), cwd, { GITHUB_ACTION_PATH: unbuilt, GITHUB_ENV: githubEnv });
    expect(r.code).toBe(99);
    expect(r.err).toBe('npm must not run in this test\n');
    writeFileSync(githubEnv, '');
    mkdirSync(join(cwd, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(cwd, 'node_modules/.bin/kscn'), '#!/usr/bin/env node\n');
    chmodSync(join(cwd, 'node_modules/.bin/kscn'), 0o755);
    expect(runStep(step('Install kscn'), cwd, { GITHUB_ACTION_PATH: '/nowhere', GITHUB_ENV: githubEnv }).code).toBe(0);
    expect(readFileSync(githubEnv, 'utf8')).toBe(`KSCN_BIN=${cwd}/node_modules/.bin/kscn\n`);
  });

  it('runs the scenarios with the GitHub reporter: annotations, exit code output, job summary, reports', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kscn-action-'));
    const files = { GITHUB_OUTPUT: join(tmp, 'output'), GITHUB_STEP_SUMMARY: join(tmp, 'summary') };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const r = runStep(step('Run kscn'), root, {
      ...files,
      GITHUB_ACTIONS: 'true',
      KSCN_BIN: join(root, 'bin/kscn.js'),
      KSCN_PATHS: 'test/fixtures/failing scenarios/pod-lifecycle.kscn',
      KSCN_REPORTERS: action.inputs.reporters!.default,
      KSCN_OUT: join(tmp, 'reports'),
      KSCN_SHARD: '',
      KSCN_ARGS: '--no-svg --seed 3',
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^::error file=test\/fixtures\/failing\/bind-before-create\.kscn,line=\d+,col=\d+,title=kscn%3A /m);
    expect(r.out).toMatch(/1 passed, 1 failed/);
    expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toBe('exit-code=1\n');
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/^### kscn\n\n1 passed, 1 failed/);
    expect(existsSync(join(tmp, 'reports/junit.xml'))).toBe(true);
    expect(JSON.parse(readFileSync(join(tmp, 'reports/results.json'), 'utf8')).files[0].scenarios[0].seed).toBe(3);
  });
});
