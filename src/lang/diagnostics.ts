/**
 * One Diagnostic type for every problem kscn reports about a file: lexing, parsing, checking,
 * and problems found while running (a kubectl line the simulation rejects …). Rendering lives in
 * `src/lang/render-diagnostic.ts`.
 */
import type { Span } from './ast.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** A stable code, e.g. `E-PARSE`, `E-UNKNOWN-CLUSTER` (see `codes.ts`). */
  code: string;
  severity: Severity;
  /** One line, what is wrong. */
  message: string;
  span: Span;
  /** One line, how to fix it (e.g. "did you mean `worker-1`?"). */
  hint?: string;
}

/** A span covering nothing, at the start of a file (for problems without a better place). */
export function fileStartSpan(file: string): Span {
  return { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } };
}
