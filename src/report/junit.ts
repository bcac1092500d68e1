/**
 * The JUnit reporter: `OUT/junit.xml`, a `<testsuite>` per file and a `<testcase>` per scenario,
 * in the shape Jenkins, GitLab, Azure DevOps and the GitHub JUnit actions accept. A failed
 * scenario has one `<failure>` (its first failed expectation in `message`, every failure with
 * `file:line:col` in the body); one that could not run has an `<error>`; a file that could not
 * be checked is a suite with one errored testcase.
 */
import type { Diagnostic } from '../lang/diagnostics.js';
import type { FileResult, RunResult, ScenarioResult } from '../run/result.js';
import { KUBERNETES_VERSION } from '../engine/version.js';
import { escapeXml as x } from './escape.js';
import { at, totals } from './format.js';
import type { Reporter } from './reporter.js';
import type { DiagramStore } from './store.js';

/** The file the JUnit reporter writes, under the output folder. */
export const JUNIT_FILE = 'junit.xml';

export class JunitReporter implements Reporter {
  readonly name = 'junit';
  constructor(private readonly store: DiagramStore) {}

  async onRunEnd(run: RunResult): Promise<void> {
    await this.store.write(JUNIT_FILE, toJunit(run, (s) => this.store.displayPath(run, s, 'mmd')));
    this.store.announce(1, `JUnit: ${this.store.display(JUNIT_FILE)}`);
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The JUnit XML of a run; `diagram(s)` gives each scenario's diagram path (in `<system-out>`). */
export function toJunit(run: RunResult, diagram: (s: ScenarioResult) => string): string {
  const t = totals(run.files);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="kscn" tests="${t.scenarios + t.badFiles}" failures="${t.failed - t.errors}" errors="${t.errors + t.badFiles}" time="${seconds(run.durationMs)}">`);
  for (const f of run.files) out.push(...suite(f, diagram));
  out.push('</testsuites>', '');
  return out.join('\n');
}

function suite(f: FileResult, diagram: (s: ScenarioResult) => string): string[] {
  const bad = f.diagnostics.filter((d) => d.severity === 'error');
  const cases = f.scenarios.length;
  const failures = f.scenarios.filter((s) => s.status === 'failed').length;
  const errors = f.scenarios.filter((s) => s.status === 'error').length + (bad.length && !cases ? 1 : 0);
  const time = f.scenarios.reduce((ms, s) => ms + s.durationMs, 0);
  const out = [`  <testsuite name="${x(f.path)}" tests="${Math.max(cases, errors)}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(time)}" file="${x(f.path)}">`];
  // The simulated Kubernetes release (src/engine/version.ts), as a suite property.
  out.push('    <properties>', `      <property name="kubernetes.version" value="${x(KUBERNETES_VERSION)}"/>`, '    </properties>');
  for (const s of f.scenarios) out.push(...testcase(s, diagram(s)));
  if (bad.length && !cases) {
    out.push(`    <testcase name="${x(`${f.path} could not be checked`)}" classname="${x(f.path)}" file="${x(f.path)}" line="${bad[0]!.span.start.line}" time="0.000">`);
    out.push(`      <error message="${x(bad[0]!.message)}" type="check">${x(bad.map(diagnosticText).join('\n'))}</error>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

function testcase(s: ScenarioResult, diagram: string): string[] {
  const head = `    <testcase name="${x(s.title)}" classname="${x(s.file)}" file="${x(s.file)}" line="${s.span.start.line}" time="${seconds(s.durationMs)}">`;
  const out = [head];
  const failed = s.expectations.filter((e) => !e.ok);
  if (s.status === 'error' || (s.errors.length && !failed.length)) {
    const first = s.errors[0];
    out.push(`      <error message="${x(first?.message ?? 'the scenario could not run')}" type="run">${x(s.errors.map(diagnosticText).join('\n'))}</error>`);
  } else if (failed.length) {
    const body = failed.map((e) => [`${at(e.failedLine?.span ?? e.span)}: ${e.message || e.text}`, ...e.details.map((d) => `  ${d}`)].join('\n'));
    out.push(`      <failure message="${x(failed[0]!.message || failed[0]!.text)}" type="expectation">${x(body.join('\n'))}</failure>`);
  }
  out.push(`      <system-out>${x(`diagram: ${diagram}`)}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function diagnosticText(d: Diagnostic): string {
  return `${at(d.span)}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}
