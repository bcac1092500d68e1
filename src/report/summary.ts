/**
 * The summary diagram (LANGUAGE.md §12.3): what a person would draw of a trace, like the seeds'
 * time-sequence drawings. Works on a selection of the trace (trace ids, before Mermaid ids):
 *
 * - **Objects made alike are drawn once.** The pods of one owner (any controller owner in their
 *   `ownerReferences`: ReplicaSet, Job, StatefulSet, DaemonSet … — no kind is special) are drawn
 *   as their first pod, the representative: a message about another pod of the group is left out
 *   when the representative's path has a message of the same shape; a message of a shape the
 *   representative's path lacks (a pod that was evicted, or could not be scheduled) is kept, once
 *   per shape, with a count. A note names the pods and the nodes they went to.
 * - **Repeated status writes fold.** A status write of an object (its request, etcd write,
 *   replies and the watch notifications it caused) is drawn once per object, step and shape of
 *   label, with a count and the range of its values (`(1→3 replicas, 0→3 ready) × 4`).
 * - **Nodes that only repeat the representative's path** (every message of theirs was left out)
 *   are drawn in the representative's node box: `worker-1..3`.
 *
 * Watch notifications to components that did nothing are already marked `idle` in the trace and
 * left out by `select`. The causal chain stays: every kind of message that happened keeps at least
 * one arrow, in time order.
 */
import type { KubeObject, Participant, Trace, TraceMessage, TraceNote } from '../trace/types.js';
import { exchanges, messageSubjects, type SelectedItem, type Selection } from './select.js';
import { naturalCompare, sortParticipants, splitParticipant } from './participants.js';

/** What the summary did, for the note in the diagram and the console. */
export interface SummaryInfo {
  /** Trace messages of the selection. */
  messages: number;
  /** Of them, left out because a drawn arrow stands for them (a representative pod's, a folded status write). */
  represented: number;
  /** The nodes were drawn as one set, each arrow naming its node. */
  mergedNodes: boolean;
  /** Groups of pods drawn once. */
  groups: { owner: string; pods: string[]; representative: string }[];
}

/** A pod group: the pods of one controller owner, in the order they appear. */
interface PodGroup {
  owner: string;
  /** `Kind name` of the owner, as a person would say it. */
  ownerLabel: string;
  pods: string[];
  rep: string;
}

