/**
 * Which messages and notes of a trace a diagram draws (LANGUAGE.md §9): the default filtering
 * (no set-up step, no heartbeats, leases or Event writes) and the `show`, `hide`, `focus` and
 * `until` directives. Works on trace ids; Mermaid ids come later.
 */
import type { DiagramDecl } from '../lang/ast.js';
import { matchParticipant } from '../expect/participants.js';
import { matchPattern } from '../lang/pattern.js';
import type { Participant, Trace, TraceEvent, TraceMessage, TraceNote } from '../trace/types.js';
import { sortParticipants } from './participants.js';

/** What `select` keeps: messages and notes in drawing order, and the participants, ordered. */
export interface Selection {
  items: SelectedItem[];
  participants: Participant[];
  /** The trace's own notes that start a step (kind `step`), if it has any. */
  stepNotes: TraceNote[];
  /** Participant patterns the user listed with `show` (so no automatic folding of nodes). */
  explicitShow: boolean;
  /** The pod each image pull was made for (see `imagePulls`). */
  pulls: ReadonlyMap<number, string>;
}

export type SelectedItem = { type: 'msg'; msg: TraceMessage } | { type: 'note'; note: TraceNote };

/**
 * The objects a message is about, as `kind/name`: its target, an etcd key read as the object it
 * stores (`/registry/pods/default/x` → `pod/x`), and a `pod` attribute. An image pull names the
 * image, not a pod: `pulls` (from `imagePulls`) says for which pod it was made.
 */
export function messageSubjects(msg: TraceMessage, pulls?: ReadonlyMap<number, string>): string[] {
  const out: string[] = [];
  const key = keyToObject(msg.target);
  if (key) out.push(key);
  // An image reference (`docker.io/library/nginx`) is not an object.
  else if (msg.verb !== 'PullImage' && /^[a-z]+\/[^/]+$/.test(msg.target)) out.push(msg.target);
  if (msg.attrs.pod) out.push(`pod/${msg.attrs.pod.split('/').pop()}`);
  const pod = pulls?.get(msg.seq);
  if (pod && !out.includes(pod)) out.push(pod);
  return out;
}

/**
 * For each `PullImage` of the trace, the pod it was made for (`pod/NAME`). The CRI call names only
 * the image; the kubelet's `Pulling` Event just before it names the pod (K8S-FACTS §1). A kubelet
 * pulls one image at a time, in the order it asked (serialized pulls), so on each node the n-th
 * pull of an image goes with the n-th `Pulling "IMAGE"` Event not yet matched, at or before it.
 */
export function imagePulls(trace: Trace): Map<number, string> {
  const pending = new Map<string, TraceEvent[]>();
  for (const e of trace.events) {
    const image = /^Pulling image "(.*)"$/.exec(e.message)?.[1];
    if (e.reason !== 'Pulling' || !e.host || image === undefined || !e.object.startsWith('pod/')) continue;
    const key = `${e.host} ${image}`;
    const list = pending.get(key);
    if (list) list.push(e);
    else pending.set(key, [e]);
  }
  const out = new Map<number, string>();
  if (!pending.size) return out;
  for (const m of trace.messages) {
    if (m.verb !== 'PullImage') continue;
    const list = pending.get(`${m.from.slice(m.from.indexOf('@') + 1)} ${m.attrs.image ?? m.target}`);
    if (list?.length && list[0]!.timeMs <= m.timeMs) out.set(m.seq, list.shift()!.object);
  }
  return out;
}

/** `/registry/pods/default/busybox` → `pod/busybox`; `/registry/minions/w1` → `node/w1`. */
export function keyToObject(key: string): string | undefined {
  const m = /^\/registry\/(.+)$/.exec(key);
  if (!m) return undefined;
  const parts = m[1]!.split('/');
  let resource = parts[0]!;
  if (resource === 'services' && (parts[1] === 'specs' || parts[1] === 'endpoints')) parts.splice(1, 1);
  if (resource === 'minions') resource = 'nodes';
  const name = parts[parts.length - 1];
  if (!name || parts.length < 2) return undefined;
  return `${singular(resource)}/${name}`;
}

function singular(resource: string): string {
  const known: Record<string, string> = {
    pods: 'pod', deployments: 'deployment', replicasets: 'replicaset', services: 'service', nodes: 'node',
    endpointslices: 'endpointslice', endpoints: 'endpoints', namespaces: 'namespace', events: 'event',
    leases: 'lease', priorityclasses: 'priorityclass', bindings: 'binding',
  };
  return known[resource] ?? resource.replace(/s$/, '');
}

