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
import { span, type DrawnParticipant } from './participants.js';
import { select } from './select.js';

/** Options of `toMermaid`. */
export interface MermaidOptions {
  /** The seq at which the `diagram` block's `until` first holds (from the runner); later messages are left out. */
  untilSeq?: number;
  /** Fold above this many arrows (default `MAX_MESSAGES`, 150). */
  maxMessages?: number;
  /** The runner evaluated `until` and it never held: everything is drawn, and a note at the end says so. */
  untilNeverHeld?: boolean;
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
  const sel = select(scenario.trace, diagram, opts.untilSeq);
  let model = buildModel(sel, scenario.trace.steps, diagram);
  if (opts.untilNeverHeld && diagram?.until && model.participants.length) {
    const note: DrawItem = { type: 'note', kind: 'info', over: span(model.participants), text: `until ${diagram.until.text.trim()} never held: the whole trace is drawn` };
    model = { ...model, items: [...model.items, note] };
  }
  // Fold harder until the text fits Mermaid's default size limit (GitHub renders with it).
  for (let max = opts.maxMessages ?? MAX_MESSAGES; ; max = Math.floor(max / 2)) {
    const text = print(markFailures(fold(model, max), scenario, opts.untilSeq));
    if (text.length <= MAX_TEXT || max < 10) return text;
  }
}

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
  for (const it of model.items) out.push(...itemLines(it));
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
export function wrapLabel(label: string, width = 80): string {
  if (label.length <= WRAP_AT || label.includes('\n')) return label;
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
