/**
 * A scenario's trace as a Mermaid `sequenceDiagram` (LANGUAGE.md §9), in the time-sequence view
 * of the pod flow: readable participants in §8 order, nodes boxed, the default filtering or the
 * `diagram` block's directives, a note per step, the scheduler's decisions as notes, autonumber,
 * failures marked, large traces folded. Every user string is escaped.
 */
import type { DiagramDecl } from '../lang/ast.js';
import type { ScenarioResult } from '../run/result.js';
import { buildModel } from './build.js';
import type { DiagramModel, DrawBox, DrawItem } from './diagram-model.js';
import { mermaidText } from './escape.js';
import { fold, MAX_MESSAGES } from './fold.js';
import { markFailures } from './mark.js';
import { span, splitParticipant, type DrawnParticipant } from './participants.js';
import { messageSubjects, readinessSteps, select, type Selection } from './select.js';
import type { Trace, TraceMessage } from '../trace/types.js';
import { skeletonOf, summarize, type Skeleton } from './summary.js';

/** Options of `toMermaid`. */
export interface MermaidOptions {
  /** The seq at which the `diagram` block's `until` first holds (from the runner); later messages are left out. */
  untilSeq?: number;
  /** Fold above this many arrows (default: `SUMMARY_MAX` for a summary, `MAX_MESSAGES` for `detail full`). */
  maxMessages?: number;
  /** The runner evaluated `until` and it never held: everything is drawn, and a note at the end says so. */
  untilNeverHeld?: boolean;
}

/** A summary diagram folds above this many arrows (LANGUAGE.md §12.3: "under about 60"). */
export const SUMMARY_MAX = 30;
/** Above this many arrows (when folding could not reach `SUMMARY_MAX`) a summary is cut, with a note. */
export const SUMMARY_CUT = 56;

/** A diagram and what it drew of the trace. */
export interface MermaidDiagram {
  text: string;
  detail: 'summary' | 'full';
  /** Messages of the trace the diagram's filtering kept (before summary and folding). */
  messages: number;
  /** Arrows drawn. */
  arrows: number;
  /** Messages not drawn at all, not even as a count on another arrow (cut at the size limit). */
  cut: number;
  /** Messages a summary left out because a drawn arrow or note stands for them (0 for `detail full`). */
  represented: number;
}

/**
 * The Mermaid text of a scenario's diagram, ending with a newline. Without `diagram`, the default
 * diagram; with it, its `show`, `hide`, `focus` and `group` directives apply (`until` through
 * `opts.untilSeq`, which the runner evaluates). With several `when` steps each begins with a note
 * (with one, as in TRACE-EXAMPLE.md, the note would only repeat the title). Deterministic: the
 * same result gives the same text.
 *
 * ```
 * sequenceDiagram
 *   autonumber
 *   actor kubectl
 *   participant apiserver as kube-apiserver
 *   kubectl->>apiserver: POST /api/v1/namespaces/default/pods
 * ```
 */
export function toMermaid(scenario: ScenarioResult, diagram?: DiagramDecl, opts: MermaidOptions = {}): string {
  return mermaidDiagram(scenario, diagram, opts).text;
}

/**
 * `toMermaid` with what it drew: a summary (LANGUAGE.md §12.3, the default) draws pods made
 * alike once and folds repeated status writes; `detail full` draws every message (§9).
 */
