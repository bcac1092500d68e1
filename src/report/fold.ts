/**
 * Keeping large diagrams readable and within Mermaid's limits: repeated messages are folded into
 * one arrow with a count (`WATCH ADDED Pod default/web-* × 10000 pods`), and a note says how.
 *
 * Folding keeps the story in order. First, runs of consecutive messages of the same shape fold.
 * If the diagram is still too long, the most repeated shapes fold next, one shape at a time —
 * each into its first arrow of the step (a request's replies with it), the notes before each
 * with the note before the first: routine traffic (status updates, etcd acknowledgements,
 * watch echoes) folds away while the rarer messages that tell the story (a ReplicaSet scaled,
 * a pod created, another deleted) stay where they happened, interleaved as they were. Nothing
 * folds across a step, fold or failure note. What is still beyond the limit is cut, with a note.
 * For huge traces `buildModel` feeds a `StepFolder` directly, so no arrow per message is kept.
 */
import type { DiagramModel, DrawItem, DrawMessage, DrawNote } from './diagram-model.js';
import { span } from './participants.js';

/** Above this many arrows a diagram is folded (Mermaid stays fast and the drawing legible). */
export const MAX_MESSAGES = 150;

/** Fold a drawing with more than `max` arrows; a smaller one is returned as it is. */
export function fold(model: DiagramModel, max = MAX_MESSAGES, summary?: string, cutAt = max): DiagramModel {
  const total = model.total ?? countMessages(model.items);
  let items = model.items;
  if (countMessages(items) <= max && !model.total) return model;
  let how = summary ?? 'repeated messages are folded into one arrow with their count (× N)';
  if (countMessages(items) > max) {
    const reach = new Map<string, number>();
    const keys = model.items.map((it) => (it.type === 'msg' ? { group: groupKey(it), family: family(it) } : undefined));
    // Trial folds keep only each group's first arrow (cheap); the last one builds the labels.
    let trial = foldShapes(model.items, keys, reach, false);
    how = summary ?? 'runs of repeated messages are folded into one arrow with their count (× N)';
    while (countMessages(trial) > max) {
      const next = mostRepeated(trial, reach);
      if (next === undefined) break;
      reach.set(next, REACH[REACH.indexOf(reach.get(next) ?? 0) + 1]!);
      trial = foldShapes(model.items, keys, reach, false);
    }
    items = foldShapes(model.items, keys, reach, true);
    if (reach.size) how = 'the most repeated kinds of message are folded into one arrow with their count (× N), the others keep their place';
    if (summary) how = summary;
  }
  let cut = 0;
  if (countMessages(items) > cutAt) ({ items, cut } = truncate(items, cutAt));
  const shown = countMessages(items);
  const text = (summary ? `${total} messages as ${shown} arrows: ${how}` : `${total} messages drawn as ${shown}: ${how}`) + (cut ? `; ${cut} more not drawn (see kscn trace)` : '');
  const note: DrawNote = { type: 'note', kind: 'fold', over: span(model.participants), text };
  items = [...items];
  const firstFold = items.findIndex((i) => i.type === 'note' && i.kind === 'fold');
  items.splice(firstFold >= 0 ? firstFold + 1 : 0, 0, note);
  return { ...model, items, cut };
}

/**
 * How far a kind of message reaches to fold into an earlier arrow of its kind: at most this many
 * other arrows between them (0: runs only; Infinity: anywhere in the step). A kind moves up this
 * ladder one rung at a time, the most repeated kind first.
 */
const REACH = [0, 8, 32, Infinity];

function countMessages(items: DrawItem[]): number {
  let n = 0;
  for (const it of items) if (it.type === 'msg') n++;
  return n;
}

/** Does this note end folding (a step, fold or failure note)? */
function isBarrier(it: DrawItem): boolean {
  return it.type === 'note' && (it.kind === 'step' || it.kind === 'fold' || it.kind === 'failure');
}

/** The kind of exchange a message folds with: a write's etcd PUT and replies go with its request. */
function family(m: DrawMessage): string {
  return m.family ?? m.key;
}

