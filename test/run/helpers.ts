/** Helpers for runner tests: check a small `.kscn` text and run its scenarios. */
import { checkSource } from '../../src/lang/check.js';
import { runScenario, type RunOptions } from '../../src/run/run.js';
import type { ScenarioResult } from '../../src/run/result.js';
import type { CheckedFile } from '../../src/lang/model.js';

/** A two-node cluster with a namespace and a user who may only read pods. */
export const CLUSTER = `cluster two {
  node worker-1 { cpu 4; memory 8Gi }
  node worker-2 { cpu 4; memory 8Gi }
  namespace team-a
  user alice { allow get,list on pods in team-a }
}
`;

/** Check `text` (failing the test on a check error) and return the checked file. */
export function checked(text: string, file = 'test.kscn'): CheckedFile {
  const r = checkSource(text, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.file) throw new Error(`does not check:\n${errors.map((d) => `${d.span.start.line}:${d.span.start.col} ${d.message}`).join('\n')}\n${text}`);
  return r.file;
}

/** Run every scenario of `text`. */
export function runText(text: string, opts: RunOptions = {}): ScenarioResult[] {
  const f = checked(text);
  return f.scenarios.map((sc) => runScenario(f, sc, opts));
}

/** One scenario on CLUSTER with these `when` actions and `then` expectations. */
export function scenario(when: string, then: string, extra = ''): string {
  return `${CLUSTER}${extra}
scenario "case" {
  given cluster two
  when {
${when.trim().split('\n').map((l) => '    ' + l.trim()).join('\n')}
  }
  then {
${then.trim().split('\n').map((l) => '    ' + l.trim()).join('\n')}
  }
}
`;
}

/** A failure summary of one result, for assertion messages. */
export function explain(r: ScenarioResult): string {
  return [r.status, ...r.expectations.filter((e) => !e.ok).map((e) => `${e.text}: ${e.message} | ${e.details.join(' | ')}`), ...r.errors.map((e) => `${e.code} ${e.message}`)].join('\n');
}
