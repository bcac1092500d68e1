/**
 * Keeping large diagrams readable and within Mermaid's limits: repeated messages are folded into
 * one arrow with a count (`WATCH ADDED Pod default/web-* × 10000 pods`), and a note says so.
 *
 * First, runs of consecutive messages of the same shape fold; if the diagram is still too long,
 * every message of a step folds into the first of its shape (the order of first occurrences is
 * kept), and notes of one kind likewise; last, what is still beyond the limit is cut, with a note.
 */
import type { DiagramModel, DrawItem, DrawMessage, DrawNote } from './diagram-model.js';
import { span } from './build.js';

/** Above this many arrows a diagram is folded (Mermaid stays fast and the drawing legible). */
export const MAX_MESSAGES = 150;

/** Fold a drawing with more than `max` arrows; a smaller one is returned as it is. */
export function fold(model: DiagramModel, max = MAX_MESSAGES): DiagramModel {
  const total = countMessages(model.items);
  if (total <= max) return model;
  // Folding runs is enough when there are few runs; else fold whole steps (which folds runs too).
  let items = countRuns(model.items) <= max ? foldRuns(model.items) : foldSteps(model.items);
  let cut = 0;
  if (countMessages(items) > max) ({ items, cut } = truncate(items, max));
  const shown = countMessages(items);
  const over = span(model.participants);
  const text = `${total} messages drawn as ${shown}: repeated messages are folded into one arrow with their count (× N)`
    + (cut ? `; ${cut} more not drawn (see kscn trace)` : '');
  const note: DrawNote = { type: 'note', kind: 'fold', over, text };
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
  let run: DrawMessage[] = [];
  const flush = (): void => {
    if (run.length) out.push(run.length === 1 ? run[0]! : merged(run));
    run = [];
  };
  for (const it of items) {
    if (it.type === 'msg' && run.length && run[0]!.key !== it.key) flush();
    if (it.type === 'msg') run.push(it);
    else { flush(); out.push(it); }
  }
  flush();
  return out;
}

/**
 * Every arrow folds into the first of its key, and every note into the first of its kind and
 * place, across the whole diagram but never across a step note.
 */
function foldSteps(items: DrawItem[]): DrawItem[] {
  const out: (DrawItem | DrawMessage[] | DrawNote[])[] = [];
  let msgs = new Map<string, DrawMessage[]>();
  let notes = new Map<string, DrawNote[]>();
  for (const it of items) {
    if (it.type === 'note' && (it.kind === 'step' || it.kind === 'fold' || it.kind === 'failure')) {
      msgs = new Map();
      notes = new Map();
      out.push(it);
    } else if (it.type === 'msg') {
      const group = msgs.get(it.key);
      if (group) group.push(it);
      else { const g = [it]; msgs.set(it.key, g); out.push(g); }
    } else {
      const key = `${it.kind} ${it.over.join(',')}`;
      const group = notes.get(key);
      if (group) group.push(it);
      else { const g = [it]; notes.set(key, g); out.push(g); }
    }
  }
  return out.map((g) => {
    if (!Array.isArray(g)) return g;
    if (g.length === 1) return g[0]!;
    if (g[0]!.type === 'msg') return merged(g as DrawMessage[]);
    const first = g[0] as DrawNote;
    const count = (g as DrawNote[]).reduce((n, x) => n + (x.count ?? 1), 0);
    return { ...first, count, text: `${first.text} (1 of ${count} such notes)` };
  });
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

/** One arrow for several: the label generalised over them, and the count. */
export function merged(run: DrawMessage[]): DrawMessage {
  const first = run[0]!;
  const count = run.reduce((n, m) => n + (m.count ?? 1), 0);
  const label = generalise(run.map((m) => m.label));
  return { ...first, count, label: `${label} × ${count}${unit(run, count)}` };
}

/** `× 10000 pods` when every message is about a distinct pod; `× 20 (10 pods)` otherwise. */
function unit(run: DrawMessage[], count: number): string {
  const subjects = new Set(run.map((m) => m.subjects[0]).filter((s) => s !== undefined));
  const kinds = new Set([...subjects].map((s) => s.split('/')[0]));
  if (subjects.size < 2 || kinds.size !== 1) return '';
  const kind = [...kinds][0]!;
  const plural = kind.endsWith('s') ? kind : `${kind}s`;
  return subjects.size === count ? ` ${plural}` : ` (${subjects.size} ${plural})`;
}

/**
 * Labels of the same shape, with the parts that differ replaced by their common prefix and `*`:
 * `PUT /registry/pods/default/web-1`, `…/web-2` → `PUT /registry/pods/default/web-*`.
 * Labels of different shapes give the first label and `…`.
 */
export function generalise(labels: string[]): string {
  const split = (s: string): string[] => s.split(/([\s/(),=:]+)/);
  const first = split(labels[0] ?? '');
  // Per token position, the common prefix of its variants (undefined while all are equal).
  const prefix: (string | undefined)[] = first.map(() => undefined);
  for (let n = 1; n < labels.length; n++) {
    if (labels[n] === labels[0]) continue;
    const tokens = split(labels[n]!);
    if (tokens.length !== first.length) return `${labels[0]} …`;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] === first[i]) continue;
      prefix[i] = commonPrefix([prefix[i] ?? first[i]!, tokens[i]!]);
    }
  }
  return first.map((tok, i) => (prefix[i] === undefined ? tok : `${prefix[i]}*`)).join('');
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
