/**
 * Marking failures on a drawing (LANGUAGE.md §9): where the first failed `sequence` line
 * expected its message, a highlighted note says what was expected and where it is written; the
 * other failed expectations are listed in a highlighted note at the end.
 */
import type { ScenarioResult } from '../run/result.js';
import type { DiagramModel, DrawItem, DrawMessage, DrawNote } from './diagram-model.js';
import { span } from './participants.js';
import { matchParticipant } from '../expect/participants.js';

/** Failures named at the end of a diagram, at most. */
const MAX_LISTED = 3;

/** Add the failure marks of a scenario to its drawing (nothing for a passed one). */
export function markFailures(model: DiagramModel, scenario: ScenarioResult, untilSeq?: number): DiagramModel {
  const failed = scenario.expectations.filter((e) => !e.ok);
  if (!failed.length || !model.participants.length) return model;
  const items = [...model.items];
  const seqFail = failed.find((e) => e.failedLine && (untilSeq === undefined || e.failedLine.afterSeq <= untilSeq));
  if (seqFail?.failedLine) {
    const fl = seqFail.failedLine;
    const note: DrawNote = {
      type: 'note', kind: 'failure', highlight: true, over: overFor(model, fl.text),
      text: `✗ expected here: ${fl.text.trim()} (${where(fl.span.file, fl.span.start.line)})${closest(items, scenario, fl.text, fl.afterSeq)}`,
    };
    const at = insertionPoint(items, fl.afterSeq);
    items.splice(at, 0, note);
    // What happened instead: the next arrows of the expected sender (else to the expected
    // receiver), highlighted beside the mark.
    const instead = insteadOf(model, items, at + 1, fl.text);
    if (instead.length) {
      note.text += ' · what happened instead is highlighted';
      for (const i of instead) items[i] = { ...(items[i] as DrawMessage), highlight: true };
    }
  }
  const rest = failed.filter((e) => e !== seqFail);
  if (rest.length) {
    const lines = rest.slice(0, MAX_LISTED).map((e) => `✗ ${e.text.trim()} (${where(e.span.file, e.span.start.line)})`);
    if (rest.length > MAX_LISTED) lines.push(`… and ${rest.length - MAX_LISTED} more failed expectations`);
    items.push({ type: 'note', kind: 'failure', highlight: true, over: span(model.participants), text: lines.join('\n') });
  }
  return { ...model, items };
}

/**
 * Where the diagram shows the message most like the one expected: the first drawn arrow after
 * `afterSeq` with the line's sender, receiver and verb (` · closest: 12 PullImage nginx:1.27`,
 * by its number in the diagram), or nothing.
 */
function closest(items: DrawItem[], scenario: ScenarioResult, text: string, afterSeq: number): string {
  const m = /^\s*(\S+?)\s*->\s*(\S+?)\s*:\s*(\S+)/.exec(text);
  if (!m) return '';
  const [, from, to, verb] = m as unknown as [string, string, string, string];
  const like = scenario.trace.messages.find((t) => t.seq > afterSeq && !t.hidden && t.verb === verb && matchParticipant(from, t.from) && matchParticipant(to, t.to));
  if (!like) return '';
  let n = 0;
  for (const it of items) {
    if (it.type !== 'msg') continue;
    n++;
    if (it.seq === like.seq) return ` · closest: ${n} ${it.label}`;
  }
  return '';
}

/** At most this many arrows are highlighted as what happened in place of an expected message. */
const MAX_INSTEAD = 3;

/**
 * The items (indices from `from`) that happened in place of the message a `FROM -> TO: VERB`
 * line expected: the next arrows sent by FROM in the drawing, or if it sent none, the next
 * arrows to TO — at most `MAX_INSTEAD`, before the next step.
 */
function insteadOf(model: DiagramModel, items: DrawItem[], from: number, text: string): number[] {
  const m = /^\s*(\S+?)\s*->\s*(\S+?)\s*:/.exec(text);
  if (!m) return [];
  const idOf = new Map(model.participants.map((p) => [p.mid, p.id]));
  const pick = (pattern: string, end: 'from' | 'to'): number[] => {
    const out: number[] = [];
    for (let i = from; i < items.length && out.length < MAX_INSTEAD; i++) {
      const it = items[i]!;
      if (it.type === 'note' && it.kind === 'step') break;
      if (it.type !== 'msg') continue;
      const id = idOf.get(it[end]);
      if (id !== undefined && matchParticipant(pattern.replace(/^!/, ''), id) !== pattern.startsWith('!')) out.push(i);
    }
    return out;
  };
  const bySender = pick(m[1]!, 'from');
  return bySender.length ? bySender : pick(m[2]!, 'to');
}

/** `file.kscn:14`, with the file's base name only (diagrams travel without their folder). */
function where(file: string, line: number): string {
  return `${file.split(/[\\/]/).pop()}:${line}`;
}

/** Right after the last arrow at or before `afterSeq` (and the notes that follow it). */
function insertionPoint(items: DrawItem[], afterSeq: number): number {
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.type === 'msg') {
      if (it.seq > afterSeq) break;
      at = i + 1;
    } else if (at === i && it.kind !== 'step') at = i + 1;
  }
  return at;
}

/** The sender a `FROM -> TO: …` line names (else its receiver) if drawn; else the whole width. */
function overFor(model: DiagramModel, text: string): string[] {
  const m = /^\s*(\S+?)\s*->\s*(\S+?)\s*:/.exec(text);
  if (m) {
    const find = (pattern: string): string | undefined =>
      model.participants.find((p) => matchParticipant(pattern, p.id))?.mid;
    // One participant: a note over two is only as wide as the space between them, and the
    // text would overflow it.
    const one = find(m[1]!) ?? find(m[2]!);
    if (one) return [one];
  }
  return span(model.participants);
}

