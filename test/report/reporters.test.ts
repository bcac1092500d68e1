import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../../src/run/result.js';
import { createReporters, fanOut, type Reporter } from '../../src/report/reporter.js';
import { sampleRun } from '../fixtures/report/kubectl-run.js';
import { memoryIO } from './io.js';
import { golden } from './golden.js';

// Chromium and the engine are slow on a loaded machine; none of these tests is about time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Feed a run through reporters as the runner does. */
async function report(reporters: Reporter[], run: RunResult): Promise<void> {
  const r = fanOut(reporters);
  try {
    await r.onRunStart({ files: run.files.map((f) => f.path), scenarios: run.files.reduce((n, f) => n + f.scenarios.length, 0) });
    for (const f of run.files) {
      await r.onFileStart(f.path);
      for (const s of f.scenarios) {
        await r.onScenarioStart({ file: f.path, title: s.title });
        await r.onScenarioEnd(s);
      }
      await r.onFileEnd(f);
    }
    await r.onRunEnd(run);
  } finally {
    await r.close();
  }
}

async function runReporters(names: string[], opts: { color?: boolean; env?: Record<string, string>; tty?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-report-'));
  const io = memoryIO({ cwd: dir, color: opts.color, env: opts.env });
  const reporters = createReporters(names, { io, outDir: 'reports', svg: false, png: false, tty: opts.tty });
  if ('error' in reporters) throw new Error(reporters.error);
  await report(reporters, sampleRun());
  const read = (p: string) => readFileSync(join(dir, 'reports', p), 'utf8');
  return { io, dir, read };
}

describe('reporters (golden files)', () => {
  it('console: a line per scenario, failures explained with file:line, a recap, the summary line', async () => {
    const { io } = await runReporters(['console']);
    golden('sample.console.txt', io.out);
    expect(io.out.split('\n')).toContain('1 passed, 2 failed');
    expect(io.out).not.toContain('\x1b[');
  });

  it('junit', async () => {
    golden('sample.junit.xml', (await runReporters(['junit'])).read('junit.xml'));
  });

  it('json (LANGUAGE.md §11)', async () => {
    const { read } = await runReporters(['json']);
    golden('sample.results.json', read('results.json'));
    const doc = JSON.parse(read('results.json'));
    expect(Object.keys(doc.summary)).toEqual(expect.arrayContaining(['passed', 'failed', 'errors', 'durationMs']));
    const s = doc.files[0].scenarios[0];
    for (const k of ['title', 'tags', 'seed', 'status', 'expectations', 'diagram']) expect(s).toHaveProperty(k);
    for (const k of ['line', 'text', 'ok', 'message']) expect(s.expectations[0]).toHaveProperty(k);
    expect(s.diagram).toBe('reports/first/kubectl-run-creates-a-running-pod.mmd');
  });

  it('markdown: a file per .kscn file, with the diagrams as mermaid fences', async () => {
    const { read, dir } = await runReporters(['markdown']);
    golden('sample.failing.md', read('failing.md'));
    expect(read('first.md')).toContain('```mermaid\nsequenceDiagram\n');
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual(['broken-1', 'broken-1.md', 'failing', 'failing.md', 'first', 'first.md'].filter((f) => f !== 'broken-1'));
  });
});

describe('reporters', () => {
  it('always writes every diagram as .mmd and says where, with how to get SVG', async () => {
    const { io, read } = await runReporters([]);
    expect(read('first/kubectl-run-creates-a-running-pod.mmd')).toBe(readFileSync(new URL('../fixtures/report/kubectl-run.default.mmd', import.meta.url), 'utf8'));
    expect(read('failing/kubectl-port-forward-is-not-simulated.mmd')).toContain('sequenceDiagram');
    expect(io.out).toContain('Diagrams: 3 .mmd files in reports/ (--svg renders them to SVG)\n');
  });

  it('without Chromium, one line says the .mmd files were written and how to get SVGs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-report-'));
    const io = memoryIO({ cwd: dir, env: { KSCN_CHROMIUM: '' } });
    const reporters = createReporters(['console'], { io, outDir: 'out', svg: true, png: false });
    if ('error' in reporters) throw new Error(reporters.error);
    // Pretend no browser is installed anywhere.
    const store = reporters.find((r) => r.name === 'diagrams') as unknown as { store: { renderer(): Promise<unknown> } };
    store.store.renderer = async () => ({ unavailable: 'no Chromium found (set KSCN_CHROMIUM, or apt-get install chromium) to render SVG/PNG' });
    await report(reporters, sampleRun());
    expect(io.out).toContain('Diagrams: 3 .mmd files in out/; no Chromium found (set KSCN_CHROMIUM, or apt-get install chromium) to render SVG/PNG\n');
  });

  it('after the summary, says where each report was written, in a fixed order', async () => {
    const { io } = await runReporters(['markdown', 'json', 'console', 'junit']);
    expect(io.out.trimEnd().split('\n').slice(-6).join('\n')).toBe([
      '1 passed, 2 failed',
      '3 scenarios in 3 files · 12 ms',
      'Diagrams: 3 .mmd files in reports/ (--svg renders them to SVG)',
      'JUnit: reports/junit.xml',
      'JSON: reports/results.json',
      'Markdown: reports/first.md, reports/failing.md, reports/broken-1.md',
    ].join('\n'));
  });

  it('console colours only when io.color, and keeps a progress line on a terminal', async () => {
    const colour = await runReporters(['console'], { color: true });
    expect(colour.io.out).toContain('\x1b[32m✓\x1b[39m');
    const tty = await runReporters(['console'], { tty: true });
    expect(tty.io.out).toContain('  … 1/3 done\r\x1b[2K');
    expect(tty.io.out.split('\n')).toContain('1 passed, 2 failed');
    // While a scenario runs, the progress line names it.
    expect(tty.io.out).toContain('  … 1/3 done · running kubectl run pulls <nginx> & "starts"\r\x1b[2K');
  });

  it('console never colours when NO_COLOR is set', async () => {
    const { io } = await runReporters(['console'], { color: true, env: { NO_COLOR: '1' } });
    // No SGR (colour, bold, dim) codes; the progress line may still be redrawn on a terminal.
    expect(io.out).not.toMatch(/\x1b\[\d*(;\d+)*m/);
    expect(io.out).toContain('✗ kubectl run pulls');
  });

  it('GitHub annotations when GITHUB_ACTIONS=true, escaped as workflow commands', async () => {
    const { io } = await runReporters(['console'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(io.out).toContain('::error file=scenarios/failing.kscn,line=20,col=5,title=kscn%3A kubectl run pulls <nginx> & "starts"::sequence line 6 found no match: kubelet -> runtime: PullImage nginx*%0Anearest miss:');
    expect(io.out).toContain('::error file=scenarios/broken <1>.kscn,line=3,col=20,title=kscn%3A scenarios/broken <1>.kscn could not be checked::expected `{` after the scenario title%0Ahint: a scenario is `scenario "TITLE" { … }`\n');
  });

  it('GitHub annotations whenever GITHUB_ACTIONS is set, not when it is empty or false', async () => {
    expect((await runReporters(['console'], { env: { GITHUB_ACTIONS: '1' } })).io.out).toContain('::error file=');
    expect((await runReporters(['console'], { env: { GITHUB_ACTIONS: 'false' } })).io.out).not.toContain('::error');
    expect((await runReporters(['console'], { env: { GITHUB_ACTIONS: '' } })).io.out).not.toContain('::error');
  });

  it('rejects an unknown reporter name with a suggestion', () => {
    const io = memoryIO();
    expect(createReporters(['console,junti'], { io, outDir: 'r', svg: false, png: false })).toEqual({
      error: 'unknown reporter `junti` (did you mean `junit`?); known: console, junit, json, markdown, html, github',
    });
  });
});
