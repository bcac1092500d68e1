/**
 * The JSON Schemas kscn publishes (schemas/, in the package as `kscn/schemas/*.json`) describe what
 * it writes: every scenario of the library's `kscn trace --json` output and the JSON reporter's
 * results.json (passed, failed and erroring scenarios, files that did not check) validate, and a
 * document with a renamed or mistyped field does not.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { checkPaths } from '../../src/lang/check.js';
import { runScenario } from '../../src/run/run.js';
import { traceJson } from '../../src/cli/trace.js';
import { main } from '../../src/cli/main.js';

const root = resolve(__dirname, '../..');
const schema = (name: string) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
const validateResults = ajv.compile(schema('results.schema.json'));
const validateTrace = ajv.compile(schema('trace.schema.json'));
const errors = (v: { errors?: unknown }) => JSON.stringify(v.errors, null, 1);

describe('schemas/trace.schema.json', () => {
  it('validates `kscn trace --json` of every scenario in the library', async () => {
    const checked = await checkPaths(['scenarios'], { cwd: root });
    let n = 0;
    for (const f of checked.files) {
      for (const sc of f.scenarios) {
        const doc = traceJson(runScenario(f, sc));
        expect(validateTrace(doc), `${f.path} "${sc.title}": ${errors(validateTrace)}`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(30);
  });

  it('rejects a renamed field and an unknown message kind', async () => {
    const checked = await checkPaths(['scenarios/pod-lifecycle.kscn'], { cwd: root });
    const doc = traceJson(runScenario(checked.files[0]!, checked.files[0]!.scenarios[0]!)) as { messages: Record<string, unknown>[] };
    const { scenario, ...rest } = doc as unknown as { scenario: string };
    expect(validateTrace({ ...rest, scenarioTitle: scenario })).toBe(false);
    doc.messages[0]!.kind = 'rpc';
    expect(validateTrace(doc)).toBe(false);
  });
});

describe('schemas/results.schema.json', () => {
  it('validates results.json of a run with passed and failed scenarios, and the sample with errors and a file that did not check', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-schema-'));
    const io = { stdout: () => undefined, stderr: () => undefined, color: false, env: {}, cwd: root };
    const code = await main(['run', 'scenarios/pod-lifecycle.kscn', 'test/fixtures/failing', 'test/fixtures/run', '--reporter', 'json', '--out', out, '--no-svg'], io);
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { summary: { passed: number; failed: number } };
    expect(validateResults(doc), errors(validateResults)).toBe(true);
    expect(doc.summary.passed).toBeGreaterThan(0);
    expect(doc.summary.failed).toBeGreaterThan(0);
    const sample = JSON.parse(readFileSync(join(root, 'test/fixtures/report/sample.results.json'), 'utf8'));
    expect(validateResults(sample), errors(validateResults)).toBe(true);
  });

  it('validates the report of a shard, which carries its whole run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-schema-'));
    const io = { stdout: () => undefined, stderr: () => undefined, color: false, env: {}, cwd: root };
    expect(await main(['run', 'scenarios/basics', '--shard', '2/2', '--reporter', 'json', '--out', out, '--no-svg'], io)).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { shard: { index: number; run: { files: unknown[] } } };
    expect(validateResults(doc), errors(validateResults)).toBe(true);
    expect(doc.shard.index).toBe(2);
    expect(doc.shard.run.files.length).toBe(5);
  });

  it('rejects a scenario with an unknown status or without expectations', () => {
    const sample = JSON.parse(readFileSync(join(root, 'test/fixtures/report/sample.results.json'), 'utf8'));
    sample.files[0].scenarios[0].status = 'ok';
    expect(validateResults(sample)).toBe(false);
    delete sample.files[0].scenarios[0].expectations;
    sample.files[0].scenarios[0].status = 'passed';
    expect(validateResults(sample)).toBe(false);
  });

  it('is published in the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> };
    expect(pkg.files).toContain('schemas');
    expect(pkg.exports['./schemas/results.schema.json']).toBe('./schemas/results.schema.json');
    expect(pkg.exports['./schemas/trace.schema.json']).toBe('./schemas/trace.schema.json');
  });
});
