/**
 * Runs checked scenarios on the engine, step by step (LANGUAGE.md §5): set-up (the cluster, its
 * `apply`s and `given`) settles before recording starts; each `when` runs its actions, then the
 * cluster runs until it settles or the step's timeout; each `then` is checked against the trace.
 * The result is plain data (RunResult) for the reporters.
 */
import type { ClusterBody, ScenarioDecl, Span } from '../lang/ast.js';
import type { Trace } from '../trace/types.js';
import { LIMIT_ENV, LimitError, limitsFrom } from '../engine/limits.js';
import type { CheckedFile } from '../lang/model.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import { Cluster } from '../engine/cluster.js';
import { hashString } from '../engine/sim/random.js';
import { evaluateStep } from '../expect/evaluate.js';
import type { FileResult, RunResult, ScenarioResult } from './result.js';
import { clusterSpec } from './cluster-spec.js';
import { runActions, type ActionContext } from './actions.js';
import { schedulerProfile } from './profile.js';
import { formatMs } from '../expect/messages.js';
import { stepTitle } from './describe.js';
import { describeBusy, formatDuration } from './busy.js';

export interface RunOptions {
  /** Overrides every scenario's seed. */
  seed?: number;
  /** Only scenarios whose title contains this text. */
  grep?: string;
  /** Only scenarios with one of these tags (with or without `@`). */
  tags?: string[];
  /** Stop after the first failed scenario. */
  bail?: boolean;
  /** Record scheduler explanations: for feasible nodes, or scores for all nodes too. */
  explain?: 'feasible' | 'all';
  /** Cap on events a step may run (default 20 million). */
  maxEventsPerStep?: number;
  /** Cap on the simulated time a step's actions may take (default 24 hours). */
  maxStepMs?: number;
  /** Jitter latencies by this fraction (explore); 0 = none. */
  jitter?: number;
  onScenarioStart?(file: CheckedFile, scenario: ScenarioDecl): void | Promise<void>;
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
}

const DEFAULT_STEP_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_MAX_EVENTS = 20_000_000;
const DEFAULT_MAX_STEP_MS = 24 * 3600_000;

/** Does the scenario pass the --grep and --tag filters? */
export function selected(sc: ScenarioDecl, opts: RunOptions): boolean {
  if (opts.grep && !sc.title.toLowerCase().includes(opts.grep.toLowerCase())) return false;
  if (opts.tags?.length) {
    const want = opts.tags.map((t) => t.replace(/^@/, ''));
    if (!sc.tags.some((t) => want.includes(t.replace(/^@/, '')))) return false;
  }
  return true;
}

/** The seed a scenario runs with: --seed, else its `seed`, else derived from its title. */
export function seedOf(sc: ScenarioDecl, opts: RunOptions): number {
  return opts.seed ?? sc.seed ?? hashString(sc.title);
}

function clusterBody(file: CheckedFile, sc: ScenarioDecl): ClusterBody {
  if (sc.cluster.kind === 'inline') return sc.cluster.body;
  // The checker guarantees the name exists.
  return file.clusters.get(sc.cluster.name)!.body;
}

/** What a scenario had got to when it stopped unexpectedly: its trace so far and the step running. */
interface Progress {
  trace?: Trace;
  at?: Span;
  seed?: number;
}

/**
 * Run one scenario to its end. An unexpected error inside it (a bug in kscn, a resource limit)
 * fails this scenario alone — status `error`, with the step it happened in and the trace so far —
 * and never the run: every other scenario's result and report is kept.
 */
export function runScenario(file: CheckedFile, sc: ScenarioDecl, opts: RunOptions = {}): ScenarioResult {
  const wallStart = performance.now();
  const progress: Progress = {};
  try {
    return runScenarioOrThrow(file, sc, opts, progress);
  } catch (e) {
    const limit = e instanceof LimitError;
    const why = limit ? e.message : e instanceof RangeError && /call stack/i.test(e.message) ? 'nesting too deep for kscn (the call stack ran out)' : reasonOf(e);
    const error: Diagnostic = limit
      ? { code: 'E-LIMIT', severity: 'error', message: why, span: progress.at ?? sc.span, hint: e.hint }
      : { code: 'E-INTERNAL', severity: 'error', message: `internal error while running this scenario: ${why}`, span: progress.at ?? sc.span, hint: 'this is a bug in kscn, not in the scenario; the other scenarios ran. Please report it (KSCN_DEBUG=1 shows where)' };
    if (!limit && process.env.KSCN_DEBUG) error.message += `\n${(e as Error)?.stack ?? ''}`;
    return {
      title: sc.title,
      tags: sc.tags,
      seed: progress.seed ?? 0,
      file: file.path,
      span: sc.span,
      status: 'error',
      expectations: [],
      errors: [error],
      trace: progress.trace ?? { messages: [], notes: [], events: [], changes: [], steps: [], scheduling: [], output: [] },
      ...(sc.diagram ? { diagram: sc.diagram } : {}),
      durationMs: performance.now() - wallStart,
    };
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof Error) return `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message.split('\n')[0]}`;
  try {
    return typeof e === 'object' ? JSON.stringify(e) : String(e);
  } catch {
    return String(e);
  }
}