/** Summarise a selection. Returns a new selection (messages relabelled, nodes merged, notes added). */
export function summarize(sel: Selection, trace: Trace): { sel: Selection; info: SummaryInfo } {
  const messages = sel.items.filter((i): i is { type: 'msg'; msg: TraceMessage } => i.type === 'msg').map((i) => i.msg);
  const { ownerOf, nodeOf } = podFacts(trace);
  const subjectsOf = new Map<number, string[]>();
  for (const m of messages) subjectsOf.set(m.seq, messageSubjects(m, sel.pulls));
  const nodeNames = new Set<string>();
  for (const p of sel.participants) { const n = splitParticipant(p).node; if (n !== undefined) nodeNames.add(n); }

  // Pod groups: pods of one owner, in order of first appearance in the drawing.
  const groupPods = new Map<string, string[]>();
  const inGroup = new Set<string>();
  for (const m of messages) {
    for (const s of subjectsOf.get(m.seq)!) {
      if (!s.startsWith('pod/')) continue;
      const pod = s.slice(4);
      const owner = ownerOf.get(pod);
      if (!owner) continue;
      const list = groupPods.get(owner.key) ?? [];
      if (!list.length) groupPods.set(owner.key, list);
      // A pod has one owner, so one set says whether it is in its group's list yet.
      if (!inGroup.has(pod)) { inGroup.add(pod); list.push(pod); }
    }
  }
  const groupOf = new Map<string, PodGroup>();
  const groups: PodGroup[] = [];
  for (const [key, pods] of groupPods) {
    if (pods.length < 2) continue;
    const owner = ownerOf.get(pods[0]!)!;
    const g: PodGroup = { owner: key, ownerLabel: owner.label, pods, rep: pods[0]! };
    groups.push(g);
    for (const p of pods) groupOf.set(p, g);
  }
  const skel = skeletonOf(nodeNames);
  const shapes = new Map<number, string>();
  const shapeOf = (m: TraceMessage): string => {
    let sh = shapes.get(m.seq);
    if (sh === undefined) shapes.set(m.seq, (sh = shape(m, subjectsOf.get(m.seq)!, skel)));
    return sh;
  };

  // The shapes of each representative's path.
  const repShapes = new Map<PodGroup, Set<string>>();
  for (const m of messages) {
    const g = aboutGroup(subjectsOf.get(m.seq)!, groupOf);
    if (g && g.member === g.group.rep) {
      let set = repShapes.get(g.group);
      if (!set) repShapes.set(g.group, (set = new Set()));
      set.add(shapeOf(m));
    }
  }

  const dropped = new Set<number>();
  const counts = new Map<number, number>();
  const firstOfShape = new Map<string, number>();
  for (const m of messages) {
    const g = aboutGroup(subjectsOf.get(m.seq)!, groupOf);
    if (!g || g.member === g.group.rep) continue;
    const sh = shapeOf(m);
    if (repShapes.get(g.group)?.has(sh)) { dropped.add(m.seq); continue; }
    // A step the representative did not take: drawn once per shape, with a count.
    const key = `${g.group.owner}\u0000${m.step}\u0000${sh}`;
    const first = firstOfShape.get(key);
    if (first === undefined) firstOfShape.set(key, m.seq);
    else { dropped.add(m.seq); counts.set(first, (counts.get(first) ?? 1) + 1); }
  }

  // Repeated status writes of one object: one arrow per object, step and shape of label.
  const labels = new Map<number, string>();
  foldStatusWrites(messages, dropped, counts, labels, subjectsOf, skel);

  // Nodes whose every message was left out fold into the representative's node.
  const alias = nodeAliases(messages, dropped, groups, nodeOf);
  // Nodes that still do different things are drawn as one set too (the drawing stays narrow),
  // each arrow of a node naming its node (`worker-2: CNI ADD → 10.244.2.2`).
  const drawnNodes = new Set<string>();
  for (const m of messages) {
    if (dropped.has(m.seq)) continue;
    for (const p of [m.from, m.to]) { const n = splitParticipant(p).node; if (n !== undefined) drawnNodes.add(alias.get(n) ?? n); }
  }
  const merged = drawnNodes.size > 1;
  if (merged) {
    const all = new Set<string>();
    for (const m of messages) for (const p of [m.from, m.to]) { const n = splitParticipant(p).node; if (n !== undefined) all.add(n); }
    const name = nodeRange([...all].sort(naturalCompare));
    for (const n of all) alias.set(n, name);
  }
  const nodePrefix = (m: TraceMessage): string => {
    if (!merged) return '';
    const n = splitParticipant(m.from).node ?? splitParticipant(m.to).node;
    return n === undefined ? '' : `${n}: `;
  };

  // The scheduler's decisions are about a pod (`queue: NAME …`): a member's is left out when it
  // ends as the representative's did (placed, or not). Other notes whose message was left out
  // go with it (an admission note with its request).
  const outcome = (n: TraceNote): string => (n.text.includes('→') ? 'placed' : 'not placed');
  const repOutcomes = new Set<string>();
  for (const it of sel.items) {
    if (it.type !== 'note' || it.note.kind !== 'decision') continue;
    const pod = decisionPod(it.note);
    if (pod && groupOf.get(pod)?.rep === pod) repOutcomes.add(`${groupOf.get(pod)!.owner} ${outcome(it.note)}`);
  }
  const droppedNote = (n: TraceNote): boolean => {
    if (n.kind === 'step') return false;
    if (n.kind === 'decision') {
      const pod = decisionPod(n);
      const g = pod ? groupOf.get(pod) : undefined;
      if (g && g.rep !== pod) return repOutcomes.has(`${g.owner} ${outcome(n)}`);
      return false;
    }
    return n.afterSeq > 0 && dropped.has(n.afterSeq);
  };
  const rename = (p: Participant): Participant => {
    const { role, node } = splitParticipant(p);
    const a = node === undefined ? undefined : alias.get(node);
    return a === undefined ? p : `${role}@${a}`;
  };

  // A representative's generated name is written short (`web-…-sklsb`): its note names the group.
  const shortNames = groups.map((g) => [g.rep, shortName(g.pods)] as const).filter(([full, short]) => full !== short);
  const shorten = (label: string): string => {
    for (const [full, short] of shortNames) if (label.includes(full)) label = label.split(full).join(short);
    return label;
  };

  // Where each group's note goes: after the first drawn message about its representative.
  const groupNoteAfter = new Map<number, PodGroup[]>();
  for (const g of groups) {
    const first = messages.find((m) => !dropped.has(m.seq) && subjectsOf.get(m.seq)!.includes(`pod/${g.rep}`));
    if (!first) continue;
    // After the message's own notes (admission), so they stay with it.
    const list = groupNoteAfter.get(first.seq) ?? [];
    list.push(g);
    groupNoteAfter.set(first.seq, list);
  }

  // Notes that say the same as one before them in the step (the admission of each request) are drawn once a step.
  const noteSeen = new Set<string>();
  const repeatNote = (n: TraceNote): boolean => {
    if (n.kind !== 'admission') return false;
    const key = `${n.step} ${n.over.join(',')} ${n.text}`;
    if (noteSeen.has(key)) return true;
    noteSeen.add(key);
    return false;
  };

  const items: SelectedItem[] = [];
  let pendingGroups: { groups: PodGroup[]; msg: TraceMessage } | undefined;
  const flushGroups = (): void => {
    if (!pendingGroups) return;
    for (const g of pendingGroups.groups) items.push({ type: 'note', note: groupNote(g, pendingGroups.msg, nodeOf) });
    pendingGroups = undefined;
  };
  for (const it of sel.items) {
    if (it.type === 'note') {
      if (droppedNote(it.note) || repeatNote(it.note)) continue;
      // The group note follows the notes that belong to its message (admission, decision).
      if (pendingGroups && it.note.afterSeq !== pendingGroups.msg.seq) flushGroups();
      items.push({ type: 'note', note: { ...it.note, over: it.note.over.map(rename) } });
      continue;
    }
    flushGroups();
    const m = it.msg;
    if (dropped.has(m.seq)) continue;
    const count = counts.get(m.seq);
    const label = labels.get(m.seq) ?? m.label;
    const short = nodePrefix(m) + shorten(label);
    const msg: TraceMessage = { ...m, from: rename(m.from), to: rename(m.to), label: count && count > 1 ? `${short} × ${count}` : short };
    items.push({ type: 'msg', msg });
    const gs = groupNoteAfter.get(m.seq);
    if (gs) pendingGroups = { groups: gs, msg };
  }
  flushGroups();

  const used = new Set<Participant>();
  for (const i of items) {
    if (i.type === 'msg') { used.add(i.msg.from); used.add(i.msg.to); } else i.note.over.forEach((p) => used.add(p));
  }
  const participants = sortParticipants([...new Set(sel.participants.map(rename))].filter((p) => used.has(p)));
  const info: SummaryInfo = {
    messages: messages.length,
    represented: dropped.size,
    mergedNodes: merged,
    groups: groups.map((g) => ({ owner: g.ownerLabel, pods: g.pods, representative: g.rep })),
  };
  return { sel: { ...sel, items, participants }, info };
}

