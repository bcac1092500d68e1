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
  // The simulated Kubernetes release, and each scenario's seed (rerun one with `kscn run --seed N`).
  out.push('    <properties>', `      <property name="kubernetes.version" value="${x(KUBERNETES_VERSION)}"/>`);
  for (const s of f.scenarios) out.push(`      <property name="seed[${x(s.title)}]" value="${s.seed}"/>`);
  out.push('    </properties>');
  for (const s of f.scenarios) out.push(...testcase(s, diagram(s)));
  if (bad.length && !cases) {
    out.push(`    <testcase name="${x(`${f.path} could not be checked`)}" classname="${x(f.path)}" time="0.000">`);
    out.push(`      <error message="${x(bad[0]!.message)}" type="check">${x(bad.map(diagnosticText).join('\n'))}</error>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  return out;
}

function testcase(s: ScenarioResult, diagram: string): string[] {
  // The attributes of the common JUnit XSD (test/fixtures/report/junit-10.xsd): name, classname,
  // time; where the scenario is goes in the failure's text and in system-out.
  const head = `    <testcase name="${x(s.title)}" classname="${x(s.file)}" time="${seconds(s.durationMs)}">`;
  const out = [head];
  const failed = s.expectations.filter((e) => !e.ok);
  const errors = s.errors.filter((d) => d.severity === 'error');
  if (s.status === 'error' || errors.length) {
    const first = errors[0];
    out.push(`      <error message="${x(first?.message ?? 'the scenario could not run')}" type="run">${x(errors.map(diagnosticText).join('\n'))}</error>`);
  } else if (failed.length) {
    const body = failed.map((e) => [`${at(e.failedLine?.span ?? e.span)}: ${e.message || e.text}`, ...e.details.map((d) => `  ${d}`)].join('\n'));
    out.push(`      <failure message="${x(failed[0]!.message || failed[0]!.text)}" type="${failed[0]!.kind === 'action' ? 'action' : 'expectation'}">${x(body.join('\n'))}</failure>`);
  }
  // Notes (warnings: a step that never settled, a kubectl warning) are output, not failures.
  const notes = s.errors.filter((d) => d.severity !== 'error').map((d) => `note: ${diagnosticText(d)}`);
  out.push(`      <system-out>${x([`${s.file}:${s.span.start.line}`, `seed: ${s.seed}`, `diagram: ${diagram}`, ...notes].join('\n'))}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function diagnosticText(d: Diagnostic): string {
  return `${at(d.span)}: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`;
}
