/**
 * Runs a block of actions (LANGUAGE.md §6) in simulated time: one after another, each kubectl
 * command waiting for its answers; `at D { … }` starts a block at a time of its own while the
 * rest goes on; `as USER` changes who acts; faults change the world the components live in.
 */
import { readText } from '../lang/files.js';
import { isAbsolute, resolve } from 'node:path';
import type { Action, Selector } from '../lang/ast.js';
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
  const commandLine = a.type === 'kubectl' ? a.raw : a.type === 'apply' ? `apply -f ${a.source.kind === 'file' ? a.source.path : a.source.kind === 'manifest' ? a.source.name : '-'}` : a.type;
  // What kubectl prints is in the trace (LANGUAGE.md §12.2 `output`).
  const print = (line: string, stream: 'stdout' | 'stderr' = 'stdout') => cluster.env.rec.output(stream, line, commandLine);
  const problem = (message: string, printed?: string) => {
    ctx.problems.push({ code: 'E-ACTION', severity: 'warning', message, span: a.span });
    cluster.env.rec.note(['kubectl'], message, 'info');
    // kubectl's own error line (cmdutil.CheckErr): `error: …` unless the text is already a server error.
    if (printed !== undefined) print(/^(error: |Error from server|The \w+ "|Error: )/.test(printed) ? printed : `error: ${printed}`, 'stderr');
  };
  const exec: ExecContext = {
    client: cluster.kubectl(ctx.user),
    readObjects: (p) => readObjects(ctx.file, p),
    timestamp: () => cluster.env.timestamp(),
    after: (ms, fn) => loop.after(ms, fn),
    now: () => loop.now,
    peek: (resource, namespace, name) => cluster.server.peek(resource, namespace, name),
    print,
    // The error answer is in the trace already; the warning is what kubectl would print.
    warn: (m) => ctx.problems.push({ code: 'W-KUBECTL', severity: 'warning', message: `${a.type === 'kubectl' ? `kubectl ${a.raw}` : 'apply'}: ${m}`, span: a.span }),
  };
  switch (a.type) {
    case 'kubectl': {
      const { command, error } = parseKubectl(a.raw);
      if (!command) {
        problem(`kubectl ${a.raw}: ${error?.message}`);
        return done();
      }
      return execKubectl(command, exec, (err) => {
        if (err) problem(`kubectl ${a.raw}: ${err}`, err);
        done();
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
          problem(r.error);
          return done();
        }
        return applyObjects(exec, r.objects, undefined, () => done());
      }
      const { objects, errors } = loadManifests(text ?? '');
      if (errors.length) problem(`apply: ${errors[0]!.message}`);
      return applyObjects(exec, objects, undefined, () => done());
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
        if (evaluateState(a.state, view, { messages: trace.messages, uptoSeq: Number.MAX_SAFE_INTEGER }).ok) return done();
        if (loop.now >= deadline) {
          problem(`wait until ${a.state.text}: still not true after ${formatDuration(limit)}${a.timeoutMs === undefined ? ' (the step timeout)' : ''}; the actions after it went on`);
          return done();
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
    case 'etcdUnavailable':
      cluster.etcdUnavailable(a.ms);
      return done();
  }
}