/** The pod a scheduler's decision note is about (`queue: NAME (priority 0) · …`). */
function decisionPod(n: TraceNote): string | undefined {
  return /^queue: (\S+)/.exec(n.text)?.[1];
}

/** For each pod: its controller owner (from the stored objects' `ownerReferences`) and its node. */
function podFacts(trace: Trace): { ownerOf: Map<string, { key: string; label: string }>; nodeOf: Map<string, string> } {
  const ownerOf = new Map<string, { key: string; label: string }>();
  const nodeOf = new Map<string, string>();
  for (const c of trace.changes) {
    const obj = c.value as KubeObject | null;
    if (!obj || obj.kind !== 'Pod') continue;
    const name = obj.metadata.name;
    const refs = obj.metadata.ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0];
    if (ref && !ownerOf.has(name)) ownerOf.set(name, { key: `${obj.metadata.namespace ?? ''}/${ref.kind}/${ref.name}`, label: `${ref.kind} ${ref.name}` });
    const node = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
    if (node) nodeOf.set(name, node);
  }
  return { ownerOf, nodeOf };
}

/** The group and member pod a message is about (its first grouped pod), if any. */
function aboutGroup(subjects: string[], groupOf: Map<string, PodGroup>): { group: PodGroup; member: string } | undefined {
  for (const s of subjects) {
    if (!s.startsWith('pod/')) continue;
    const g = groupOf.get(s.slice(4));
    if (g) return { group: g, member: s.slice(4) };
  }
  return undefined;
}

/**
 * The shape of a message: who (roles, not nodes) sent what kind of message about what kind of
 * object, with the names, nodes and numbers of its label left out.
 */
