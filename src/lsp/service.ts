/**
 * The language service behind `kscn lsp`: what an editor asks about one `.kscn` text, answered
 * from kscn's own parser and checker (no second grammar). Positions are LSP's: 0-based line and
 * UTF-16 character. Every function is pure over the text and what the check read.
 *
 * - diagnostics: `checkSource` on the text as it is typed (imports read from the open editors or the disk)
 * - completion: Chevrotain's content assist for the keywords the grammar allows at the cursor,
 *   plus the names that fit where the cursor is: clusters, manifests, nodes, kubectl commands,
 *   participants, Event reasons
 * - hover: a participant's role, a manifest's kind and name, a duration in seconds
 * - definition: clusters, manifests (in this file or an imported one), imported files, YAML files
 * - formatting: `kscn fmt`; code actions: the "did you mean" hints as quick fixes
 */
import { dirname, relative, resolve } from 'node:path';
import type { TokenType } from 'chevrotain';
import { parse as parseYaml } from 'yaml';
import type { ClusterDecl, KscnFile, ManifestDecl, Span } from '../lang/ast.js';
import { checkSource } from '../lang/check.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import { parseDuration } from '../lang/duration.js';
import { readText } from '../lang/files.js';
import { parseSource } from '../lang/parse.js';
import { formatSource } from '../lang/format.js';
import { parser } from '../lang/parser.js';
import { keywords, KubectlLine, lex } from '../lang/tokens.js';
import { PARTICIPANT_KINDS } from '../expect/participants.js';
import { SUBCOMMANDS as KUBECTL_SUBCOMMANDS } from '../kubectl/parse.js';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Location {
  /** Absolute path of the file. */
  file: string;
  range: Range;
}

/** What each participant of a sequence does (LANGUAGE.md §8), for hover and completion. */
export const PARTICIPANT_ROLES: Record<(typeof PARTICIPANT_KINDS)[number], string> = {
  kubectl: 'the client: sends requests to the kube-apiserver as the scenario\'s user',
  apiserver: 'kube-apiserver: the one hub — authenticates, authorizes (RBAC), admits, validates, stores through etcd and fans out watches',
  etcd: 'etcd: the key-value store behind the apiserver (keys under /registry); only the apiserver talks to it',
  'controller-manager': 'kube-controller-manager: the Deployment, ReplicaSet, node-lifecycle, EndpointSlice, … controllers, reacting to watches',
  scheduler: 'kube-scheduler: picks a node for each unscheduled pod (filter, score) and writes the binding',
  kubelet: 'kubelet (per node, `kubelet@NODE`): runs the pods bound to its node through the container runtime and reports their status',
  runtime: 'the container runtime (containerd, per node): sandboxes, image pulls, containers (CRI)',
  cni: 'the CNI plugin (per node): gives each pod sandbox its IP address',
  'kube-proxy': 'kube-proxy (per node): turns Services and EndpointSlices into iptables rules',
  iptables: 'the node\'s iptables rules, as kube-proxy writes them',
};

/** Event reasons the simulated components record (kubelet, scheduler, controllers, node lifecycle). */
export const EVENT_REASONS = [
  'Scheduled', 'FailedScheduling', 'Preempted', 'Pulling', 'Pulled', 'Failed', 'ErrImageNeverPull', 'BackOff', 'Created', 'Started', 'Killing',
  'SuccessfulCreate', 'SuccessfulDelete', 'FailedCreate', 'FailedDelete', 'ScalingReplicaSet', 'NodeNotReady', 'RegisteredNode', 'RemovingNode',
  'TaintManagerEviction', 'Starting',
];

/** The result of analysing one open text. */
export interface Analysis {
  file: string;
  text: string;
  ast: KscnFile;
  /** Problems in this text (those of imported files are theirs). */
  diagnostics: Diagnostic[];
  /** Clusters and manifests visible in the file (its own and its imports'), with where they are declared. */
  clusters: Map<string, { decl: ClusterDecl; file: string }>;
  manifests: Map<string, { decl: ManifestDecl; file: string; text?: string }>;
}

