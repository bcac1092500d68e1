/**
 * The JSON reporter (LANGUAGE.md §11): `OUT/results.json`, for other tools. Shape:
 * `{ summary: {passed, failed, errors, durationMs}, files: [{ path, scenarios: [{ title, tags,
 * seed, status, expectations: [{line, text, ok, message}], diagram, drawn: {detail, messages, arrows,
 * represented, cut} }] }] }` — fields may be
 * added, none renamed. `failed` counts failed scenarios, `errors` those that could not run.
 */
import type { Diagnostic } from '../lang/diagnostics.js';
import type { RunResult, ScenarioResult } from '../run/result.js';
import { KUBERNETES_VERSION } from '../engine/version.js';
import { simulatedMs } from './format.js';
import type { Reporter } from './reporter.js';
import type { ReporterOptions } from './reporter.js';
import type { DiagramStore } from './store.js';
import type { MermaidDiagram } from './mermaid.js';

/** The file the JSON reporter writes, under the output folder. */
export const JSON_FILE = 'results.json';

export class JsonReporter implements Reporter {
  readonly name = 'json';
  constructor(
    private readonly store: DiagramStore,
    private readonly shard?: ReporterOptions['shard'],
  ) {}

  async onRunEnd(run: RunResult): Promise<void> {
    const doc = toJson(run, (s) => this.store.displayPath(run, s, 'mmd'), (s) => this.store.diagram(s)) as Record<string, unknown>;
    // A shard's report carries its whole run (plain data, traces included), so that
    // `kscn merge-reports` can make every report of the unsharded run from the shards.
    if (this.shard) doc.shard = { ...this.shard, run };
    await this.store.write(JSON_FILE, JSON.stringify(doc, null, 2) + '\n');
    this.store.announce(2, `JSON: ${this.store.display(JSON_FILE)}`);
  }
}

/** The JSON document of a run; `diagram(s)` gives each scenario's diagram path. */
export function toJson(run: RunResult, diagram: (s: ScenarioResult) => string, drawn?: (s: ScenarioResult) => MermaidDiagram): unknown {
  const all = run.files.flatMap((f) => f.scenarios);
  return {
    summary: {
      passed: all.filter((s) => s.status === 'passed').length,
      failed: all.filter((s) => s.status === 'failed').length,
      errors: all.filter((s) => s.status === 'error').length,
      durationMs: run.durationMs,
      files: run.files.length,
      filesWithErrors: run.files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length,
      /** The Kubernetes release the simulation follows (src/engine/version.ts). */
      kubernetesVersion: KUBERNETES_VERSION,
    },
    files: run.files.map((f) => ({
      path: f.path,
      /** `error`: the file could not be read or checked, so none of its scenarios ran (its diagnostics say why). */
      status: f.diagnostics.some((d) => d.severity === 'error') ? 'error' : 'ok',
      scenarios: f.scenarios.map((s) => ({
        title: s.title,
        tags: s.tags,
        seed: s.seed,
        status: s.status,
        line: s.span.start.line,
        expectations: s.expectations.map((e) => ({
          line: e.span.start.line,
          text: e.text,
          ok: e.ok,
          message: e.message,
          step: e.step,
          ...(e.details.length ? { details: e.details } : {}),
          ...(e.failedLine ? { failedLine: { line: e.failedLine.span.start.line, text: e.failedLine.text, afterSeq: e.failedLine.afterSeq } } : {}),
        })),
        errors: s.errors.map(diagnosticJson),
        diagram: diagram(s),
        ...(drawn ? { drawn: drawnJson(drawn(s)) } : {}),
        simulatedMs: simulatedMs(s),
        messages: s.trace.messages.length,
      })),
      diagnostics: f.diagnostics.map(diagnosticJson),
    })),
  };
}

/**
 * What a scenario's diagram drew: `detail` (`summary` or `full`), the trace `messages` it was
 * drawn from, the `arrows` drawn, the messages a summary `represented` by another arrow or a
 * note, and those `cut` at the size limit (drawn nowhere).
 */
function drawnJson(d: MermaidDiagram) {
  return { detail: d.detail, messages: d.messages, arrows: d.arrows, represented: d.represented, cut: d.cut };
}

function diagnosticJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: d.span.start.line,
    col: d.span.start.col,
    ...(d.hint ? { hint: d.hint } : {}),
  };
}