export function mermaidDiagram(scenario: ScenarioResult, diagram?: DiagramDecl, opts: MermaidOptions = {}): MermaidDiagram {
  const detail = diagram?.detail === 'full' ? 'full' : 'summary';
  const summary = detail === 'summary';
  let sel = select(scenario.trace, diagram, opts.untilSeq, summary ? { heartbeatSteps: readinessSteps(scenario.trace) } : {});
  const messages = sel.items.reduce((n, it) => n + (it.type === 'msg' ? 1 : 0), 0);
  let represented = 0;
  let changed = false;
  let how = summary ? `${SUMMARY_HOW_START}${SUMMARY_HOW_END}` : undefined;
  if (summary) {
    const s = summarize(sel, scenario.trace);
    sel = s.sel;
    represented = s.info.represented;
    changed = represented > 0 || s.info.mergedNodes;
    // Still long: routine messages are drawn once a step per shape, one kind after the other
    // (etcd's acknowledgements, then its writes, then watch notifications) while it is.
    const said: string[] = [];
    let skel: Skeleton | undefined;
    let count = sel.items.reduce((n, it) => n + (it.type === 'msg' ? 1 : 0), 0);
    for (const rung of ROUTINE) {
      if (count <= (opts.maxMessages ?? SUMMARY_MAX)) break;
      skel ??= traceSkeleton(scenario.trace);
      const r = oncePerStep(sel, rung.is, skel, rung.coarse);
      if (!r.dropped) continue;
      represented += r.dropped;
      count -= r.dropped;
      sel = r.sel;
      changed = true;
      said.push(rung.said);
    }
    if (said.length) {
      const kinds = [said.some((w) => w.startsWith('etcd')) && 'etcd', said.some((w) => w.startsWith('watch')) && 'watch'].filter(Boolean).join('/');
      how = `${SUMMARY_HOW_START}, routine ${kinds} once a step${SUMMARY_HOW_END}`;
    }
  }
  let model = buildModel(sel, scenario.trace.steps, diagram);
  if (represented) model = { ...model, total: messages };
  if (opts.untilNeverHeld && diagram?.until && model.participants.length) {
    const note: DrawItem = { type: 'note', kind: 'info', over: span(model.participants), text: `until ${diagram.until.text.trim()} never held: the whole trace is drawn` };
    model = { ...model, items: [...model.items, note] };
  }

  // Fold harder until the text fits Mermaid's default size limit (GitHub renders with it).
  for (let max = opts.maxMessages ?? (summary ? SUMMARY_MAX : MAX_MESSAGES); ; max = Math.floor(max / 2)) {
    // A summary folds towards `SUMMARY_MAX` and cuts only above `SUMMARY_CUT`.
    let folded = fold(model, max, how, summary ? Math.max(max, Math.min(SUMMARY_CUT, Math.floor(max * 1.75))) : max);
    // A summary that left nothing out is drawn as the full diagram is (the one-pod chain).
    if (summary && (changed || folded !== model)) folded = narrow(folded);
    else if (summary) folded = narrowLongNotes(folded);
    const text = print(markFailures(folded, scenario, opts.untilSeq));
    if (text.length <= MAX_TEXT || max < 10) {
      const arrows = folded.items.reduce((n, it) => n + (it.type === 'msg' ? 1 : 0), 0);
      return { text, detail, messages, arrows, cut: folded.cut ?? 0, represented };
    }
  }
}

/**
 * A summary's long notes and labels on several lines: Mermaid widens the gap between two
 * neighbours by the width of the arrows between them, and the gaps beside a note by half its
 * width, so one long line would widen the whole drawing. Only arrows between neighbours are
 * wrapped (a longer arrow has room).
 */
function narrow(model: DiagramModel): DiagramModel {
  const index = new Map(model.participants.map((p, i) => [p.mid, i]));
  const items = model.items.map((it) => {
    if (it.type === 'note') {
      // A note over the whole width has room for longer lines (half its width widens the last gap).
      const wide = it.over.length > 1 && it.over[0] === model.participants[0]?.mid && it.over[1] === model.participants[model.participants.length - 1]?.mid;
      const width = wide ? WIDE_NOTE_WIDTH : NOTE_WIDTH;
      let text = it.kind === 'decision' ? firstSentence(it.text) : it.text;
      if (it.kind !== 'failure' && text.length > width + 6 && !text.includes('\n')) text = wrapWords(text, width);
      return text === it.text ? it : { ...it, text };
    }
    let label = it.label;
    // An error's long message: its first words say what it is; `detail full` has the rest.
    if (label.length > LABEL_MAX) label = `${label.slice(0, label.lastIndexOf(' ', LABEL_MAX - 2))} …`;
    const neighbours = Math.abs((index.get(it.from) ?? 0) - (index.get(it.to) ?? 0)) === 1;
    if (neighbours && label.length > LABEL_WRAP_AT && !label.includes('\n')) label = wrapWords(label, LABEL_WIDTH);
    return label === it.label ? it : { ...it, label };
  });
  return { ...model, items };
}

/**
 * A scheduler's long verdict (`0/1 nodes are available: 1 node(s) were unschedulable. no new
 * claims to deallocate, preemption: …`) to its first sentence, which says why.
 */
function firstSentence(text: string): string {
  if (text.length <= NOTE_MAX) return text;
  const end = text.indexOf('. ');
  if (end > 0 && end < NOTE_MAX) return `${text.slice(0, end + 1)} …`;
  return `${text.slice(0, text.lastIndexOf(' ', NOTE_MAX))} …`;
}

/** A summary's scheduler notes are cut after their first sentence when longer than this. */
const NOTE_MAX = 90;

