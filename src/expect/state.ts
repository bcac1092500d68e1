/**
 * State assertions (LANGUAGE.md §7.3) evaluated over a replayed state: pods by phase, readiness,
 * node, reason and restarts; deployments and replicasets by counts; nodes by readiness, taints and
 * cordon; services by endpoints and kube-proxy rules. Each evaluation says what it found, so a
 * failure can show the actual objects.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Condition, Count, Selector, StateAssertion } from '../lang/ast.js';
import type { KubeObject, TraceMessage } from '../trace/types.js';
import { compilePattern } from '../lang/pattern.js';
import { matchRequirements, type Requirement } from '../engine/apiserver/selector.js';
import type { StateView } from './state-view.js';

export interface StateVerdict {
  ok: boolean;
  /** One line: what was found (`2 of 3 pods Running`). */
  summary: string;
  /** The actual objects, one line each. */
  details: string[];
}

/** Context beyond objects: the trace's messages up to now (for kube-proxy rules). */
export interface StateContext {
  messages: readonly TraceMessage[];
  /** Only messages with seq ≤ this count. */
  uptoSeq: number;
}

export function selectObjects(view: StateView, kind: string, sel: Selector, resource?: string): KubeObject[] {
  const every = kind === 'object' || kind === 'job' || kind === 'cronjob' || kind === 'pdb' ? view.resourceObjects(resource ?? (kind === 'pdb' ? 'poddisruptionbudgets' : `${kind}s`)) : view.objects(kind === 'endpoints' ? 'endpoints' : kind);
  // `-n NAMESPACE` (LANGUAGE.md §12.1): that namespace only; without it, every namespace.
  const all = sel.namespace === undefined ? every : every.filter((o) => o.metadata.namespace === sel.namespace);
  if (sel.kind === 'name') {
    const m = compilePattern(sel.pattern);
    return all.filter((o) => m(o.metadata.name));
  }
  return all.filter((o) => matchRequirements(sel.requirements as Requirement[], o.metadata.labels ?? {}));
}

/** `namespace/name` of a namespaced object, as failures print it (LANGUAGE.md §12.1); a node's name. */
export function nsName(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function compare(c: Count, n: number): boolean {
  return c.op === '=' ? n === c.n : c.op === '>=' ? n >= c.n : n <= c.n;
}

/** kubectl's STATUS column for a pod: a container's waiting/terminated reason, or the phase. */
export function podStatusText(pod: any): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason) return pod.status.reason;
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const r = cs.state?.waiting?.reason ?? (cs.state?.terminated && pod.status?.phase !== 'Succeeded' ? cs.state.terminated.reason : undefined);
    if (r && r !== 'ContainerCreating' && r !== 'PodInitializing') return r;
  }
  return pod.status?.phase ?? 'Pending';
}

function podReasons(pod: any): string[] {
  const out: string[] = [];
  if (pod.status?.reason) out.push(pod.status.reason);
  for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    if (cs.state?.waiting?.reason) out.push(cs.state.waiting.reason);
    if (cs.state?.terminated?.reason) out.push(cs.state.terminated.reason);
  }
  return out;
}

function isReady(pod: any): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

function restarts(pod: any): number {
  return Math.max(0, ...((pod.status?.containerStatuses ?? []) as any[]).map((c) => c.restartCount ?? 0));
}

/** Does one pod satisfy one condition? */
function podCondition(pod: any, c: Condition): boolean {
  switch (c.type) {
    case 'podState':
      if (c.anyOf) return c.anyOf.some((state) => podCondition(pod, { ...c, state, anyOf: undefined }));
      if (c.state === 'Terminating') return !!pod.metadata.deletionTimestamp;
      if (c.state === 'Ready') return isReady(pod);
      if (c.state === 'gone') return false;
      return !pod.metadata.deletionTimestamp && (pod.status?.phase ?? 'Pending') === c.state;
    case 'on':
      return !!pod.spec?.nodeName && compilePattern(c.node)(pod.spec.nodeName);
    case 'reason':
      return podReasons(pod).some(compilePattern(c.reason));
    case 'restarts':
      return compare({ op: c.op, n: c.n }, restarts(pod));
    case 'exists':
      return true;
    case 'field':
      return fieldHolds(pod, c);
    default:
      return false;
  }
}

// ---- any kind (§12.2): exists, gone, .PATH OP VALUE

type FieldCondition = Extract<Condition, { type: 'field' }>;

