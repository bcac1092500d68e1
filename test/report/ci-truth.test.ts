/**
 * Reports that tell CI the truth (issue "honest verdicts", LANGUAGE.md §12.1): a file that fails
 * `check` does not stop the run and is an errored case in JUnit and JSON; a passing scenario's
 * notes are neither `<error>` nor `::warning`; junit.xml validates against the common JUnit XSD
 * and carries each seed; GitHub annotations are capped as GitHub shows them, relative to
 * GITHUB_WORKSPACE, grouped per file.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { run } from '../../src/cli/run.js';
import { toJunit } from '../../src/report/junit.js';
import { sampleRun } from '../fixtures/report/kubectl-run.js';
import { memoryIO } from './io.js';

vi.setConfig({ testTimeout: 120_000 });

const XSD = readFileSync(new URL('../fixtures/report/junit.xsd', import.meta.url), 'utf8');
const validate = async (xml: string) => validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [XSD] });

const GOOD = `cluster c { node worker-1 { cpu 4; memory 8Gi } }
scenario "runs" {
  given cluster c
  when { kubectl run web --image=nginx }
  then { pod web: Running }
}
scenario "a crash loop never settles: a note, not an error" {
  timeout 30s
  given cluster c
  when { pods loop crash after 1s; kubectl run loop --image=nginx }
  then { pod loop: restarts >= 1 }
}
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-ci-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('a run over a folder with one broken file', () => {
  it('runs the others, exits 2, and names the broken file in JUnit, JSON and GitHub annotations', async () => {
    const dir = project({ 'suite/a-good.kscn': GOOD, 'suite/b-broken.kscn': GOOD.replace('given cluster c\n  when { kubectl run', 'given cluster nope\n  when { kubectl run') });
    const io = memoryIO({ cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: join(dir, '..') } });
    const code = await run(['suite', '--reporter', 'console,junit,json', '--no-svg'], io);
    expect(code).toBe(2);
    expect(io.out).toMatch(/✓ runs/);
    expect(io.err).toContain('unknown cluster `nope`');
    const junit = readFileSync(join(dir, 'reports/junit.xml'), 'utf8');
    expect(junit).toContain('<testcase name="suite/b-broken.kscn could not be checked"');
    expect(junit).toMatch(/<error message="unknown cluster `nope`" type="check">/);
    const json = JSON.parse(readFileSync(join(dir, 'reports/results.json'), 'utf8'));
    expect(json.files.map((f: { path: string; status: string }) => [f.path, f.status])).toEqual([['suite/a-good.kscn', 'ok'], ['suite/b-broken.kscn', 'error']]);
    expect(json.summary.filesWithErrors).toBe(1);
    // The annotation names the file from the repository root (GITHUB_WORKSPACE), in its group.
    const ws = dir.split('/').pop();
    expect(io.out).toContain(`::group::kscn ${ws}/suite/b-broken.kscn\n`);
    expect(io.out).toMatch(new RegExp(`::error file=${ws}/suite/b-broken\\.kscn,line=3,col=17,title=kscn%3A suite/b-broken\\.kscn could not be checked::unknown cluster`));
    // A passing scenario's note is not a warning annotation, nor an <error> in JUnit.
    expect(io.out).not.toContain('::warning');
    expect(junit).not.toMatch(/<error message="step 1 did not settle/);
    expect(junit).toMatch(/<system-out>[^<]*note: suite\/a-good\.kscn:\d+:\d+: step 1 did not settle/);
    // Valid against the common JUnit XSD, with each scenario's seed as a property.
    expect((await validate(junit)).errors).toEqual([]);
    expect(junit).toMatch(/<property name="seed\[runs\]" value="\d+"\/>/);
  });
});

describe('junit.xml and the common JUnit XSD', () => {
  it('the sample run (passed, failed, errored, unreadable file) validates', async () => {
    const xml = toJunit(sampleRun(), () => 'reports/x.mmd');
    const r = await validate(xml);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('the XSD refuses what the common format does not have (the test can fail)', async () => {
    const xml = toJunit(sampleRun(), () => 'reports/x.mmd').replace('<testcase name=', '<testcase line="7" name=');
    expect((await validate(xml)).valid).toBe(false);
  });
});

describe('GitHub annotations', () => {
  it('at most 10 errors per step, then one notice saying how many more', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `  pod p${i}: Running`).join('\n');
    const dir = project({ 'many.kscn': `cluster c { node worker-1 { cpu 4; memory 8Gi } }\nscenario "twelve failures" {\n  given cluster c\n  when { wait 1s }\n  then {\n${many}\n  }\n}\n` });
    const io = memoryIO({ cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(await run(['many.kscn', '--no-svg'], io)).toBe(1);
    expect(io.out.match(/^::error /gm)).toHaveLength(10);
    expect(io.out).toContain('::notice title=kscn::2 more errors not annotated (GitHub shows 10 errors per step)');
    expect(io.out).toContain('::group::kscn many.kscn\n');
    expect(io.out).toContain('::endgroup::\n');
  });
});

describe('reports/ holds only the current run\'s files', () => {
  it('a renamed scenario leaves no stale diagram; a file kscn did not write stays, even one named like a report', async () => {
    const dir = project({ 'one.kscn': GOOD.replace('scenario "runs"', 'scenario "old name"') });
    const all = ['one.kscn', '--reporter', 'console,junit,json,markdown,html', '--no-svg'];
    let io = memoryIO({ cwd: dir });
    expect(await run(all, io)).toBe(0);
    expect(io.out).not.toContain('Removed');
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'reports/one/old-name.mmd'))).toBe(true);
    // Every generated file carries the mark; the JUnit file with it is still valid JUnit.
    expect(readFileSync(join(dir, 'reports/one/old-name.mmd'), 'utf8').endsWith('\n%% generated by kscn\n')).toBe(true);
    expect(readFileSync(join(dir, 'reports/junit.xml'), 'utf8').endsWith('</testsuites>\n<!-- generated by kscn -->\n')).toBe(true);
    expect((await validate(readFileSync(join(dir, 'reports/junit.xml'), 'utf8'))).valid).toBe(true);
    // Files of the user's among the reports: by hand, a diagram of their own, a link out of the folder.
    writeFileSync(join(dir, 'reports/one/notes-by-hand.txt'), 'keep me');
    writeFileSync(join(dir, 'reports/one/my-drawing.mmd'), 'sequenceDiagram\n  a->>b: hi\n');
    writeFileSync(join(dir, 'outside.mmd'), 'sequenceDiagram\n%% generated by kscn\n');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(dir, 'outside.mmd'), join(dir, 'reports/one/linked.mmd'));
    // Renamed, and run with fewer reporters: what the earlier run wrote and this one did not goes.
    writeFileSync(join(dir, 'one.kscn'), GOOD);
    io = memoryIO({ cwd: dir });
    expect(await run(['one.kscn', '--reporter', 'console,junit', '--no-svg'], io)).toBe(0);
    expect(existsSync(join(dir, 'reports/one/old-name.mmd'))).toBe(false);
    expect(existsSync(join(dir, 'reports/one/runs.mmd'))).toBe(true);
    expect(existsSync(join(dir, 'reports/junit.xml'))).toBe(true);
    expect(existsSync(join(dir, 'reports/results.json'))).toBe(false);
    expect(existsSync(join(dir, 'reports/index.html'))).toBe(false);
    expect(existsSync(join(dir, 'reports/mermaid.min.js'))).toBe(false);
    // index.html, one.md, one/old-name.mmd, results.json (and mermaid.min.js when the HTML needed it: no Chromium).
    expect(io.out).toMatch(/^Removed [45] files an earlier kscn run wrote and this one did not: reports\/index\.html, /m);
    // Never a file kscn did not write, nor through a link.
    expect(readFileSync(join(dir, 'reports/one/notes-by-hand.txt'), 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'reports/one/my-drawing.mmd'))).toBe(true);
    expect(existsSync(join(dir, 'reports/one/linked.mmd'))).toBe(true);
    expect(existsSync(join(dir, 'outside.mmd'))).toBe(true);
  });

  it('a sharded run removes nothing: shards and kscn merge-reports may share the folder', async () => {
    const dir = project({ 'one.kscn': GOOD.replace('scenario "runs"', 'scenario "old name"') });
    expect(await run(['one.kscn', '--reporter', 'junit', '--no-svg'], memoryIO({ cwd: dir }))).toBe(0);
    writeFileSync(join(dir, 'one.kscn'), GOOD);
    const io = memoryIO({ cwd: dir });
    expect(await run(['one.kscn', '--reporter', 'json', '--no-svg', '--shard', '1/2'], io)).toBe(0);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'reports/one/old-name.mmd'))).toBe(true);
    expect(existsSync(join(dir, 'reports/junit.xml'))).toBe(true);
    expect(io.out).toMatch(/^Diagrams: 1 \.mmd file/m);
    expect(io.out).not.toContain('Removed');
  });
});

describe('the HTML report', () => {
  it('gives a passing scenario\'s note a neutral mark, never a failure\'s ✗; a diagram opens full-size on click', async () => {
    const dir = project({ 'one.kscn': GOOD });
    expect(await run(['one.kscn', '--no-svg', '--reporter', 'html'], memoryIO({ cwd: dir }))).toBe(0);
    const html = readFileSync(join(dir, 'reports/index.html'), 'utf8');
    expect(html).toMatch(/<li class="note"><span class="mark">ℹ<\/span> note: step 1 did not settle/);
    expect(html).not.toContain('<li class="fail">');
    expect(html).toContain(`onclick="this.classList.toggle('full')"`);
  });
});
