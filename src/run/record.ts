/**
 * `kscn record`: from a run's trace, the `then { … }` block of each step that the run meets,
 * ready to paste: a `sequence` of the key shown messages, `events` per pod, and state lines at
 * the end of the step. Generated names become patterns (`web-7f9c-x2k9p` → `web-*`), so the
 * block still holds when a hash changes.
 *
 * Why it holds: each sequence line is a generalisation of a message in trace order, and greedy
 * matching never takes a later message than the one the line came from.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ScenarioResult } from './result.js';
import type { KubeObject, Trace, TraceMessage } from '../trace/types.js';
import { StateView } from '../expect/state-view.js';
import { podStatusText } from '../expect/state.js';

/** What one step's recorded `then` holds, line by line (without braces or indentation). */
export interface RecordedStep {
  step: number;
  /** The lines of a `sequence { … }` block, in order. */
  sequence: string[];
  /** `events …`, then state lines. */
  lines: string[];
}

/** Verbs worth a sequence line: what a person follows in the pod flow. */
const KEY_KINDS = new Set(['request', 'watch', 'cri', 'iptables']);
/** Per-node components whose node is left out of the pattern (`kubelet`, not `kubelet@worker-1`). */
const PER_NODE = /^(kubelet|runtime|cni|kube-proxy|iptables)@/;

/** Map every generated object name (from generateName or an owner) to a pattern: `web-*`. */
export function generatedNames(trace: Trace): Map<string, string> {
  const objs = new Map<string, KubeObject>();
  for (const c of trace.changes) if (c.value) objs.set(`${c.value.kind}/${c.value.metadata.name}`, c.value);
  const root = (o: KubeObject, depth = 0): string => {
    const owner = o.metadata.ownerReferences?.[0];
    const parent = owner && objs.get(`${owner.kind}/${owner.name}`);
    if (owner && depth < 5) return parent ? root(parent, depth + 1) : owner.name;
    return o.metadata.name;
  };
  const out = new Map<string, string>();
  for (const o of objs.values()) {
    const owned = !!o.metadata.ownerReferences?.length;
    if (!owned && !o.metadata.generateName) continue;
    const base = owned ? root(o) : o.metadata.generateName!.replace(/-$/, '');
    if (o.metadata.name.startsWith(base) && o.metadata.name !== base) out.set(o.metadata.name, `${base}-*`);
  }
  return out;
}

/** Replace generated names in a target (`pod/NAME`, an etcd key). */
function patterned(text: string, names: Map<string, string>): string {
  return text.replace(/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/g, (w) => names.get(w) ?? w);
}

function participant(p: string): string {
  return PER_NODE.test(p) ? p.slice(0, p.indexOf('@')) : p;
}

function sequenceLine(m: TraceMessage, names: Map<string, string>): string {
  const attrs: string[] = [];
  if (m.kind === 'watch' && m.attrs.type) attrs.push(`type=${m.attrs.type}`);
  if (m.verb === 'bind' && m.attrs.node) attrs.push(`node=${m.attrs.node}`);
  if (m.verb === 'status' && m.attrs.phase) attrs.push(`phase=${m.attrs.phase}`);
  if (m.from === 'kubectl' && m.attrs.user && m.attrs.user !== 'admin') attrs.push(`user=${m.attrs.user}`);
  if (m.from === 'kubectl' && m.attrs.ns && m.attrs.ns !== 'default') attrs.push(`ns=${m.attrs.ns}`);
  if (m.kind === 'response') attrs.push(`code=${m.attrs.code}`);
  // An image reference may hold `:` and `@`; a glob on its name keeps the line simple.
  const target = m.kind === 'cri' && m.verb === 'PullImage' ? `${m.target.split(/[:@]/)[0]}*` : patterned(m.target, names);
  return [`${participant(m.from)} -> ${participant(m.to)}: ${m.verb} ${target}`, ...attrs].join(' ');
}

