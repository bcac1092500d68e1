/**
 * Keeping large diagrams readable and within Mermaid's limits: repeated messages are folded into
 * one arrow with a count (`WATCH ADDED Pod default/web-* × 10000 pods`), and a note says so.
 *
 * First, runs of consecutive messages of the same shape fold; if the diagram is still too long,
 * every message of a step folds into the first of its shape (the order of first occurrences is
 * kept), and notes of one kind likewise; last, what is still beyond the limit is cut, with a note.
 * For huge traces `buildModel` feeds a `StepFolder` directly, so no arrow per message is kept.
 */
import type { DiagramModel, DrawItem, DrawMessage, DrawNote } from './diagram-model.js';
import { span } from './participants.js';

/** Above this many arrows a diagram is folded (Mermaid stays fast and the drawing legible). */
export const MAX_MESSAGES = 150;

/** Fold a drawing with more than `max` arrows; a smaller one is returned as it is. */
export function fold(model: DiagramModel, max = MAX_MESSAGES): DiagramModel {
  const total = model.total ?? countMessages(model.items);
  let items = model.items;
  if (countMessages(items) <= max && !model.total) return model;
  if (countMessages(items) > max) {
    // Folding runs is enough when there are few runs; else fold whole steps (which folds runs too).
    items = countRuns(items) <= max ? foldRuns(items) : foldSteps(items);
  }
  let cut = 0;
  if (countMessages(items) > max) ({ items, cut } = truncate(items, max));
  const shown = countMessages(items);
  const text = `${total} messages drawn as ${shown}: repeated messages are folded into one arrow with their count (× N)`
    + (cut ? `; ${cut} more not drawn (see kscn trace)` : '');
  const note: DrawNote = { type: 'note', kind: 'fold', over: span(model.participants), text };
  items = [...items];
  const firstFold = items.findIndex((i) => i.type === 'note' && i.kind === 'fold');
  items.splice(firstFold >= 0 ? firstFold + 1 : 0, 0, note);
  return { ...model, items };
}

function countMessages(items: DrawItem[]): number {
  let n = 0;
  for (const it of items) if (it.type === 'msg') n++;
  return n;
}

/** How many arrows `foldRuns` would leave. */
function countRuns(items: DrawItem[]): number {
  let n = 0;
  let last: string | undefined;
  for (const it of items) {
    if (it.type === 'msg' && it.key === last) continue;
    if (it.type === 'msg') n++;
    last = it.type === 'msg' ? it.key : undefined;
  }
  return n;
}

/** Consecutive arrows with the same key become one. */
function foldRuns(items: DrawItem[]): DrawItem[] {
  const out: DrawItem[] = [];
  let run: Group | undefined;
  for (const it of items) {
    if (it.type === 'msg' && run?.first.key === it.key) { run.add(it); continue; }
    if (run) out.push(run.result());
    run = undefined;
    if (it.type === 'msg') run = new Group(it);
    else out.push(it);
  }
  if (run) out.push(run.result());
  return out;
}

function foldSteps(items: DrawItem[]): DrawItem[] {
  const folder = new StepFolder();
  for (const it of items) folder.add(it);
  return folder.items();
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
    if (it.type === 'note' && (it.kind === 'step' || it.kind === 'fold' || it.kind === 'failure')) {
      this.msgs = new Map();
      this.notes = new Map();
      this.out.push(it);
    } else if (it.type === 'msg') {
      this.added += it.count ?? 1;
      const group = this.msgs.get(it.key);
      if (group) group.add(it);
      else { const g = new Group(it); this.msgs.set(it.key, g); this.out.push(g); }
    } else {
      const key = `${it.kind} ${it.over.join(',')}`;
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
