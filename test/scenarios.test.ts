/**
 * The scenario library (scenarios/) is what newcomers run first and what the docs show: every
 * scenario in it must check and pass, keep etcd behind the apiserver, and run the same twice.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { checkPaths } from '../src/lang/check.js';
import { runScenario } from '../src/run/run.js';

const root = resolve(__dirname, '..');

describe('scenarios/', async () => {
  const checked = await checkPaths(['scenarios'], { cwd: root });

  it('every file checks without errors', () => {
    const errors = checked.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.span.file}:${d.span.start.line}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(checked.files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of checked.files) {
    for (const sc of file.scenarios) {
      it(`${file.path}: ${sc.title}`, () => {
        const r = runScenario(file, sc);
        const failed = r.expectations.filter((e) => !e.ok).map((e) => `line ${e.span.start.line}: ${e.text} — ${e.message}`);
        const errors = r.errors.filter((e) => e.severity === 'error').map((e) => e.message);
        expect({ status: r.status, failed, errors }).toEqual({ status: 'passed', failed: [], errors: [] });
        // The first principle: only the apiserver talks to etcd, in every scenario.
        expect(r.trace.messages.filter((m) => (m.to === 'etcd' && m.from !== 'apiserver') || (m.from === 'etcd' && m.to !== 'apiserver'))).toEqual([]);
        // Deterministic: the same file and seed give the same trace.
        expect(JSON.stringify(runScenario(file, sc).trace)).toBe(JSON.stringify(r.trace));
      });
    }
  }
});