/** The value at a field path (undefined when absent). */
export function fieldValue(o: unknown, c: Pick<FieldCondition, 'segments'>): unknown {
  let cur: any = o;
  for (const seg of c.segments) {
    if (cur === undefined || cur === null) return undefined;
    if ('key' in seg) cur = typeof cur === 'object' && !Array.isArray(cur) ? cur[seg.key] : undefined;
    else if ('index' in seg) cur = Array.isArray(cur) ? cur[seg.index] : undefined;
    else cur = Array.isArray(cur) ? cur.find((e) => e && typeof e === 'object' && String(e[seg.where]) === seg.equals) : undefined;
  }
  return cur;
}

/** A value as kubectl's jsonpath prints it: strings bare, absent as nothing, maps and lists as JSON. */
export function fieldText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function fieldHolds(o: unknown, c: FieldCondition): boolean {
  const text = fieldText(fieldValue(o, c));
  switch (c.op) {
    case '==':
      return text === c.value;
    case '!=':
      return text !== c.value;
    case '=~':
      return new RegExp(c.value).test(text);
    default: {
      const a = Number(text);
      const b = Number(c.value);
      if (text === '' || Number.isNaN(a) || Number.isNaN(b)) return false;
      return c.op === '>=' ? a >= b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : a < b;
    }
  }
}

/** What a line's field conditions found in one object: `.status.phase is "Active"`. */
function describeFields(o: unknown, conds: readonly Condition[]): string {
  return conds
    .filter((c): c is FieldCondition => c.type === 'field')
    .map((c) => {
      const v = fieldValue(o, c);
      return `${c.path} is ${v === undefined ? 'absent' : JSON.stringify(fieldText(v))}`;
    })
    .join(', ');
}

/** The conditions every kind shares, for one object (false for those of other kinds). */
function genericCheck(o: unknown, c: Condition): boolean | undefined {
  if (c.type === 'exists') return true;
  if (c.type === 'field') return fieldHolds(o, c);
  return undefined;
}

/** A one-line description of a pod for failure reports. */
export function describePod(pod: any): string {
  const status = podStatusText(pod);
  let s = `${nsName(pod)} is ${status}${pod.spec?.nodeName ? ` on ${pod.spec.nodeName}` : ''}`;
  const r = restarts(pod);
  if (r) s += ` (${r} restart${r > 1 ? 's' : ''})`;
  const sched = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'False');
  if (sched?.message) s += `: ${sched.message}`;
  else {
    const waiting = ((pod.status?.containerStatuses ?? []) as any[]).find((c) => c.state?.waiting?.message);
    if (waiting && status !== 'CrashLoopBackOff') s += `: ${waiting.state.waiting.message}`;
  }
  return s;
}

/** The selector as written (`app=web`, `web-*`), for "no pod matching …". */
function selectorText(a: StateAssertion): string {
  const head = a.text.includes(':') ? a.text.slice(0, a.text.indexOf(':')) : a.text;
  return head.trim().replace(/^\S+\s+/, '');
}

function conditionText(a: StateAssertion): string {
  return a.text.includes(':') ? a.text.slice(a.text.indexOf(':') + 1).trim().replace(/\s+within\s+\S+$/, '') : a.text;
}

function evalPods(a: StateAssertion, pods: KubeObject[]): StateVerdict {
  const conds = a.conditions;
  const gone = conds.some((c) => c.type === 'podState' && c.state === 'gone');
  const satisfies = (p: any) => conds.every((c) => podCondition(p, c));
  const details = pods.slice(0, 10).map(describePod);
  if (pods.length > 10) details.push(`… and ${pods.length - 10} more`);
  if (gone && !a.count) {
    return { ok: pods.length === 0, summary: pods.length ? `${pods.length} matching pod${pods.length > 1 ? 's' : ''} still there` : `no pod matching ${selectorText(a)}`, details };
  }
  const n = pods.filter(satisfies).length;
  const what = conditionText(a).replace(/^(>=|<=)?\s*\d+\s+/, '');
  if (a.count) {
    if (!pods.length) return { ok: compare(a.count, 0), summary: `no pod matching ${selectorText(a)}`, details };
    return { ok: compare(a.count, n), summary: `${n} of ${pods.length} matching pod${pods.length === 1 ? '' : 's'} ${what}`, details };
  }
  if (!pods.length) return { ok: false, summary: `no pod matching ${selectorText(a)}`, details };
  const failing = pods.filter((p) => !satisfies(p));
  return {
    ok: failing.length === 0,
    summary: `${n} of ${pods.length} matching pod${pods.length === 1 ? '' : 's'} ${what}`,
    details: failing.length ? [...failing.slice(0, 10).map(describePod), ...(failing.length > 10 ? [`… and ${failing.length - 10} more`] : [])] : details,
  };
}