/** Arrows fold together when they have the same shape and belong to the same kind of exchange. */
function groupKey(m: DrawMessage): string {
  return m.family === undefined || m.family === m.key ? m.key : `${m.family}\u0000${m.key}`;
}

/**
 * The kind of message (family) that still has the most arrows in `items` and can reach further,
 * (ties: the first drawn), or undefined when none can fold more.
 */
function mostRepeated(items: DrawItem[], reach: Map<string, number>): string | undefined {
  const count = new Map<string, number>();
  const perStep = new Map<string, number>();
  const seenThisStep = new Set<string>();
  for (const it of items) {
    if (isBarrier(it)) { seenThisStep.clear(); continue; }
    if (it.type !== 'msg') continue;
    const f = family(it);
    if (reach.get(f) === Infinity) continue;
    count.set(f, (count.get(f) ?? 0) + 1);
    if (!seenThisStep.has(groupKey(it))) { seenThisStep.add(groupKey(it)); perStep.set(f, (perStep.get(f) ?? 0) + 1); }
  }
  let best: string | undefined;
  let most = 0;
  for (const [f, n] of count) {
    // Nothing left to fold: one arrow per key and step.
    if (n > (perStep.get(f) ?? 0) && n > most) { best = f; most = n; }
  }
  return best;
}

/**
 * Fold every arrow into the last group of its key when at most `reach` (of its family; 0 by
 * default: runs) other arrows came since that group's last member, within a step. A note folds
 * with the note of the same kind and place before the group's first arrow when the arrow it
 * comes before folds into that group. `keys[i]` are item i's group key and family. Without
 * `build`, each group is only its first arrow (enough to count and to choose what to fold next).
 */
function foldShapes(items: DrawItem[], keys: ({ group: string; family: string } | undefined)[], reach: Map<string, number>, build: boolean): DrawItem[] {
  const out: (DrawItem | Group | NoteGroup)[] = [];
  let groups = new Map<string, { group?: Group; notes: Map<string, NoteGroup | DrawNote>; last: number }>();
  let pending: DrawNote[] = [];
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (isBarrier(it)) {
      out.push(...pending, it);
      pending = [];
      groups = new Map();
      continue;
    }
    if (it.type === 'note') { pending.push(it); continue; }
    at++;
    const k = keys[i]!;
    const open = groups.get(k.group);
    // A run is broken by a note between its arrows, unless the kind reaches further.
    const r = reach.get(k.family) ?? 0;
    if (open && at - open.last - 1 <= r && (r > 0 || !pending.length)) {
      open.group?.add(it);
      open.last = at;
      for (const n of pending) {
        const g = open.notes.get(noteKey(n));
        if (g instanceof NoteGroup) g.count += n.count ?? 1;
        else if (!g) out.push(n);
      }
      pending = [];
      continue;
    }
    const notes = new Map<string, NoteGroup | DrawNote>();
    for (const n of pending) {
      const g = build ? new NoteGroup(n) : n;
      if (!notes.has(noteKey(n))) notes.set(noteKey(n), g);
      out.push(g);
    }
    pending = [];
    const group = build ? new Group(it) : undefined;
    groups.set(k.group, { group, notes, last: at });
    out.push(group ?? it);
  }
  out.push(...pending);
  return out.map((g) => (g instanceof Group || g instanceof NoteGroup ? g.result() : g));
}

function noteKey(n: DrawNote): string {
  return `${n.kind} ${n.over.join(',')}`;
}

/**
 * Folds as items arrive: every arrow into the first of its key, every note into the first of its
 * kind and place, across the diagram but never across a step, fold or failure note.
 */
export class StepFolder {
  private readonly out: (DrawItem | Group | NoteGroup)[] = [];
  private msgs = new Map<string, Group>();
  private notes = new Map<string, NoteGroup>();
  /** Arrows added. */
  added = 0;

  add(it: DrawItem): void {
    if (isBarrier(it)) {
      this.msgs = new Map();
      this.notes = new Map();
      this.out.push(it);
    } else if (it.type === 'msg') {
      this.added += it.count ?? 1;
      const group = this.msgs.get(it.key);
      if (group) group.add(it);
      else { const g = new Group(it); this.msgs.set(it.key, g); this.out.push(g); }
    } else {
      const key = noteKey(it);
      const group = this.notes.get(key);
      if (group) group.count += it.count ?? 1;
      else { const g = new NoteGroup(it); this.notes.set(key, g); this.out.push(g); }
    }
  }