/** The longest common subsequence of two reason lists. */
function lcs(a: string[], b: string[]): string[] {
  const t = a.map(() => new Array<number>(b.length + 1).fill(0));
  t.push(new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const out: string[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
    else j++;
  }
  return out;
}

function eventLines(trace: Trace, step: number, names: Map<string, string>): string[] {
  const byObject = new Map<string, string[]>();
  for (const e of trace.events) if (e.step === step && e.object.startsWith('pod/')) (byObject.get(e.object) ?? byObject.set(e.object, []).get(e.object)!).push(e.reason);
  // Pods that share a pattern share one line: the reasons every one of them had, in order.
  const byPattern = new Map<string, string[]>();
  for (const [obj, reasons] of byObject) {
    const p = patterned(obj, names);
    const prev = byPattern.get(p);
    byPattern.set(p, prev ? lcs(prev, reasons) : reasons);
  }
  return [...byPattern].filter(([, r]) => r.length).map(([p, r]) => `events ${p}: ${r.join(', ')}`);
}

function podLines(view: StateView, touched: Set<string>, names: Map<string, string>): string[] {
  const pods = view.objects('pod') as any[];
  const now = new Set(pods.map((p) => p.metadata.name as string));
  const groups = new Map<string, string[]>();
  const out: string[] = [];
  for (const p of pods) {
    const status = podStatusText(p);
    const phase = p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending');
    const cond = status !== phase && status !== 'Terminating' ? `${phase} and reason ${status}` : phase;
    const pattern = names.get(p.metadata.name);
    if (pattern) (groups.get(`${pattern}\0${cond}`) ?? groups.set(`${pattern}\0${cond}`, []).get(`${pattern}\0${cond}`)!).push(p.metadata.name);
    else out.push(`pod ${p.metadata.name}: ${cond}`);
  }
  for (const [key, members] of groups) {
    const [pattern, cond] = key.split('\0') as [string, string];
    const total = pods.filter((p) => names.get(p.metadata.name) === pattern).length;
    // A count is exact, so several groups under one pattern each hold.
    out.push(total === members.length ? `pods ${pattern}: ${cond}` : `pods ${pattern}: ${members.length} ${cond}`);
  }
  for (const name of touched) if (!now.has(name) && !names.has(name)) out.push(`pod ${name}: gone`);
  return out;
}

function otherLines(view: StateView): string[] {
  const out: string[] = [];
  for (const d of view.objects('deployment') as any[]) out.push(`deployment ${d.metadata.name}: ${d.status?.readyReplicas ?? 0} ready`);
  for (const n of view.objects('node') as any[]) {
    const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
    if (!ready) out.push(`node ${n.metadata.name}: NotReady`);
    if (n.spec?.unschedulable) out.push(`node ${n.metadata.name}: unschedulable`);
  }
  return out;
}

/** The expectations each step of a run meets. */
export function recordSteps(r: ScenarioResult): RecordedStep[] {
  const trace = r.trace;
  const names = generatedNames(trace);
  const steps = trace.steps.filter((s) => s.index > 0);
  return steps.map((s) => {
    // Key messages, and every refusal a client got (a 403 is often the point of a scenario).
    const msgs = trace.messages.filter((m) => m.step === s.index && !m.hidden && (KEY_KINDS.has(m.kind) || (m.kind === 'response' && Number(m.attrs.code) >= 400)));
    const sequence: string[] = [];
    for (const m of msgs) {
      const line = sequenceLine(m, names);
      if (sequence[sequence.length - 1] !== line) sequence.push(line);
    }
    const view = new StateView(trace.changes);
    view.applyWhile((c) => c.step <= s.index);
    const touched = new Set(trace.changes.filter((c) => c.step === s.index && c.key.startsWith('/registry/pods/')).map((c) => c.key.split('/').pop()!));
    return { step: s.index, sequence, lines: [...eventLines(trace, s.index, names), ...podLines(view, touched, names), ...otherLines(view)] };
  });
}

/** One step's block as text: `then {`, the sequence, the lines, `}`, indented by `indent`. */
export function formatThen(s: RecordedStep, indent = '  '): string {
  const i2 = indent + '  ';
  const body = [...(s.sequence.length ? [`${i2}sequence {`, ...s.sequence.map((l) => `${i2}  ${l}`), `${i2}}`] : []), ...s.lines.map((l) => i2 + l)];
  return [`${indent}then {`, ...body, `${indent}}`].join('\n') + '\n';
}