/** Check `text` as the file `file` (absolute); `readFile` gives other open editors' texts first. */
export function analyse(text: string, file: string, readFile?: (abs: string) => string | undefined): Analysis {
  const cwd = dirname(file);
  const r = checkSource(text, file, { cwd, ...(readFile ? { readFile } : {}) });
  const display = relative(cwd, file) || file;
  const clusters = new Map<string, { decl: ClusterDecl; file: string }>();
  const manifests = new Map<string, { decl: ManifestDecl; file: string; text?: string }>();
  const abs = (span: Span) => resolve(cwd, span.file);
  if (r.file) {
    for (const [n, c] of r.file.clusters) clusters.set(n, { decl: c, file: abs(c.span) });
    for (const [n, m] of r.file.manifests) manifests.set(n, { decl: m.decl, file: abs(m.decl.span), text: m.text });
  } else {
    // The file does not check (it is being typed): its own declarations and its imports', parsed.
    const seen = new Set<string>();
    const visit = (ast: KscnFile, at: string, depth: number) => {
      if (seen.has(at) || depth > 8) return;
      seen.add(at);
      for (const c of ast.clusters) if (!clusters.has(c.name)) clusters.set(c.name, { decl: c, file: at });
      for (const m of ast.manifests) if (!manifests.has(m.name)) manifests.set(m.name, { decl: m, file: at, ...(m.source.kind === 'inline' ? { text: m.source.text } : {}) });
      for (const imp of ast.imports) {
        const target = resolve(dirname(at), imp.path);
        const t = readFile ? readFile(target) : readText(target).text;
        if (t !== undefined) visit(parseSource(t, target).ast, target, depth + 1);
      }
    };
    visit(r.ast, file, 0);
  }
  return { file, text, ast: r.ast, diagnostics: r.diagnostics.filter((d) => d.span.file === display), clusters, manifests };
}

/** A kscn span as an LSP range. */
export function toRange(span: Span): Range {
  return { start: { line: span.start.line - 1, character: span.start.col - 1 }, end: { line: span.end.line - 1, character: span.end.col - 1 } };
}

function offsetAt(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  return Math.min(i + pos.character, text.length);
}