/** A node heartbeat (LANGUAGE.md §8): its status posted by the kubelet, or its Lease renewed. */
function isHeartbeat(msg: TraceMessage): boolean {
  return msg.hidden === 'heartbeat';
}

/** A Lease renewal (a heartbeat) or a message of its exchange. */
function isLease(msg: TraceMessage): boolean {
  return /^lease\//.test(msg.target) || msg.target.startsWith('/registry/leases/');
}

/** Is this message of a kind that `hide WORD` leaves out? `status` is the set of status exchanges. */
function hiddenBy(word: string, msg: TraceMessage, status: ReadonlySet<number>): boolean {
  switch (word) {
    case 'status': return status.has(msg.seq);
    case 'heartbeats': return isHeartbeat(msg);
    case 'leases': return isHeartbeat(msg) && isLease(msg);
    case 'responses': return msg.kind === 'response' || msg.kind === 'storage-reply';
    case 'watch': return msg.kind === 'watch';
    case 'etcd': return msg.kind === 'storage' || msg.kind === 'storage-reply';
    case 'events': return msg.hidden === 'event' || /^event\//.test(msg.target) || msg.target.startsWith('/registry/events/');
    default: return false;
  }
}

/**
 * Select what a diagram draws. `untilSeq` (from the `until` directive, evaluated by the runner)
 * drops every message after that seq and every note after it.
 */
export function select(trace: Trace, diagram: DiagramDecl | undefined, untilSeq?: number, opts: SelectOptions = {}): Selection {
  const hide = [...new Set(diagram?.hide ?? [])];
  const status = hide.includes('status') ? statusExchanges(trace.messages) : new Set<number>();
  const heartbeatSteps = opts.heartbeatSteps;
  const focus = diagram?.focus ?? [];
  const show = diagram?.show;
  const shownId = (id: Participant): boolean => !show || show.some((p) => matchParticipant(p, id));

  const pulls = imagePulls(trace);
  const kept: TraceMessage[] = [];
  const lastFocusedBySender = new Map<Participant, boolean>();
  for (const msg of trace.messages) {
    if (msg.step === 0) continue;
    if (msg.hidden && !(msg.hidden === 'heartbeat' && heartbeatSteps?.has(msg.step) && drawnHeartbeat(msg))) continue;
    // The etcd reply to the write at which `until` holds still belongs to the drawing.
    if (untilSeq !== undefined && msg.seq > untilSeq && !(msg.seq === untilSeq + 1 && msg.kind === 'storage-reply')) break;
    if (hide.length && hide.some((w) => hiddenBy(w, msg, status))) continue;
    if (focus.length) {
      const subjects = messageSubjects(msg, pulls);
      // A message about no object (an image pull whose pod is unknown) belongs to what its sender was last doing.
      const about = subjects.length
        ? subjects.some((s) => focus.some((f) => matchPattern(f, s)))
        : (lastFocusedBySender.get(msg.from) ?? false);
      if (subjects.length) lastFocusedBySender.set(msg.from, about);
      if (!about) continue;
    }
    if (!shownId(msg.from) || !shownId(msg.to)) continue;
    kept.push(msg);
  }

  const keptSeqs = new Set(kept.map((m) => m.seq));
  const notes = hide.includes('notes') ? [] : trace.notes.filter((n) => {
    if (n.step === 0 || n.kind === 'step') return false;
    if (untilSeq !== undefined && n.afterSeq > untilSeq) return false;
    if (focus.length && !(n.kind === 'decision' ? mentions(n.text, focus) : keptSeqs.has(n.afterSeq))) return false;
    return n.over.some(shownId);
  }).map((n) => ({ ...n, over: n.over.filter(shownId) }));

  const items = merge(kept, notes);
  const participants = orderParticipants(items, show);
  const stepNotes = trace.notes.filter((n) => n.kind === 'step' && n.step >= 1);
  return { items, participants, stepNotes, explicitShow: !!show, pulls };
}

/** Options of `select`. */
export interface SelectOptions {
  /** Steps whose heartbeats are drawn (the summary draws them where a node's readiness changed). */
  heartbeatSteps?: ReadonlySet<number>;
}

/**
 * Of a heartbeat's exchange, what a drawing shows: the request, the etcd write and its OK, the
 * watch notification; not the reply to the kubelet or etcd's watch echo (as for every exchange).
 */