function runScenarioOrThrow(file: CheckedFile, sc: ScenarioDecl, opts: RunOptions, progress: Progress): ScenarioResult {
  const wallStart = performance.now();
  const seed = seedOf(sc, opts);
  progress.seed = seed;
  progress.at = sc.span;
  const body = clusterBody(file, sc);
  const errors: Diagnostic[] = [];
  const spec = clusterSpec(body, seed, schedulerProfile(body, file, errors));
  if (opts.explain) spec.explain = opts.explain;
  if (opts.jitter) jitterLatency(spec.latency!, seed, opts.jitter);
  // Bounded memory (issue 18 §4): a node is two objects (the Node and its Lease) before any pod.
  const { maxObjects } = limitsFrom();
  if (spec.nodes.length * 2 > maxObjects) {
    progress.at = body.nodes?.[0]?.span ?? sc.span;
    throw new LimitError(`the cluster has ${spec.nodes.length.toLocaleString('en-US')} nodes, more than the ${maxObjects.toLocaleString('en-US')} objects a scenario may hold allow (a node is a Node and a Lease)`, `a cluster this large is likely a mistake (a range like w-[1..100000]); if not, raise the cap with ${LIMIT_ENV.maxObjects}=N`);
  }
  const cluster = new Cluster(spec);
  const rec = cluster.env.rec;
  progress.trace = rec.trace;
  const loop = cluster.env.loop;
  const maxEvents = opts.maxEventsPerStep ?? DEFAULT_MAX_EVENTS;
  const maxStepMs = opts.maxStepMs ?? DEFAULT_MAX_STEP_MS;
  const timeout = sc.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const expectations: ScenarioResult['expectations'] = [];
  const halted = { yes: false };
  const ctx: ActionContext = { cluster, file, user: 'admin', stepStart: 0, problems: errors, waitTimeoutMs: timeout, step: 0, verdicts: expectations, halted };

  /** Run actions, then let the cluster settle; returns how the step ended. */
  const step = (actions: ScenarioDecl['given'] & object, settleMs = timeout) => {
    const start = loop.now;
    const before = loop.executed;
    ctx.stepStart = start;
    const pendingAt = { n: 0 };
    ctx.pendingAt = pendingAt;
    let done = false;
    runActions(actions, ctx, () => {
      done = true;
    });
    // The actions take the time they say (`wait 10m` waits ten minutes, `at 10m { … }` runs at
    // ten minutes); the step's timeout bounds the settling that follows them.
    const acted = loop.runUntil(() => done && pendingAt.n === 0, start + maxStepMs, maxEvents);
    if (acted === 'event-cap') return 'event-cap';
    if (acted === 'deadline') return 'time-cap';
    const r = loop.runUntil(() => !loop.busy, loop.now + settleMs, maxEvents - (loop.executed - before));
    return r === 'done' || r === 'empty' ? 'settled' : r === 'event-cap' ? 'event-cap' : 'timeout';
  };

  // Set-up: the cluster, its applies and `given`, settled before recording starts.
  cluster.start();
  // The cluster's own objects (namespaces, nodes) exist before anything is applied to it.
  // The set-up settles under at least the default timeout: a short `timeout` bounds the steps, not
  // the cluster's start.
  const setUpMs = Math.max(timeout, DEFAULT_STEP_TIMEOUT_MS);
  step([], setUpMs);
  // A `wait until` of the set-up waits as long as the set-up may settle.
  ctx.waitTimeoutMs = setUpMs;
  const setUp = step([...body.applies, ...(sc.given ?? [])], setUpMs);
  ctx.waitTimeoutMs = timeout;
  if (setUp === 'event-cap' || setUp === 'time-cap') {
    const what = setUp === 'event-cap' ? `ran ${maxEvents.toLocaleString('en-US')} events` : `took more than ${formatDuration(maxStepMs)} of simulated time`;
    errors.push({ code: setUp === 'event-cap' ? 'E-EVENT-CAP' : 'E-TIME-CAP', severity: 'error', message: `the set-up (the cluster's applies and \`given\`) ${what}; it was stopped there`, span: sc.span });
  }

  sc.steps.forEach((s, i) => {
    // An action that failed stops the scenario there (LANGUAGE.md §12.1, as `set -e`).
    if (halted.yes) return;
    ctx.step = i + 1;
    progress.at = s.whenSpan ?? s.span;
    rec.beginStep(i + 1, stepTitle(s.when, i === 0 ? 0 : loop.now - rec.origin));
    const ended = step(s.when);
    rec.endStep(ended === 'time-cap' ? 'timeout' : ended);
    if (ended === 'time-cap') {
      errors.push({ code: 'E-TIME-CAP', severity: 'error', message: `step ${i + 1}'s actions were still running after ${formatDuration(maxStepMs)} of simulated time, the most a step may take; it was stopped there`, span: s.whenSpan ?? s.span, hint: 'shorten its `wait`s and `at` times, or give `wait until` a `timeout`' });
    }
    if (ended === 'event-cap') {
      errors.push({ code: 'E-EVENT-CAP', severity: 'error', message: `step ${i + 1} ran ${maxEvents.toLocaleString('en-US')} events without settling; it was stopped at ${formatMs(rec.time)}`, span: s.whenSpan ?? s.span, hint: 'something keeps the cluster busy (a crash loop with no end, a controller fighting another); set a smaller `timeout` or fix the scenario' });
    }
    if (ended === 'timeout') {
      // Not a failure: a crash loop never settles. But say so, so a slow step is not a mystery.
      errors.push({ code: 'W-STEP-TIMEOUT', severity: 'warning', message: `step ${i + 1} did not settle within ${formatDuration(timeout)} (timeout); the cluster was still busy: ${describeBusy(rec.trace, i + 1)}`, span: s.whenSpan ?? s.span, hint: 'expected for crash loops and back-offs (a shorter `timeout` ends such a step sooner); otherwise raise the scenario\'s `timeout`' });
    }
    progress.at = s.span;
    if (!halted.yes) expectations.push(...evaluateStep(s.then, rec.trace, i + 1));
  });

  const failed = expectations.some((e) => !e.ok);
  const hasError = errors.some((e) => e.severity === 'error');
  return {
    title: sc.title,
    tags: sc.tags,
    seed,
    file: file.path,
    span: sc.span,
    status: hasError ? 'error' : failed ? 'failed' : 'passed',
    expectations,
    errors,
    trace: rec.trace,
    ...(sc.diagram ? { diagram: sc.diagram } : {}),
    durationMs: performance.now() - wallStart,
  };
}

