/** Walking the actions and expectations of a scenario (nested `at` / `as` blocks included). */
import type { Action, Expectation, MessagePattern, ScenarioDecl, StateAssertion } from '../ast.js';

/** Every action of a scenario, depth first, with the user it runs as (`admin` by default). */
export function eachAction(s: ScenarioDecl, fn: (a: Action, user: string) => void): void {
  const walk = (list: Action[], user: string) => {
    for (const a of list) {
      fn(a, user);
      if (a.type === 'at' || a.type === 'expectFailure') walk(a.actions, user);
      else if (a.type === 'as') walk(a.actions, a.user);
    }
  };
  walk(s.given ?? [], 'admin');
  for (const step of s.steps) walk(step.when, 'admin');
}

/** Every expectation of a scenario. */
export function eachExpectation(s: ScenarioDecl, fn: (e: Expectation) => void): void {
  for (const step of s.steps) for (const e of step.then) fn(e);
}

/** Every message pattern of a scenario (sequences and `never`). */
export function eachMessagePattern(s: ScenarioDecl, fn: (m: MessagePattern) => void): void {
  eachExpectation(s, (e) => {
    if (e.type === 'sequence') e.lines.forEach(fn);
    else if (e.type === 'neverMessage') fn(e.pattern);
  });
}

/** Every state assertion of a scenario: in `then`, `wait until` and the diagram's `until`. */
export function eachState(s: ScenarioDecl, fn: (st: StateAssertion) => void): void {
  eachExpectation(s, (e) => {
    if (e.type === 'state' || e.type === 'always' || e.type === 'never') fn(e.state);
  });
  eachAction(s, (a) => {
    if (a.type === 'waitUntil') fn(a.state);
  });
  if (s.diagram?.until) fn(s.diagram.until);
}
