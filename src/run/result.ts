/**
 * The plain-data result of a run, read by every reporter (STYLE.md §11). No live engine objects:
 * it can be snapshotted and serialised to JSON as-is.
 */
import type { DiagramDecl, Span } from '../lang/ast.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { Trace } from '../trace/types.js';

export type ScenarioStatus = 'passed' | 'failed' | 'error';

/** The verdict on one expectation (one line of `then`, or one `sequence` block). */
export interface ExpectationResult {
  span: Span;
  /** The expectation as written. */
  text: string;
  /** Index of the step whose `then` holds it (1-based, as the trace's steps). */
  step: number;
  ok: boolean;
  /** One line: what was expected and what happened (empty when ok). */
  message: string;
  /** Further lines for the failure report: the nearest miss, the actual objects … */
  details: string[];
  /** `action`: the verdict on an action (LANGUAGE.md §12.1: a failed action, an `expect failure`), not a line of `then`. */
  kind?: 'action';
  /** For a failed `sequence`: the span of the first line that found no match, and where (seq) in the trace it should have been. */
  failedLine?: { span: Span; text: string; afterSeq: number };
}

export interface ScenarioResult {
  title: string;
  tags: string[];
  seed: number;
  /** The file the scenario is in, as given on the command line. */
  file: string;
  span: Span;
  status: ScenarioStatus;
  expectations: ExpectationResult[];
  /** Problems while running (a kubectl line that could not run, a step that hit its cap …). */
  errors: Diagnostic[];
  trace: Trace;
  /** The scenario's `diagram { … }` block, if it has one (the reporters draw by it). */
  diagram?: DiagramDecl;
  /** Wall time of the simulation, in ms (scrubbed from golden files). */
  durationMs: number;
}

export interface FileResult {
  path: string;
  scenarios: ScenarioResult[];
  /** Parse or check errors that kept the file from running. */
  diagnostics: Diagnostic[];
}

export interface RunResult {
  files: FileResult[];
  durationMs: number;
}
