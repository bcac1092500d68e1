/** Helpers for the K8S-FACTS checks: run a small `.kscn` text and read its trace. */
import { expect } from 'vitest';
import { checkSource } from '../../../src/lang/check.js';
import { runScenario } from '../../../src/run/run.js';
import type { ScenarioResult } from '../../../src/run/result.js';

/** Run the first scenario of `text` (which must check without errors). */
export function runFact(text: string): ScenarioResult {
  const r = checkSource(text, 'facts.kscn', { cwd: __dirname });
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return runScenario(r.file!, r.file!.scenarios[0]!);
}

/** The Events of `object` (e.g. `pod/x`), optionally only one reason. */
export function eventsOf(r: ScenarioResult, object: string, reason?: string) {
  return r.trace.events.filter((e) => e.object === object && (!reason || e.reason === reason));
}
