/**
 * Runs a block of actions (LANGUAGE.md §6) in simulated time: one after another, each kubectl
 * command waiting for its answers; `at D { … }` starts a block at a time of its own while the
 * rest goes on; `as USER` changes who acts; faults change the world the components live in.
 */
import { readText } from '../lang/files.js';
import { isAbsolute, resolve } from 'node:path';
import type { Action, ExpectFailureAction, Selector } from '../lang/ast.js';
import type { ExpectationResult } from './result.js';
import { describeAction } from './describe.js';
import type { CheckedFile } from '../lang/model.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { Cluster } from '../engine/cluster.js';
import type { KubeObject } from '../trace/types.js';
import { parseKubectl } from '../kubectl/parse.js';
import { loadManifests } from '../manifests/load.js';
import { applyObjects, execKubectl, type ExecContext } from './kubectl-exec.js';
import { compilePattern } from '../lang/pattern.js';
import { expandRange } from '../lang/ranges.js';
import { matchRequirements, type Requirement } from '../engine/apiserver/selector.js';
import { imageWithTag } from '../manifests/defaults.js';
import { StateView } from '../expect/state-view.js';
import { evaluateState } from '../expect/state.js';
import { formatDuration } from './busy.js';

export interface ActionContext {
  cluster: Cluster;
  file: CheckedFile;
  user: string;
  /** Absolute simulated time at which the current `when` started (for `at`). */
  stepStart: number;
  /** Problems met while acting (a kubectl command that failed on its own terms …). */
  problems: Diagnostic[];
  /** How long `wait until` waits without a `timeout` of its own: the scenario's step timeout. */
  waitTimeoutMs?: number;
  /** `at` blocks of the current step not yet finished (shared by nested blocks). */
  pendingAt?: { n: number };
  /** The step the actions belong to (0: the set-up), for the verdicts below. */
  step?: number;
  /**
   * Verdicts on actions (LANGUAGE.md §12.1): a failed action, an `expect failure` whose action
   * succeeded or failed otherwise (not ok), and each `expect failure` block that held (ok).
   */
  verdicts?: ExpectationResult[];
  /** Set when an action failed unexpectedly: like `set -e`, the actions after it do not run. */
  halted?: { yes: boolean };
  /** Inside `expect failure`: the block, and whether one of its actions already broke it. */
  expecting?: { block: ExpectFailureAction; broken: boolean };
}

/** The pattern of `expect failure` matches anywhere in the error text (each `|` alternative). */
export function matchesFailure(pattern: string, text: string): boolean {
  return pattern.split('|').some((alt) => compilePattern(`*${alt}*`)(text));
}

/**
 * An action ended: `errors` is what kubectl (or kscn, for `wait until`) printed as errors, empty
 * when it succeeded. Records the verdict the context asks for (§12.1).
 */
function settle(a: Action, ctx: ActionContext, errors: string[], detail: string[] = []): void {
  const text = describeAction(a);
  const verdict = (message: string, details: string[]): void => {
    ctx.verdicts?.push({ span: a.span, text, step: ctx.step ?? 0, ok: false, message, details: [...details, 'the actions after it, and the step\'s `then`, did not run (an action that fails stops the scenario, as `set -e` does)'], kind: 'action' });
    if (ctx.halted) ctx.halted.yes = true;
    if (ctx.expecting) ctx.expecting.broken = true;
  };
  const ex = ctx.expecting;
  if (!ex) {
    if (errors.length) verdict(`\`${text}\` failed: ${errors[0]}`, [...errors.slice(1), ...detail]);
    return;
  }
  if (!errors.length) {
    verdict(`\`${text}\` succeeded, but \`expect failure\` says it must fail${ex.block.pattern !== undefined ? ` with "${ex.block.pattern}"` : ''}`, detail);
    return;
  }
  const pattern = ex.block.pattern;
  if (pattern !== undefined && !errors.some((e) => matchesFailure(pattern, e))) {
    verdict(`\`${text}\` failed, but not with "${pattern}": ${errors[0]}`, errors.slice(1));
  }
}