function shape(m: TraceMessage, subjects: string[], skel: Skeleton): string {
  const kinds = subjects.map((s) => s.slice(0, s.indexOf('/'))).join(',');
  return `${splitParticipant(m.from).role} ${splitParticipant(m.to).role} ${m.kind} ${m.verb} ${kinds} ${skel(m.label, subjects)}`;
}

/** A label without the names of its objects and nodes, and with every number as 0. */
export function skeleton(label: string, subjects: string[], nodes: Set<string>): string {
  return skeletonOf(nodes)(label, subjects);
}

/** `skeleton` for one set of nodes (which must not change while it is used). */
export type Skeleton = (label: string, subjects: string[]) => string;

/**
 * `skeleton` for one set of nodes, fast with thousands of nodes: each node name is replaced in
 * turn (in the set's order, as a loop over all of them would), but only the names that occur in
 * the label are tried. They are found by looking up the label's pieces made of the characters of
 * node names, at the lengths node names have: a replacement writes `*`, which no name contains,
 * so it cannot make a name occur that did not before.
 */
export function skeletonOf(nodes: Set<string>): Skeleton {
  const names = [...nodes].filter((n) => n);
  const chars = new Set<string>();
  for (const n of names) for (const c of n) chars.add(c);
  const replaceAll = (s: string, n: string): string => (s.includes(n) ? s.split(n).join('*') : s);
  let find: ((s: string) => string[]) | undefined;
  if (names.length > 8 && !chars.has('*')) {
    const order = new Map(names.map((n, i) => [n, i]));
    const lengths = [...new Set(names.map((n) => n.length))].sort((a, b) => a - b);
    find = (s) => {
      const found: number[] = [];
      let i = 0;
      while (i < s.length) {
        if (!chars.has(s[i]!)) { i++; continue; }
        let j = i;
        while (j < s.length && chars.has(s[j]!)) j++;
        for (const len of lengths) {
          if (len > j - i) break;
          for (let a = i; a + len <= j; a++) {
            const at = order.get(s.slice(a, a + len));
            if (at !== undefined) found.push(at);
          }
        }
        i = j;
      }
      return [...new Set(found)].sort((a, b) => a - b).map((k) => names[k]!);
    };
  }
  return (label, subjects) => {
    let s = label;
    for (const subject of subjects) {
      const name = subject.slice(subject.indexOf('/') + 1);
      if (name) s = s.split(name).join('*');
    }
    for (const n of find ? find(s) : names) s = replaceAll(s, n);
    return s.replace(/\d+/g, '0');
  };
}

/**
 * Fold repeated status writes: every status request of an object after the first of its shape
 * in a step is left out with its exchange (etcd write, replies, the watch notifications it
 * caused); the first gets the count and a label with the range of values (`1→3`).
 */
function foldStatusWrites(messages: TraceMessage[], dropped: Set<number>, counts: Map<number, number>, labels: Map<number, string>, subjectsOf: Map<number, string[]>, skel: Skeleton): void {
  const exchange = exchanges(messages);
  const first = new Map<string, { seq: number; labels: string[] }>();
  for (const m of messages) {
    if (m.kind !== 'request' || !(m.verb === 'status' || m.hidden === 'heartbeat') || dropped.has(m.seq)) continue;
    const key = `${splitParticipant(m.from).role} ${m.step} ${m.target} ${skel(m.label, subjectsOf.get(m.seq)!)}`;
    const f = first.get(key);
    if (!f) { first.set(key, { seq: m.seq, labels: [m.label] }); continue; }
    f.labels.push(m.label);
    counts.set(f.seq, (counts.get(f.seq) ?? 1) + (counts.get(m.seq) ?? 1));
    dropped.add(m.seq);
    for (const s of exchange.get(m.seq) ?? []) dropped.add(s);
  }
  for (const f of first.values()) if (f.labels.length > 1) labels.set(f.seq, rangeLabel(f.labels[0]!, f.labels[f.labels.length - 1]!));
}

/** Two labels of one shape as one: the tokens that differ as `first→last` (`(1→3 replicas, 0→3 ready)`). */
export function rangeLabel(first: string, last: string): string {
  const sep = /([\s/(),=:]+)/;
  const a = first.split(sep);
  const b = last.split(sep);
  if (a.length !== b.length) return first;
  return a.map((t, i) => (t === b[i] ? t : `${t}→${b[i]}`)).join('');
}

/**
 * Node aliases: a node whose every message was left out, and that ran pods of a group whose
 * representative ran on another node, is drawn with that node: both become `worker-1..3`.
 */
