/**
 * Caps that keep one scenario in bounded memory: the objects the apiserver stores and the
 * entries of the trace. Reaching one stops the scenario with a `LimitError` naming the cap and
 * how to raise it (the runner turns it into an error result: exit 2), instead of growing until
 * the machine runs out of memory or time.
 */

/** A cap was reached: the message names it, the hint says how to raise it. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface Limits {
  /** Objects the apiserver may hold at once (pods, nodes, leases …; Events, which expire, aside). */
  maxObjects: number;
  /** Entries the trace may hold (messages, notes, events, state changes), after compaction. */
  maxTraceEntries: number;
}

/** kube-apiserver's `--event-ttl` default: an Event is kept one hour after its last write. */
export const EVENT_TTL_MS = 3600_000;

export const DEFAULT_LIMITS: Limits = { maxObjects: 150_000, maxTraceEntries: 2_000_000 };

/** The variables that raise the caps. */
export const LIMIT_ENV = { maxObjects: 'KSCN_MAX_OBJECTS', maxTraceEntries: 'KSCN_MAX_TRACE' } as const;

/** The caps, from the environment (`KSCN_MAX_OBJECTS`, `KSCN_MAX_TRACE`) or the defaults. */
export function limitsFrom(env: Record<string, string | undefined> = process.env): Limits {
  const num = (name: string, dflt: number) => {
    const v = Number(env[name]);
    return Number.isSafeInteger(v) && v > 0 ? v : dflt;
  };
  return { maxObjects: num(LIMIT_ENV.maxObjects, DEFAULT_LIMITS.maxObjects), maxTraceEntries: num(LIMIT_ENV.maxTraceEntries, DEFAULT_LIMITS.maxTraceEntries) };
}

/** The error for too many objects. */
export function tooManyObjects(cap: number): LimitError {
  return new LimitError(
    `the cluster holds more than ${cap.toLocaleString('en-US')} objects, the most a scenario may create; it was stopped there`,
    `a scenario this large is likely a mistake (--replicas, a range of nodes); if not, raise the cap with ${LIMIT_ENV.maxObjects}=N`,
  );
}

/** The error for a trace that grew past its cap. */
export function traceTooLong(cap: number): LimitError {
  return new LimitError(
    `the trace holds more than ${cap.toLocaleString('en-US')} entries, the most a scenario may record; it was stopped there`,
    `shorten the scenario's \`timeout\` or \`wait\`s, or raise the cap with ${LIMIT_ENV.maxTraceEntries}=N`,
  );
}
