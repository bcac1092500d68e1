/**
 * The kinds a state assertion may name (LANGUAGE.md §7.3, §12.2): the few with conditions of
 * their own, and every kind the simulated apiserver serves for `exists`, `gone` and `.PATH OP VALUE`.
 */
import { allResourceTypes } from '../engine/apiserver/resources.js';

/** A served kind as a state names it: its resource and kind. */
export interface StateKindInfo {
  /** The plural resource (`jobs`). */
  resource: string;
  /** The kind (`Job`). */
  kind: string;
}

/** Kinds whose Events are not state. */
const NOT_STATE = new Set(['Event']);

/** Every word naming a served kind (lowercase singular, plural, short names) → the kind. */
export function servedKinds(): Map<string, StateKindInfo> {
  const out = new Map<string, StateKindInfo>();
  for (const t of allResourceTypes()) {
    if (NOT_STATE.has(t.kind)) continue;
    const info = { resource: t.resource, kind: t.kind };
    // `no` (nodes) and `ev` stay words of the language (`no event …`).
    for (const w of [t.kind.toLowerCase(), t.resource, ...t.short]) if (!out.has(w) && w !== 'no') out.set(w, info);
  }
  return out;
}

export function stateKindWords(): string[] {
  return [...servedKinds().keys()];
}