function nodeAliases(messages: TraceMessage[], dropped: Set<number>, groups: PodGroup[], nodeOf: Map<string, string>): Map<string, string> {
  const drawnNodes = new Set<string>();
  const allNodes = new Set<string>();
  for (const m of messages) {
    for (const p of [m.from, m.to]) {
      const n = splitParticipant(p).node;
      if (n === undefined) continue;
      allNodes.add(n);
      if (!dropped.has(m.seq)) drawnNodes.add(n);
    }
  }
  const folded = new Map<string, Set<string>>();
  const taken = new Set<string>();
  for (const g of groups) {
    const home = nodeOf.get(g.rep);
    if (!home || !drawnNodes.has(home)) continue;
    for (const p of g.pods) {
      const n = nodeOf.get(p);
      if (!n || n === home || drawnNodes.has(n) || !allNodes.has(n) || taken.has(n)) continue;
      taken.add(n);
      let set = folded.get(home);
      if (!set) folded.set(home, (set = new Set([home])));
      set.add(n);
    }
  }
  const alias = new Map<string, string>();
  for (const set of folded.values()) {
    const name = nodeRange([...set].sort(naturalCompare));
    for (const n of set) alias.set(n, name);
  }
  return alias;
}

/** `worker-1..3` for a run of numbered names, `a, b` for two or three others, else `a … z (N nodes)`. */
export function nodeRange(nodes: string[]): string {
  if (nodes.length === 1) return nodes[0]!;
  const parts = nodes.map((n) => /^(.*?)(\d+)$/.exec(n));
  if (parts.every((p) => p && p[1] === parts[0]![1])) {
    const nums = parts.map((p) => Number(p![2]));
    if (nums.every((n, i) => i === 0 || n === nums[i - 1]! + 1)) return `${nodes[0]}..${parts[parts.length - 1]![2]}`;
  }
  if (nodes.length <= 3) return nodes.join(', ');
  return `${nodes[0]} … ${nodes[nodes.length - 1]} (${nodes.length} nodes)`;
}

/** A note `over` this participant spans the whole diagram. */
export const WHOLE_WIDTH = '*';

/** At most this many pod names in a group's note. */
const NAMES_SHOWN = 4;

/** The note of a pod group: `× 3 pods: web-…-sklsb, -bzhz7, -sxgmk (ReplicaSet web-7c7587d8dd) → worker-1..3`. */
function groupNote(g: PodGroup, after: TraceMessage, nodeOf: Map<string, string>): TraceNote {
  const nodes = [...new Set(g.pods.map((p) => nodeOf.get(p)).filter((n): n is string => !!n))].sort(naturalCompare);
  const where = nodes.length ? ` → ${nodes.length > 6 ? `${nodes.length} nodes (${nodeRange(nodes)})` : nodeRange(nodes)}` : '';
  const text = `× ${g.pods.length} pods: ${podNames(g.pods)} (${g.ownerLabel})${where}; drawn once`;
  return { afterSeq: after.seq, timeMs: after.timeMs, step: after.step, over: [WHOLE_WIDTH], text, kind: 'info' };
}

/** The first pod's name as `podNames` writes it (`web-…-sklsb`), or its full name. */
export function shortName(pods: string[]): string {
  return podNames(pods.slice(0, 1).concat(pods.slice(1))).split(', ')[0]!;
}

/** `web-…-sklsb, -bzhz7, -sxgmk` (the shared prefix written once), at most `NAMES_SHOWN`, then `… (N more)`. */
export function podNames(pods: string[]): string {
  let prefix = pods[0]!;
  for (const p of pods) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // Cut the prefix at a dash, so the names' own suffixes stay whole.
  const dash = prefix.lastIndexOf('-');
  prefix = dash >= 0 ? prefix.slice(0, dash + 1) : '';
  const shown = pods.slice(0, NAMES_SHOWN);
  const more = pods.length - shown.length;
  const tail = more > 0 ? `, … (${more} more)` : '';
  if (!prefix) return shown.join(', ') + tail;
  const firstDash = prefix.indexOf('-');
  const head = prefix && firstDash < prefix.length - 1 ? `${prefix.slice(0, firstDash + 1)}…-` : prefix;
  const names = shown.map((p, i) => (i === 0 ? `${head}${p.slice(prefix.length)}` : `-${p.slice(prefix.length)}`));
  return names.join(', ') + tail;
}