/** The word under the cursor (names, patterns, durations), with its range. */
export function wordAt(text: string, pos: Position): { word: string; range: Range } | undefined {
  const lineText = text.split('\n')[pos.line] ?? '';
  const re = /[A-Za-z0-9_.\-@/*\[\]]+/g;
  for (const m of lineText.matchAll(re)) {
    const s = m.index!;
    const e = s + m[0].length;
    if (pos.character >= s && pos.character <= e) return { word: m[0], range: { start: { line: pos.line, character: s }, end: { line: pos.line, character: e } } };
  }
  return undefined;
}

export type CompletionKind = 'keyword' | 'cluster' | 'manifest' | 'node' | 'kubectl' | 'participant' | 'reason';
export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
}

const KEYWORD_BY_TOKEN = new Map<TokenType, string>(Object.entries(keywords).map(([w, t]) => [t, w]));

/** Keywords the grammar accepts after the text before the cursor (Chevrotain content assist). */
export function grammarKeywords(before: string): string[] {
  // The word being typed is not part of the path; content assist completes it.
  const upTo = before.replace(/[^\s{}();,"]*$/, '');
  const tokens = lex(upTo).tokens;
  let paths: ReturnType<typeof parser.computeContentAssist>;
  try {
    paths = parser.computeContentAssist('file', tokens);
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const p of paths) {
    const k = KEYWORD_BY_TOKEN.get(p.nextTokenType);
    if (k) out.add(k);
    // The grammar takes a kubectl line anywhere (to say where it belongs); offer it where it runs.
    else if (p.nextTokenType === KubectlLine && insideBlock(before, before.length, ['when', 'given', 'at', 'as'])) out.add('kubectl');
  }
  return [...out].sort();
}

/** Completions at `pos`: the names that fit the context, else the grammar's keywords (and participants in expectations). */
export function complete(a: Analysis, pos: Position): Completion[] {
  const offset = offsetAt(a.text, pos);
  const lineStart = a.text.lastIndexOf('\n', offset - 1) + 1;
  const line = a.text.slice(lineStart, offset);
  const stmt = line.split(';').pop()!.replace(/^.*\{\s*/, '');
  const names = (kind: CompletionKind, list: Iterable<string>, detail?: (n: string) => string | undefined): Completion[] =>
    [...new Set(list)].sort().map((label) => ({ label, kind, ...(detail?.(label) ? { detail: detail(label) } : {}) }));

  if (/\bgiven\s+cluster\s+\S*$/.test(stmt)) return names('cluster', a.clusters.keys(), (n) => `cluster ${n}`);
  if (/^\s*apply\s+\S*$/.test(stmt)) return names('manifest', a.manifests.keys(), (n) => manifestSummary(a, n));
  if (/^\s*kubectl\s+\S*$/.test(stmt)) return names('kubectl', KUBECTL_SUBCOMMANDS, (n) => `kubectl ${n}`);
  if (/^\s*kubectl\s+(cordon|uncordon|drain|taint\s+nodes?|label\s+nodes?)\s+\S*$/.test(stmt) || /\b(fail|restore)\s+node\s+\S*$/.test(stmt) || /\bnode=\S*$/.test(stmt)) {
    return names('node', nodeNames(a), (n) => `node ${n}`);
  }
  if (/\bevents\s+\S+:\s+(\S+,\s*)*\S*$/.test(stmt) || /\b(no\s+)?event\s+\S+\s+\S*$/.test(stmt)) return names('reason', EVENT_REASONS, () => 'Event reason');
  if (/(->|^\s*(never|always)?\s*!?)\s*[A-Za-z-]*$/.test(stmt) && insideBlock(a.text, offset, ['sequence', 'then', 'never'])) {
    const participants = names('participant', PARTICIPANT_KINDS, (n) => PARTICIPANT_ROLES[n as keyof typeof PARTICIPANT_ROLES]);
    if (/->\s*\S*$/.test(stmt)) return participants;
    return [...names('keyword', grammarKeywords(a.text.slice(0, offset))), ...participants];
  }
  return names('keyword', grammarKeywords(a.text.slice(0, offset)));
}

/** Is the cursor inside a block opened by one of these words? (the innermost open block) */
function insideBlock(text: string, offset: number, openers: string[]): boolean {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth === 0) {
        const head = text.slice(Math.max(0, text.lastIndexOf('\n', i - 1) + 1), i);
        return openers.some((o) => new RegExp(`\\b${o}\\b`).test(head));
      }
      depth--;
    }
  }
  return false;
}

function nodeNames(a: Analysis): string[] {
  const out: string[] = [];
  const visit = (body: ClusterDecl['body']) => {
    for (const n of body.nodes) out.push(...n.names);
  };
  for (const { decl } of a.clusters.values()) visit(decl.body);
  for (const s of a.ast.scenarios) if (s.cluster.kind === 'inline') visit(s.cluster.body);
  return out;
}

function manifestSummary(a: Analysis, name: string): string | undefined {
  const m = a.manifests.get(name);
  if (!m?.text) return undefined;
  try {
    const docs = m.text.split(/^---\s*$/m).map((d) => parseYaml(d) as { kind?: string; metadata?: { name?: string } } | null).filter((d) => d && typeof d === 'object');
    return docs.map((d) => `${d!.kind ?? '?'} ${d!.metadata?.name ?? '?'}`).join(', ');
  } catch {
    return undefined;
  }
}

/** Hover text (Markdown) at `pos`. */
export function hover(a: Analysis, pos: Position): { markdown: string; range: Range } | undefined {
  const w = wordAt(a.text, pos);
  if (!w) return undefined;
  const base = w.word.replace(/^!/, '').split('@')[0]!;
  if (base in PARTICIPANT_ROLES) {
    const node = w.word.includes('@') ? ` on node \`${w.word.split('@')[1]}\`` : '';
    return { markdown: `**${base}**${node} — ${PARTICIPANT_ROLES[base as keyof typeof PARTICIPANT_ROLES]}`, range: w.range };
  }
  if (a.manifests.has(w.word)) {
    const s = manifestSummary(a, w.word);
    return { markdown: `manifest **${w.word}**${s ? `: ${s}` : ''}`, range: w.range };
  }
  if (a.clusters.has(w.word)) {
    const c = a.clusters.get(w.word)!.decl;
    return { markdown: `cluster **${w.word}**: ${c.body.nodes.map((n) => n.pattern).join(', ') || 'no nodes'}`, range: w.range };
  }
  if (/^\d/.test(w.word)) {
    const ms = parseDuration(w.word);
    if (ms !== undefined) return { markdown: `${w.word} = ${ms / 1000} s`, range: w.range };
  }
  return undefined;
}

/** Where the name or path at `pos` is declared. */
export function definition(a: Analysis, pos: Position): Location | undefined {
  const offset = offsetAt(a.text, pos);
  for (const imp of a.ast.imports) {
    if (offset >= imp.span.start.offset && offset <= imp.span.end.offset) return { file: resolve(dirname(a.file), imp.path), range: zero() };
  }
  for (const m of a.ast.manifests) {
    if (m.source.kind === 'file' && offset >= m.source.span.start.offset && offset <= m.source.span.end.offset) return { file: resolve(dirname(a.file), m.source.path), range: zero() };
  }
  const w = wordAt(a.text, pos);
  if (!w) return undefined;
  const c = a.clusters.get(w.word);
  if (c) return { file: c.file, range: toRange(c.decl.nameSpan ?? c.decl.span) };
  const m = a.manifests.get(w.word);
  if (m) return { file: m.file, range: toRange(m.decl.nameSpan ?? m.decl.span) };
  return undefined;
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** `kscn fmt` of the whole text, or undefined when it does not parse (or is already canonical). */
export function format(a: Analysis): string | undefined {
  const r = formatSource(a.text, a.file);
  if (r.diagnostics.some((d) => d.severity === 'error') || r.output === a.text) return undefined;
  return r.output;
}

/** A quick fix for a diagnostic whose hint is "did you mean `X`?": replace its range with X. */
export function quickFix(d: { range: Range; data?: unknown }): { title: string; newText: string } | undefined {
  const hint = (d.data as { hint?: string } | undefined)?.hint ?? '';
  const m = /did you mean `([^`]+)`/.exec(hint);
  if (!m) return undefined;
  return { title: `Change to \`${m[1]}\``, newText: m[1]! };
}