/** A summary's notes longer than arrow labels may be (`WRAP_AT`) on several lines. */
function narrowLongNotes(model: DiagramModel): DiagramModel {
  if (!model.items.some((it) => it.type === 'note' && it.text.length > WRAP_AT)) return model;
  return { ...model, items: model.items.map((it) => (it.type === 'note' && it.kind !== 'failure' && it.text.length > WRAP_AT && !it.text.includes('\n') ? { ...it, text: wrapWords(it.text, NOTE_WIDTH) } : it)) };
}

/** A summary's notes are drawn on lines of about this many characters (over the whole width: `WIDE_NOTE_WIDTH`). */
const NOTE_WIDTH = 44;
const WIDE_NOTE_WIDTH = 56;
/** A summary's labels are cut (` …`) at about this many characters. */
const LABEL_MAX = 72;
/** A summary's labels between neighbours longer than this are drawn on lines of about `LABEL_WIDTH`. */
const LABEL_WRAP_AT = 40;
const LABEL_WIDTH = 40;

/** Lines of at most `width` characters, broken at spaces, and in a longer path after a `/`, `?` or `&`. */
export function wrapWords(text: string, width: number): string {
  const pieces: string[] = [];
  // A count stays whole (`× 3 pods`): its words are glued while lines are made.
  for (const word of text.replace(/× (\d+)( pods| nodes)?/g, (m) => m.replaceAll(' ', GLUE)).split(' ')) {
    if (word.length <= width) { pieces.push(word); continue; }
    let part = '';
    for (const seg of word.split(/(?<=[/?&])/)) {
      if (part && part.length + seg.length > width) { pieces.push(part); part = ''; }
      part += seg;
    }
    if (part) pieces.push(part);
  }
  const lines: string[] = [];
  let line = '';
  for (const p of pieces) {
    // A piece that came from splitting a path joins without a space.
    if (line && line.length + 1 + p.length > width) { lines.push(line); line = p; } else line = line ? `${line} ${p}` : p;
  }
  if (line) lines.push(line);
  return lines.join('\n').replaceAll(GLUE, ' ');
}

const GLUE = '\u0001';

/** What a summary's fold note says it did. */
const SUMMARY_HOW_START = 'alike pods drawn once, repeats × N';
const SUMMARY_HOW_END = ' (detail full: all)';

/** Routine messages a long summary draws once a step per shape, in this order. */
const ROUTINE: { is: (m: TraceMessage) => boolean; said: string; coarse?: (m: TraceMessage) => string }[] = [
  { is: (m) => m.kind === 'storage-reply' && m.verb === 'ok', said: "etcd's OK" },
  { is: (m) => m.kind === 'storage', said: 'etcd writes' },
  { is: (m) => m.kind === 'watch', said: 'watch notifications' },
  // Then coarser: one etcd write per kind of object, one notification per receiver and kind.
  { is: (m) => m.kind === 'storage', said: 'etcd writes of a kind of object', coarse: (m) => `${m.verb} ${messageSubjects(m)[0]?.split('/')[0] ?? ''}` },
  { is: (m) => m.kind === 'watch', said: 'watch notifications of a kind', coarse: (m) => `${splitParticipant(m.to).role} ${m.attrs.type ?? ''} ${m.target.split('/')[0]}` },
];

/** `skeleton` with the nodes messages of the trace go to. */
function traceSkeleton(trace: Trace): Skeleton {
  const nodes = new Set<string>();
  for (const m of trace.messages) {
    const n = splitParticipant(m.to).node;
    if (n !== undefined) nodes.add(n);
  }
  return skeletonOf(nodes);
}

/** Leave out the messages `is` picks but the first of each shape (sender, receiver, label's skeleton) in each step. */
function oncePerStep(sel: Selection, is: (m: TraceMessage) => boolean, skel: Skeleton, coarse?: (m: TraceMessage) => string): { sel: Selection; dropped: number } {
  const seen = new Set<string>();
  let dropped = 0;
  const left = new Set<number>();
  const items = sel.items.filter((it) => {
    if (it.type === 'note') return !left.has(it.note.afterSeq) || it.note.kind === 'step';
    const m = it.msg;
    if (!is(m)) return true;
    const shape = `${m.step} ${splitParticipant(m.from).role} ${splitParticipant(m.to).role} ${coarse ? coarse(m) : skel(m.label, messageSubjects(m)).replace(/\S*…\S*/g, '*')}`;
    if (!seen.has(shape)) { seen.add(shape); return true; }
    dropped++;
    left.add(m.seq);
    return false;
  });
  return { sel: { ...sel, items }, dropped };
}