function drawnHeartbeat(msg: TraceMessage): boolean {
  return msg.kind === 'request' || msg.kind === 'storage' || msg.kind === 'watch' || (msg.kind === 'storage-reply' && msg.verb === 'ok');
}

/**
 * The steps in which a node's readiness changed (its `Ready` condition, in the stored Node): there
 * the heartbeats are the cause, and the summary draws them.
 */
export function readinessSteps(trace: Trace): Set<number> {
  const ready = new Map<string, string>();
  const out = new Set<number>();
  for (const c of trace.changes) {
    const obj = c.value as { kind?: string; status?: { conditions?: { type: string; status: string }[] } } | null;
    if (!c.key.startsWith('/registry/minions/')) continue;
    const now = obj?.status?.conditions?.find((x) => x.type === 'Ready')?.status ?? 'gone';
    const before = ready.get(c.key);
    if (before !== undefined && before !== now && c.step >= 1) out.add(c.step);
    ready.set(c.key, now);
  }
  return out;
}

/** Every message of a status write's exchange (request, etcd write, replies, watch notifications). */
export function statusExchanges(messages: TraceMessage[]): Set<number> {
  const ex = exchanges(messages);
  const out = new Set<number>();
  for (const m of messages) {
    if (m.kind !== 'request' || m.verb !== 'status') continue;
    out.add(m.seq);
    for (const s of ex.get(m.seq) ?? []) out.add(s);
  }
  return out;
}

/** Does a note's text name an object that a focus pattern (`pod/web-*`) matches? */
function mentions(text: string, focus: string[]): boolean {
  const words = text.split(/[\s·:(),]+/).filter(Boolean);
  return focus.some((f) => {
    const name = f.slice(f.indexOf('/') + 1);
    return words.some((w) => matchPattern(name, w));
  });
}

/** Messages in seq order, each note right after the last kept message at or before its `afterSeq`. */
function merge(messages: TraceMessage[], notes: TraceNote[]): SelectedItem[] {
  const items: SelectedItem[] = [];
  const sorted = [...notes].sort((a, b) => a.afterSeq - b.afterSeq);
  let n = 0;
  for (const msg of messages) {
    while (n < sorted.length && sorted[n]!.afterSeq < msg.seq) items.push({ type: 'note', note: sorted[n++]! });
    items.push({ type: 'msg', msg });
  }
  while (n < sorted.length) items.push({ type: 'note', note: sorted[n++]! });
  return items;
}

/** Participants that take part, in §8 order, or in the order of the `show` patterns. */
function orderParticipants(items: SelectedItem[], show: string[] | undefined): Participant[] {
  const seen = new Set<Participant>();
  for (const it of items) {
    if (it.type === 'msg') { seen.add(it.msg.from); seen.add(it.msg.to); } else it.note.over.forEach((p) => seen.add(p));
  }
  const all = sortParticipants([...seen]);
  if (!show) return all;
  const out: Participant[] = [];
  for (const pattern of show) for (const id of all) if (matchParticipant(pattern, id) && !out.includes(id)) out.push(id);
  return out;
}

/**
 * For each request, the messages of its exchange: the etcd write it caused (the next write of its
 * object), etcd's reply, the apiserver's response and the watch notifications of that revision.
 */
export function exchanges(messages: TraceMessage[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const pendingWrite = new Map<string, number[]>();
  const putOf = new Map<number, number>();
  const byRev = new Map<string, number>();
  for (const m of messages) {
    if (m.kind === 'request') {
      const list = pendingWrite.get(m.target) ?? [];
      list.push(m.seq);
      pendingWrite.set(m.target, list);
      out.set(m.seq, []);
    } else if (m.kind === 'storage') {
      const obj = keyToObject(m.target);
      const req = obj ? pendingWrite.get(obj)?.shift() : undefined;
      if (req !== undefined) {
        out.get(req)!.push(m.seq);
        putOf.set(m.seq, req);
        if (m.attrs.rev && obj) byRev.set(`${obj} ${m.attrs.rev}`, req);
      }
    } else if (m.kind === 'storage-reply' && m.inReplyTo !== undefined) {
      const req = putOf.get(m.inReplyTo);
      if (req !== undefined) out.get(req)!.push(m.seq);
    } else if (m.kind === 'response' && m.inReplyTo !== undefined) {
      out.get(m.inReplyTo)?.push(m.seq);
    } else if (m.kind === 'watch' && m.attrs.rv) {
      const req = byRev.get(`${m.target} ${m.attrs.rv}`);
      if (req !== undefined) out.get(req)!.push(m.seq);
    }
  }
  return out;
}