/** Vary every latency by ±fraction, deterministically from the seed (for `kscn explore`). */
function jitterLatency(l: NonNullable<ReturnType<typeof clusterSpec>['latency']>, seed: number, fraction: number): void {
  let x = seed >>> 0;
  const rnd = () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return x / 4294967296;
  };
  for (const k of Object.keys(l) as (keyof typeof l)[]) {
    const v = l[k];
    if (typeof v === 'number') (l as unknown as Record<string, number>)[k] = Math.max(0, Math.round(v * (1 - fraction + 2 * fraction * rnd())));
  }
}

/** Run every selected scenario of every file, in order. */
export async function runFiles(files: readonly CheckedFile[], opts: RunOptions = {}): Promise<RunResult> {
  const start = performance.now();
  const out: FileResult[] = [];
  let stop = false;
  for (const file of files) {
    const fr: FileResult = { path: file.path, scenarios: [], diagnostics: [] };
    out.push(fr);
    for (const sc of file.scenarios) {
      if (stop || !selected(sc, opts)) continue;
      // A turn of the event loop between scenarios: output is flushed as it goes, and a signal
      // (SIGTERM, SIGINT) is handled between two scenarios rather than after the whole run.
      await new Promise<void>((ok) => setImmediate(ok));
      await opts.onScenarioStart?.(file, sc);
      const r = runScenario(file, sc, opts);
      fr.scenarios.push(r);
      await opts.onScenarioEnd?.(r);
      if (opts.bail && r.status !== 'passed') stop = true;
    }
  }
  return { files: out, durationMs: performance.now() - start };
}
