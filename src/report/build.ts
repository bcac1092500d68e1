/**
 * From a selection of the trace to a drawing: Mermaid participants and boxes, arrows, notes,
 * and a note at the start of each step. Many nodes are drawn as one set of node participants.
 */
import type { DiagramDecl } from '../lang/ast.js';
import type { StepInfo, TraceMessage, TraceNote } from '../trace/types.js';
import type { DiagramModel, DrawBox, DrawItem, DrawMessage } from './diagram-model.js';
import { MAX_MESSAGES, StepFolder } from './fold.js';
import { drawParticipants, naturalCompare, span, splitParticipant, type DrawnParticipant } from './participants.js';
import { matchParticipant } from '../expect/participants.js';
import { messageSubjects, type Selection } from './select.js';
import { WHOLE_WIDTH } from './summary.js';

/** Above this many nodes (and without `show`), every node's participants are drawn as one set. */
export const MAX_NODES = 4;

/** Above this many messages, arrows are folded while the drawing is built (see `fold.ts`). */
const PREFOLD = 20 * MAX_MESSAGES;

/** Build the drawing of a selection. `steps` are the trace's steps (for the step notes). */
export function buildModel(sel: Selection, steps: StepInfo[], diagram?: DiagramDecl): DiagramModel {
  const times = !!diagram?.times;
  const nodes = [...new Set(sel.participants.map((p) => splitParticipant(p).node).filter((n) => n !== undefined))].sort(naturalCompare);
  const foldNodes = !sel.explicitShow && nodes.length > MAX_NODES;
  // Trace id → the id drawn (the role alone when nodes are folded).
  const drawnId = (id: string): string => {
    const { role, node } = splitParticipant(id);
    return foldNodes && node !== undefined ? `${role}@*` : id;
  };
  const ids = [...new Set(sel.participants.map(drawnId))];
  const drawn = drawParticipants(ids);
  const byId = new Map(drawn.map((d) => [d.id, d]));
  const mids = new Map<string, string>();
  const mid = (id: string): string => {
    let m = mids.get(id);
    if (m === undefined) mids.set(id, (m = byId.get(drawnId(id))!.mid));
    return m;
  };

  const { ordered, boxes } = arrange(drawn, diagram, foldNodes ? nodes : undefined);

  // A huge trace is folded as it is drawn, so no arrow per message is kept.
  const messages = sel.items.reduce((n, it) => n + (it.type === 'msg' ? 1 : 0), 0);
  const folder = messages > PREFOLD ? new StepFolder() : undefined;
  const list: DrawItem[] = [];
  const items = { push: (it: DrawItem) => (folder ? folder.add(it) : list.push(it)) };
  if (foldNodes && ordered.length) {
    const roles = ordered.filter((p) => p.node !== undefined).map((p) => p.label);
    const who = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}` : roles.join('');
    items.push({ type: 'note', kind: 'fold', over: span(ordered), text: `${nodes.length} nodes drawn as one: ${who} stand for those of every node` });
  }
  const recorded = steps.filter((s) => s.index >= 1);
  // `hide notes` leaves out every note the trace gives, the step notes too.
  const stepNotes = recorded.length > 1 && !diagram?.hide.includes('notes');
  let step = 0;
  // For folding: the last request between two participants (what a reply answers when the
  // trace does not say), each arrow's key and family, and the family of each object's last request.
  const lastRequest = new Map<string, number>();
  const keyOf = new Map<number, string>();
  const familyOf = new Map<number, string>();
  const requestFamily = new Map<string, string>();
  for (const it of sel.items) {
    const itStep = it.type === 'msg' ? it.msg.step : it.note.step;
    if (stepNotes && itStep > step && ordered.length) {
      for (const s of recorded) if (s.index > step && s.index <= itStep) items.push(stepNote(s, sel, ordered));
      step = itStep;
    }
    if (it.type === 'msg') {
      const m = drawMessage(it.msg, mid, sel.pulls);
      if (times) m.label = `${simTime(it.msg.timeMs)} ${m.label}`;
      // A reply folds with replies to the same kind of request, not with every reply, and goes
      // with its request when the most repeated kinds fold; so does the etcd write a request caused.
      const subject = m.subjects[0] ?? '';
      if (m.arrow === '-->>') {
        const request = (it.msg.inReplyTo && keyOf.has(it.msg.inReplyTo) ? it.msg.inReplyTo : undefined) ?? lastRequest.get(`${m.to} ${m.from}`);
        m.key += ` | ${request ? keyOf.get(request) : ''}`;
        if (request) m.family = familyOf.get(request);
      } else {
        lastRequest.set(`${m.from} ${m.to}`, m.seq);
        if (it.msg.kind === 'storage') m.family = requestFamily.get(subject);
        else if (it.msg.kind === 'request') requestFamily.set(subject, m.key);
      }
      m.family ??= m.key;
      keyOf.set(m.seq, m.key);
      familyOf.set(m.seq, m.family);
      items.push(m);
    } else {
      const over = it.note.over.includes(WHOLE_WIDTH) ? span(ordered) : [...new Set(it.note.over.map(mid))];
      if (over.length) items.push({ type: 'note', kind: it.note.kind, over: over.length > 2 ? [over[0]!, over[over.length - 1]!] : over, text: noteText(it.note) });
    }
  }
  if (folder) return { title: diagram?.title, participants: ordered, boxes, items: folder.items(), total: folder.added };
  return { title: diagram?.title, participants: ordered, boxes, items: list };
}

/**
 * Simulated time as the `times` directive prefixes an arrow with it: `[0.012 s]`, `[52.004 s]`
 * (seconds since the run began, to the millisecond, so a grace period can be read off).
 */
export function simTime(ms: number): string {
  return `[${(ms / 1000).toFixed(3)} s]`;
}

function stepNote(s: StepInfo, sel: Selection, ordered: DrawnParticipant[]): DrawItem {
  const own = sel.stepNotes.find((n) => n.step === s.index);
  // The runner's default title (`when #2`) says no more than the step's number.
  const named = s.title && !/^when #\d+$/.test(s.title);
  const text = own?.text ?? (named ? `Step ${s.index} · ${s.title}` : `Step ${s.index}`);
  return { type: 'note', kind: 'step', over: span(ordered), text };
}

