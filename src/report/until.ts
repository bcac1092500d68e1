/**
 * The `until` directive of a diagram (LANGUAGE.md §9): the first moment of the recorded steps at
 * which its state assertion holds, found by replaying the trace's state changes (as state
 * expectations do). The runner may pass its own evaluator to `createReporters`; this is the default.
 */
import type { StateAssertion } from '../lang/ast.js';
import { evaluateState } from '../expect/state.js';
import { StateView } from '../expect/state-view.js';
import type { Trace } from '../trace/types.js';

/** The seq of the etcd write after which `state` first holds during a recorded step, or undefined if it never does. */
export function untilSeq(state: StateAssertion, trace: Trace): number | undefined {
  const view = new StateView(trace.changes);
  for (let c = view.applyNext(); c; c = view.applyNext()) {
    if (c.step < 1) continue;
    // Changes committed by the same write land together.
    view.applyWhile((n) => n.seq === c!.seq);
    try {
      if (evaluateState(state, view, { messages: trace.messages, uptoSeq: c.seq }).ok) return c.seq;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