/** A predicate over pods for a selector (name pattern or labels). */
export function podMatcher(sel: Selector): (pod: KubeObject) => boolean {
  if (sel.kind === 'name') {
    const m = compilePattern(sel.pattern);
    return (p) => m(p.metadata.name);
  }
  return (p) => matchRequirements(sel.requirements as Requirement[], p.metadata.labels ?? {});
}

function readObjects(file: CheckedFile, path: string): { objects: KubeObject[]; error?: string } {
  const full = isAbsolute(path) ? path : resolve(file.dir, path);
  // Only regular files inside the project folder, as the check does (`readText`).
  const { text, error } = readText(full, file.root ? { root: file.root } : {});
  if (text === undefined) return { objects: [], error: error === 'no such file' ? `error: the path "${path}" does not exist` : `error: cannot read "${path}": ${error}` };
  const { objects, errors } = loadManifests(text);
  if (errors.length) return { objects, error: `error: ${path}:${errors[0]!.line}: ${errors[0]!.message}` };
  return { objects };
}

/** Run `actions` in order; `done` when the last has finished. */
export function runActions(actions: readonly Action[], ctx: ActionContext, done: () => void): void {
  const next = (i: number) => {
    if (i >= actions.length) return done();
    runAction(actions[i]!, ctx, () => next(i + 1));
  };
  next(0);
}