/**
 * A note as the diagram shows it. The scheduler's decision drops its queue part (`queue: busybox
 * (priority 0) · `), as TRACE-EXAMPLE.md's diagram does: the arrow before it already names the pod.
 */
export function noteText(note: TraceNote): string {
  if (note.kind !== 'decision') return note.text;
  return note.text.replace(/^queue:[^·]*·\s*/, '').replace(/\b(filter|score): /g, '$1 ');
}

function drawMessage(msg: TraceMessage, mid: (id: string) => string, pulls: ReadonlyMap<number, string>): DrawMessage {
  const arrow = msg.kind === 'response' || msg.kind === 'storage-reply' ? '-->>' : msg.kind === 'watch' ? '-)' : '->>';
  const subjects = messageSubjects(msg, pulls);
  const objectKind = subjects[0]?.split('/')[0] ?? '';
  const from = mid(msg.from);
  const to = mid(msg.to);
  const label = msg.label || [msg.verb, msg.target].filter(Boolean).join(' ');
  return {
    type: 'msg', from, to, arrow, seq: msg.seq, subjects, label,
    key: `${from} ${arrow} ${to} ${msg.kind} ${msg.verb} ${objectKind} ${skeleton(label, subjects)}`,
  };
}

/** A label without what varies between objects of one kind (their names, numbers). */
function skeleton(label: string, subjects: string[]): string {
  let s = label;
  for (const subject of subjects) {
    const name = subject.slice(subject.indexOf('/') + 1);
    if (name) s = s.replaceAll(name, '*');
  }
  return s.replace(/\d+/g, '0');
}

/**
 * Order participants so every box's members are contiguous (Mermaid requires it): user groups
 * first claim their members; node participants left over are boxed per node (or all together
 * when nodes are folded).
 */
function arrange(drawn: DrawnParticipant[], diagram: DiagramDecl | undefined, foldedNodes?: string[]): { ordered: DrawnParticipant[]; boxes: DrawBox[] } {
  const boxOf = new Map<DrawnParticipant, DrawBox>();
  const boxes: DrawBox[] = [];
  for (const g of diagram?.groups ?? []) {
    const box: DrawBox = { title: g.title, members: [] };
    for (const pattern of g.members) {
      for (const p of drawn) {
        if (boxOf.has(p) || !matchParticipant(pattern, p.id)) continue;
        boxOf.set(p, box);
      }
    }
    boxes.push(box);
  }
  // A user group made of one node's participants takes that node's others too (a second box
  // with the node's name beside it would only confuse).
  const nodeGroup = new Map<string, DrawBox>();
  for (const box of boxes) {
    const nodes = new Set(drawn.filter((p) => boxOf.get(p) === box).map((p) => p.node));
    const [only] = nodes;
    if (nodes.size === 1 && only !== undefined && !nodeGroup.has(only)) nodeGroup.set(only, box);
  }
  const nodeBoxes = new Map<string, DrawBox>();
  for (const p of drawn) {
    if (boxOf.has(p) || p.node === undefined) continue;
    const own = foldedNodes ? undefined : nodeGroup.get(p.node);
    if (own) { boxOf.set(p, own); continue; }
    const title = foldedNodes ? foldedTitle(foldedNodes) : p.node;
    let box = nodeBoxes.get(title);
    if (!box) nodeBoxes.set(title, (box = { title, members: [] }));
    boxOf.set(p, box);
  }
  boxes.push(...nodeBoxes.values());
  const ordered: DrawnParticipant[] = [];
  const placed = new Set<DrawnParticipant>();
  for (const p of drawn) {
    if (placed.has(p)) continue;
    const box = boxOf.get(p);
    const members = box ? drawn.filter((q) => boxOf.get(q) === box) : [p];
    for (const q of members) { placed.add(q); ordered.push(q); box?.members.push(q.mid); }
  }
  return { ordered, boxes: boxes.filter((b) => b.members.length > 0) };
}

function foldedTitle(nodes: string[]): string {
  return `${nodes.length} nodes (${nodes[0]} … ${nodes[nodes.length - 1]})`;
}