function evalWorkloads(a: StateAssertion, objs: KubeObject[]): StateVerdict {
  // As `kubectl rollout status` does, a status the controller wrote for an older generation of the
  // spec (observedGeneration < generation) says nothing yet about the current one.
  const stale = (o: any) => (o.status?.observedGeneration ?? 0) < (o.metadata.generation ?? 0);
  const check = (o: any, c: Condition): boolean => {
    const s = o.status ?? {};
    if (stale(o)) return false;
    if (c.type === 'workloadCount') {
      const v = c.what === 'ready' ? s.readyReplicas ?? 0 : c.what === 'replicas' ? s.replicas ?? 0 : s.updatedReplicas ?? (o.kind === 'ReplicaSet' ? s.replicas ?? 0 : 0);
      return v === c.n;
    }
    if (c.type === 'available') {
      if (o.kind === 'ReplicaSet') return (s.availableReplicas ?? 0) >= (o.spec?.replicas ?? 1);
      return (s.conditions ?? []).some((x: any) => x.type === 'Available' && x.status === 'True');
    }
    return genericCheck(o, c) ?? false;
  };
  const describe = (o: any) => {
    const st = o.status ?? {};
    const available = (st.conditions ?? []).find((x: any) => x.type === 'Available');
    const counts = [`${st.readyReplicas ?? 0} ready`, `${st.replicas ?? 0} replicas`, ...(o.kind === 'ReplicaSet' ? [] : [`${st.updatedReplicas ?? 0} updated`]), `${st.availableReplicas ?? 0} available`];
    return `${o.kind.toLowerCase()} ${nsName(o)} with ${counts.join(', ')} (spec.replicas ${o.spec?.replicas ?? 1}${available ? `, Available=${available.status}` : ''})${stale(o) ? ` — status not yet observed for generation ${o.metadata.generation} (observed ${o.status?.observedGeneration ?? 0})` : ''}`;
  };
  if (!objs.length) return { ok: false, summary: `no ${a.kind} matching ${selectorText(a)}`, details: [] };
  const failing = objs.filter((o) => !a.conditions.every((c) => check(o, c)));
  const ok = failing.length === 0;
  // One object: the summary says it all; several: the summary names the first that misses.
  const details = objs.length > 1 ? objs.map(describe) : [];
  return { ok, summary: describe(ok ? objs[0] : failing[0]), details };
}

/**
 * StatefulSets (status.replicas, readyReplicas, updatedReplicas) and DaemonSets
 * (desiredNumberScheduled, currentNumberScheduled, numberReady, updatedNumberScheduled); a status
 * written for an older generation of the spec says nothing yet about the current one.
 */
function evalSets(a: StateAssertion, objs: KubeObject[]): StateVerdict {
  const stale = (o: any) => (o.status?.observedGeneration ?? 0) < (o.metadata.generation ?? 0);
  const value = (o: any, what: string): number => {
    const s = o.status ?? {};
    if (o.kind === 'DaemonSet') return (what === 'desired' ? s.desiredNumberScheduled : what === 'scheduled' ? s.currentNumberScheduled : what === 'ready' ? s.numberReady : s.updatedNumberScheduled) ?? 0;
    return (what === 'ready' ? s.readyReplicas : what === 'replicas' ? s.replicas : s.updatedReplicas) ?? 0;
  };
  const check = (o: any) => !stale(o) && a.conditions.every((c) => (c.type === 'workloadCount' ? value(o, c.what) === c.n : genericCheck(o, c) ?? false));
  const describe = (o: any) => {
    const words = o.kind === 'DaemonSet' ? ['desired', 'scheduled', 'ready', 'updated'] : ['ready', 'replicas', 'updated'];
    const spec = o.kind === 'DaemonSet' ? '' : ` (spec.replicas ${o.spec?.replicas ?? 1})`;
    return `${o.kind.toLowerCase()} ${o.metadata.name} with ${words.map((w) => `${value(o, w)} ${w}`).join(', ')}${spec}${stale(o) ? ` — status not yet observed for generation ${o.metadata.generation} (observed ${o.status?.observedGeneration ?? 0})` : ''}`;
  };
  if (!objs.length) return { ok: false, summary: `no ${a.kind} matching ${selectorText(a)}`, details: [] };
  const failing = objs.filter((o) => !check(o));
  const ok = failing.length === 0;
  return { ok, summary: describe(ok ? objs[0] : failing[0]), details: objs.length > 1 ? objs.map(describe) : [] };
}