  items(): DrawItem[] {
    return this.out.map((g) => (g instanceof Group || g instanceof NoteGroup ? g.result() : g));
  }
}

class NoteGroup {
  count: number;
  constructor(readonly first: DrawNote) {
    this.count = first.count ?? 1;
  }

  result(): DrawNote {
    return this.count === 1 ? this.first : { ...this.first, count: this.count, text: `${this.first.text} (1 of ${this.count} such notes)` };
  }
}

/** Arrows folding into one: the first, the count, the objects and the label generalised over them. */
class Group {
  private count: number;
  private readonly subjects = new Set<string>();
  private readonly label: Generaliser;

  constructor(readonly first: DrawMessage) {
    this.count = first.count ?? 1;
    this.label = new Generaliser(first.label);
    if (first.subjects[0]) this.subjects.add(first.subjects[0]);
  }

  add(m: DrawMessage): void {
    this.count += m.count ?? 1;
    this.label.add(m.label);
    if (m.subjects[0]) this.subjects.add(m.subjects[0]);
  }

  result(): DrawMessage {
    if (this.count === 1) return this.first;
    return { ...this.first, count: this.count, label: `${this.label.result()} × ${this.count}${this.unit()}` };
  }

  /** ` pods` when every message is about a distinct pod; ` (10 pods)` when fewer; else nothing. */
  private unit(): string {
    if (this.subjects.size < 2) return '';
    let kind: string | undefined;
    for (const s of this.subjects) {
      const k = s.slice(0, s.indexOf('/'));
      if (kind !== undefined && k !== kind) return '';
      kind = k;
    }
    const plural = kind!.endsWith('s') ? kind! : `${kind}s`;
    return this.subjects.size === this.count ? ` ${plural}` : ` (${this.subjects.size} ${plural})`;
  }
}

/**
 * Labels of the same shape, with the parts that differ replaced by their common prefix and `*`:
 * `PUT /registry/pods/default/web-1`, `…/web-2` → `PUT /registry/pods/default/web-*`.
 * Labels of different shapes give the first label and `…`.
 */
export function generalise(labels: string[]): string {
  const g = new Generaliser(labels[0] ?? '');
  for (let i = 1; i < labels.length; i++) g.add(labels[i]!);
  return g.result();
}

const TOKEN_SEPARATORS = /([\s/(),=:]+)/;

class Generaliser {
  private readonly tokens: string[];
  /** Per token position, the common prefix of its variants (undefined while all are equal). */
  private readonly prefix: (string | undefined)[];
  private shapesDiffer = false;

  constructor(private readonly first: string) {
    this.tokens = first.split(TOKEN_SEPARATORS);
    this.prefix = this.tokens.map(() => undefined);
  }

  add(label: string): void {
    if (label === this.first || this.shapesDiffer) return;
    const tokens = label.split(TOKEN_SEPARATORS);
    if (tokens.length !== this.tokens.length) { this.shapesDiffer = true; return; }
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] !== this.tokens[i]) this.prefix[i] = commonPrefix(this.prefix[i] ?? this.tokens[i]!, tokens[i]!);
    }
  }

  result(): string {
    if (this.shapesDiffer) return `${this.first} …`;
    return this.tokens.map((tok, i) => (this.prefix[i] === undefined ? tok : `${this.prefix[i]}*`)).join('');
  }
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/** Keep the first `max` arrows (and the notes among them). */
function truncate(items: DrawItem[], max: number): { items: DrawItem[]; cut: number } {
  let n = 0;
  let cut = 0;
  const out: DrawItem[] = [];
  for (const it of items) {
    if (it.type === 'msg' && ++n > max) { cut += it.count ?? 1; continue; }
    if (n > max && it.type === 'note' && it.kind !== 'failure') continue;
    out.push(it);
  }
  return { items: out, cut };
}