/** The tint behind the arrows that happened in place of an expected one (amber; a failure's mark is red). */
const INSTEAD_TINT = 'rgba(245, 158, 11, 0.25)';

/** Mermaid's default `maxTextSize` is 50,000 characters; kscn stays below it with a margin. */
export const MAX_TEXT = 48_000;

/** Print a drawing as Mermaid text. */
export function print(model: DiagramModel): string {
  const out: string[] = ['sequenceDiagram'];
  if (model.title) out.push(`  title ${mermaidText(model.title)}`);
  out.push('  autonumber');
  if (!model.participants.length) {
    out.push('  participant kscn as (no messages to draw)');
    return out.join('\n') + '\n';
  }
  const boxOf = new Map<string, DrawBox>();
  for (const b of model.boxes) for (const m of b.members) boxOf.set(m, b);
  let open: DrawBox | undefined;
  for (const p of model.participants) {
    const box = boxOf.get(p.mid);
    if (box !== open) {
      if (open) out.push('  end');
      if (box) out.push(`  box ${boxTitle(box.title)}`);
      open = box;
    }
    out.push(`${open ? '    ' : '  '}${participantLine(p)}`);
  }
  if (open) out.push('  end');
  // Consecutive highlighted arrows share one tinted rect (what happened instead of an expected message).
  let inRect = false;
  for (const it of model.items) {
    const hl = it.type === 'msg' && !!it.highlight;
    if (hl && !inRect) out.push(`  rect ${INSTEAD_TINT}`);
    if (!hl && inRect) out.push('  end');
    inRect = hl;
    out.push(...itemLines(it).map((l) => (hl ? `  ${l}` : l)));
  }
  if (inRect) out.push('  end');
  return out.join('\n') + '\n';
}

function participantLine(p: DrawnParticipant): string {
  const keyword = p.actor ? 'actor' : 'participant';
  const alias = p.node !== undefined || p.label !== p.mid;
  return alias ? `${keyword} ${p.mid} as ${mermaidText(p.label)}` : `${keyword} ${p.mid}`;
}

function itemLines(it: DrawItem): string[] {
  if (it.type === 'msg') return [`  ${it.from}${it.arrow}${it.to}: ${mermaidText(wrapLabel(it.label))}`];
  const note = `Note over ${it.over.join(',')}: ${mermaidText(it.text)}`;
  if (!it.highlight) return [`  ${note}`];
  return ['  rect rgba(220, 38, 38, 0.15)', `    ${note}`, '  end'];
}

/** Arrow labels longer than this are drawn on several lines. */
export const WRAP_AT = 100;

/**
 * A long arrow label (an API error's message) on lines of at most 80 characters, broken at
 * spaces: Mermaid sizes the gap between two participants by their widest label, so one long
 * line would spread the whole diagram and shrink every other label. Shorter labels are kept.
 */
export function wrapLabel(label: string, width = 80, wrapAt = WRAP_AT): string {
  if (label.length <= wrapAt || label.includes('\n')) return label;
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * Mermaid reads a box title's first word as a colour when it is one (`box red-1` would be a red
 * box titled `-1`), so such titles get an explicit `transparent` first.
 */
function boxTitle(title: string): string {
  const text = mermaidText(title);
  const first = /^((?:rgba?|hsla?)\s*\(|\w*)/.exec(title)?.[1] ?? '';
  return first && (first.includes('(') || CSS_COLOURS.has(first.toLowerCase())) ? `transparent ${text}` : text;
}

/** CSS colour keywords (CSS Color Module Level 4), which Mermaid would take for a box colour. */
const CSS_COLOURS = new Set((
  'transparent currentcolor inherit initial unset revert aliceblue antiquewhite aqua aquamarine azure beige bisque black ' +
  'blanchedalmond blue blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson ' +
  'cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange ' +
  'darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet ' +
  'deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold ' +
  'goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen ' +
  'lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink ' +
  'lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen ' +
  'magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue ' +
  'mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace ' +
  'olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru ' +
  'pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell ' +
  'sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise ' +
  'violet wheat white whitesmoke yellow yellowgreen accentcolor accentcolortext activetext buttonborder buttonface ' +
  'buttontext canvas canvastext field fieldtext graytext highlight highlighttext linktext mark marktext selecteditem ' +
  'selecteditemtext visitedtext'
).split(' '));