function evalNodes(a: StateAssertion, nodes: KubeObject[]): StateVerdict {
  const ready = (n: any) => (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status;
  const check = (n: any, c: Condition): boolean => {
    switch (c.type) {
      case 'nodeReady':
        return c.ready ? ready(n) === 'True' : ready(n) !== 'True';
      case 'taint':
        return (n.spec?.taints ?? []).some((t: any) => t.key === c.key && (c.value === undefined || (t.value ?? '') === c.value) && t.effect === c.effect);
      case 'unschedulable':
        return !!n.spec?.unschedulable;
      default:
        return genericCheck(n, c) ?? false;
    }
  };
  const describe = (n: any) => {
    const taints = (n.spec?.taints ?? []) as any[];
    return `node ${n.metadata.name} Ready=${ready(n) ?? 'Unknown'}, ${n.spec?.unschedulable ? 'unschedulable' : 'schedulable'}, ${taints.length ? `taints ${taints.map((t) => `${t.key}${t.value ? '=' + t.value : ''}:${t.effect}`).join(' ')}` : 'no taints'}`;
  };
  if (!nodes.length) return { ok: false, summary: `no node matching ${selectorText(a)}`, details: [] };
  const failing = nodes.filter((n) => !a.conditions.every((c) => check(n, c)));
  const ok = failing.length === 0;
  const details = nodes.length > 1 ? nodes.map(describe) : [];
  return { ok, summary: describe(ok ? nodes[0] : failing[0]), details };
}

function evalServices(a: StateAssertion, view: StateView, ctx: StateContext): StateVerdict {
  // A name pattern picks services (or Endpoints) by name, a label selector by their labels.
  const matching = [...new Set([...selectObjects(view, 'service', a.selector), ...selectObjects(view, 'endpoints', a.selector)].map((o) => o.metadata.name))];
  if (!matching.length) return { ok: false, summary: `no ${a.kind === 'endpoints' ? 'Endpoints' : 'service'} matching ${selectorText(a)}`, details: [] };
  const details: string[] = [];
  let ok = true;
  let firstMiss: string | undefined;
  for (const name of matching) {
    const ep = view.objects('endpoints').find((e) => e.metadata.name === name) as any;
    const ready = ((ep?.subsets ?? []) as any[]).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const perNode = new Map<string, number>();
    for (const m of ctx.messages) {
      if (m.seq > ctx.uptoSeq) break;
      if (m.kind === 'iptables' && m.target === `service/${name}`) perNode.set(m.to, Number(m.attrs.rules ?? 0));
    }
    const ruleNodes = [...perNode.values()].filter((n) => n > 0).length;
    details.push(`${a.kind} ${name} with ${ready} ready endpoint${ready === 1 ? '' : 's'}, kube-proxy rules on ${ruleNodes} node${ruleNodes === 1 ? '' : 's'}`);
    const miss = a.conditions.some((c) => (c.type === 'endpoints' && ready !== c.n) || (c.type === 'rules' && ruleNodes !== c.n));
    if (miss) {
      ok = false;
      firstMiss ??= details[details.length - 1];
    }
  }
  return { ok, summary: firstMiss ?? details[0]!, details: details.length > 1 ? details : [] };
}

/** A Job's line: `job pi with 2 succeeded, 0 failed, 0 active, Complete`. */
function describeJob(j: any): string {
  const s = j.status ?? {};
  const conds = ((s.conditions ?? []) as any[]).filter((c) => c.status === 'True').map((c) => c.type);
  return `job ${j.metadata.name} with ${s.succeeded ?? 0} succeeded, ${s.failed ?? 0} failed, ${s.active ?? 0} active${conds.length ? `, ${conds.join(', ')}` : ''} (completions ${j.spec?.completions ?? 'unset'})`;
}

function jobCheck(j: any, c: Condition): boolean {
  const s = j.status ?? {};
  const cond = (type: string) => ((s.conditions ?? []) as any[]).some((x) => x.type === type && x.status === 'True');
  if (c.type === 'jobState') return cond(c.state === 'complete' ? 'Complete' : 'Failed');
  if (c.type === 'jobCount') return (s[c.what] ?? 0) === c.n;
  return genericCheck(j, c) ?? false;
}

/** The Jobs a CronJob controls, in the view. */
function cronJobJobs(view: StateView, cj: KubeObject): KubeObject[] {
  return view.resourceObjects('jobs').filter((j) => (j.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === cj.metadata.uid));
}

function evalObjects(a: StateAssertion, objs: KubeObject[], check: (o: any, c: Condition) => boolean, describe: (o: any) => string): StateVerdict {
  const what = a.kind === 'object' ? (a.resource ?? 'object').replace(/s$/, '') : a.kind;
  if (a.conditions.some((c) => c.type === 'gone')) {
    return { ok: objs.length === 0, summary: objs.length ? `${objs.length} matching ${what}${objs.length > 1 ? 's' : ''} still there: ${objs.slice(0, 5).map((o) => o.metadata.name).join(', ')}` : `no ${what} matching ${selectorText(a)}`, details: [] };
  }
  if (!objs.length) return { ok: false, summary: `no ${what} matching ${selectorText(a)}`, details: [] };
  const failing = objs.filter((o) => !a.conditions.every((c) => check(o, c)));
  const ok = failing.length === 0;
  const details = objs.length > 1 ? objs.slice(0, 10).map(describe) : [];
  return { ok, summary: describe(ok ? objs[0] : failing[0]), details };
}

/** Evaluate an assertion against the state now in `view`. */
export function evaluateState(a: StateAssertion, view: StateView, ctx: StateContext): StateVerdict {
  const withFields = (describe: (o: any) => string) => (o: any) => {
    const f = describeFields(o, a.conditions);
    return f ? `${describe(o)}; ${f}` : describe(o);
  };
  if (a.kind !== 'pod' && a.conditions.length && a.conditions.every((c) => c.type === 'exists' || c.type === 'gone' || c.type === 'field')) {
    const objs = selectObjects(view, a.kind === 'endpoints' || a.kind === 'service' || a.kind === 'node' || a.kind === 'deployment' || a.kind === 'replicaset' ? a.kind : a.kind, a.selector, a.resource);
    const what = a.kind === 'object' ? (a.resource ?? 'object').replace(/s$/, '') : a.kind;
    return evalObjects(a, objs, (o, c) => genericCheck(o, c) ?? false, withFields((o) => `${what} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`));
  }
  switch (a.kind) {
    case 'job':
      return evalObjects(a, selectObjects(view, 'job', a.selector, 'jobs'), jobCheck, withFields(describeJob));
    case 'cronjob': {
      const describe = (cj: any) => `cronjob ${cj.metadata.name} with ${(cj.status?.active ?? []).length} active, ${cronJobJobs(view, cj).length} jobs${cj.status?.lastScheduleTime ? `, last scheduled ${cj.status.lastScheduleTime}` : ''}`;
      const check = (cj: any, c: Condition) => {
        if (c.type === 'cronjobCount') return (c.what === 'active' ? (cj.status?.active ?? []).length : cronJobJobs(view, cj).length) === c.n;
        return genericCheck(cj, c) ?? false;
      };
      return evalObjects(a, selectObjects(view, 'cronjob', a.selector, 'cronjobs'), check, withFields(describe));
    }
    case 'pdb': {
      const describe = (b: any) => `pdb ${b.metadata.name} with ${b.status?.disruptionsAllowed ?? 0} allowed (${b.status?.currentHealthy ?? 0} healthy, ${b.status?.desiredHealthy ?? 0} needed)`;
      const check = (b: any, c: Condition) => (c.type === 'pdbAllowed' ? (b.status?.disruptionsAllowed ?? 0) === c.n : genericCheck(b, c) ?? false);
      return evalObjects(a, selectObjects(view, 'pdb', a.selector, 'poddisruptionbudgets'), check, withFields(describe));
    }
    case 'object':
      return evalObjects(a, selectObjects(view, 'object', a.selector, a.resource), (o, c) => genericCheck(o, c) ?? false, withFields((o) => `${o.kind.toLowerCase()} ${o.metadata.name}`));
    case 'pod':
      return evalPods(a, selectObjects(view, 'pod', a.selector));
    case 'deployment':
    case 'replicaset':
      return evalWorkloads(a, selectObjects(view, a.kind, a.selector));
    case 'statefulset':
    case 'daemonset':
      return evalSets(a, selectObjects(view, a.kind, a.selector));
    case 'node':
      return evalNodes(a, selectObjects(view, 'node', a.selector));
    case 'service':
    case 'endpoints':
      return evalServices(a, view, ctx);
  }
}