function runAction(a: Action, ctx: ActionContext, done: () => void): void {
  const { cluster } = ctx;
  const loop = cluster.env.loop;
  // Like `set -e`: after an action failed, the rest do not run.
  if (ctx.halted?.yes) return done();
  const commandLine = a.type === 'kubectl' ? a.raw : a.type === 'apply' ? `apply -f ${a.source.kind === 'file' ? a.source.path : a.source.kind === 'manifest' ? a.source.name : '-'}` : a.type;
  // What kubectl prints is in the trace (LANGUAGE.md §12.2 `output`).
  const print = (line: string, stream: 'stdout' | 'stderr' = 'stdout') => cluster.env.rec.output(stream, line, commandLine);
  /** What the action printed as errors (kubectl's stderr), in order. */
  const errors: string[] = [];
  /** An error kubectl finds itself (cmdutil.CheckErr): printed as `error: …` unless it is a server error already. */
  const ownError = (text: string) => {
    const line = /^(error: |Error from server|The \w+ "|Error: )/.test(text) ? text : `error: ${text}`;
    print(line, 'stderr');
    errors.push(line);
  };
  const finish = (detail: string[] = []) => {
    settle(a, ctx, errors, detail);
    done();
  };
  const exec: ExecContext = {
    client: cluster.kubectl(ctx.user),
    readObjects: (p) => readObjects(ctx.file, p),
    timestamp: () => cluster.env.timestamp(),
    after: (ms, fn) => loop.after(ms, fn),
    now: () => loop.now,
    peek: (resource, namespace, name) => cluster.server.peek(resource, namespace, name),
    types: cluster.server.types,
    print,
    // The error answer is in the trace already (and printed); the command fails.
    fail: (m) => void errors.push(m),
    // A warning is informative (kubectl exits 0): a note.
    warn: (m) => ctx.problems.push({ code: 'W-KUBECTL', severity: 'warning', message: `${a.type === 'kubectl' ? `kubectl ${a.raw}` : 'apply'}: ${m}`, span: a.span }),
  };
  switch (a.type) {
    case 'kubectl': {
      const types = cluster.server.types;
      const { command, error } = parseKubectl(a.raw, { resources: (w) => types.byWord(w)?.resource, discovery: true });
      if (!command) {
        ownError(error?.message ?? 'cannot read this command');
        return finish();
      }
      return execKubectl(command, exec, (err) => {
        if (err) ownError(err);
        finish();
      });
    }
    case 'apply': {
      let text: string | undefined;
      const src = a.source;
      if (src.kind === 'manifest') text = ctx.file.manifests.get(src.name)?.text;
      else if (src.kind === 'inline') text = src.text;
      else {
        const r = readObjects(ctx.file, src.path);
        if (r.error) {
          ownError(r.error);
          return finish();
        }
        return applyObjects(exec, r.objects, undefined, () => finish(), false, src.path);
      }
      const { objects, errors: bad } = loadManifests(text ?? '');
      if (bad.length) ownError(bad[0]!.message);
      // A manifest `from "x.yaml"` is that file; an inline one goes to kubectl on its stdin (`-f -`).
      const from = src.kind === 'manifest' ? ctx.file.manifests.get(src.name)?.decl.source : undefined;
      return applyObjects(exec, objects, undefined, () => finish(), false, from?.kind === 'file' && from.path ? from.path : 'STDIN');
    }
    case 'expectFailure': {
      const block = { block: a, broken: false };
      return runActions(a.actions, { ...ctx, expecting: block }, () => {
        if (!block.broken) ctx.verdicts?.push({ span: a.span, text: describeAction(a), step: ctx.step ?? 0, ok: true, message: '', details: [], kind: 'action' });
        done();
      });
    }
    case 'wait':
      loop.after(a.ms, done);
      return;
    case 'waitUntil': {
      const limit = a.timeoutMs ?? ctx.waitTimeoutMs ?? 5 * 60_000;
      const deadline = loop.now + limit;
      const trace = cluster.env.rec.trace;
      const view = new StateView(trace.changes);
      const poll = () => {
        view.applyWhile(() => true);
        if (evaluateState(a.state, view, { messages: trace.messages, uptoSeq: Number.MAX_SAFE_INTEGER }).ok) return finish();
        if (loop.now >= deadline) {
          const v = evaluateState(a.state, view, { messages: trace.messages, uptoSeq: Number.MAX_SAFE_INTEGER });
          errors.push(`still not true after ${formatDuration(limit)}${a.timeoutMs === undefined ? ' (the step timeout)' : ''}: ${v.summary}`);
          return finish(v.details);
        }
        loop.after(100, poll);
      };
      return poll();
    }
    case 'at': {
      // The step's actions are over when the `at` blocks are too: the timeout bounds only the
      // settling after them (as after `wait`). A time already past runs the block at once.
      const pending = ctx.pendingAt;
      if (pending) pending.n++;
      loop.at(Math.max(loop.now, ctx.stepStart + a.ms), () =>
        runActions(a.actions, ctx, () => {
          if (pending) pending.n--;
        }),
      );
      return done();
    }
    case 'as':
      return runActions(a.actions, { ...ctx, user: a.user }, done);
    case 'failNode':
      for (const n of expandRange(a.node).names) cluster.failNode(n);
      return done();
    case 'restoreNode':
      for (const n of expandRange(a.node).names) cluster.restoreNode(n);
      return done();
    case 'imageFails':
      cluster.faults.failingImages.add(a.image);
      cluster.faults.failingImages.add(imageWithTag(a.image));
      return done();
    case 'imagePullTime':
      cluster.faults.pullTimes.set(a.image, a.ms);
      cluster.faults.pullTimes.set(imageWithTag(a.image), a.ms);
      return done();
    case 'crash':
    case 'exit':
      cluster.faults.addCrash({ match: podMatcher(a.selector), afterMs: a.afterMs, exitCode: a.exitCode ?? 1, times: a.times, count: new Map() });
      return done();
    case 'ignoreSigterm':
      cluster.faults.ignoreSigterm.push(podMatcher(a.selector));
      return done();
    case 'probeFails': {
      const now = cluster.env.loop.now;
      cluster.faults.addProbeFault({ match: podMatcher(a.selector), probe: a.probe, fromMs: now, ...(a.forMs !== undefined ? { untilMs: now + a.forMs } : {}) });
      // The step goes on until the probe passes again.
      if (a.forMs !== undefined) cluster.env.loop.at(now + a.forMs, () => {});
      return done();
    }
    case 'useMemory':
      cluster.faults.addMemory({ match: podMatcher(a.selector), bytes: a.bytes });
      return done();
    case 'etcdUnavailable':
      cluster.etcdUnavailable(a.ms);
      return done();
  }
}
