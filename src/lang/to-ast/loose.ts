/**
 * Statements the grammar took as "any line" (`looseStatement`): unknown words and statements
 * that belong in another block. One diagnostic each, with "did you mean …" or where it belongs.
 */
import type { CstNode } from 'chevrotain';
import { Code } from '../codes.js';
import { closest } from '../did-you-mean.js';
import { allTokens, type Builder } from './context.js';

/** The kinds of block, as a user would call them. */
export type BlockKind = 'file' | 'cluster' | 'node' | 'user' | 'scheduler' | 'latency' | 'scenario' | 'actions' | 'expectations' | 'sequence' | 'diagram';

/** The statements each block takes (first words). */
export const STATEMENTS: Record<BlockKind, string[]> = {
  file: ['import', 'cluster', 'manifest', 'scenario'],
  cluster: ['node', 'namespace', 'priorityclass', 'user', 'apply', 'scheduler', 'latency'],
  node: [],
  user: ['allow'],
  scheduler: [],
  latency: [],
  scenario: ['seed', 'timeout', 'given', 'when', 'then', 'diagram'],
  actions: ['kubectl', 'apply', 'wait', 'at', 'as', 'expect', 'fail', 'restore', 'image', 'pods', 'etcd'],
  expectations: ['sequence', 'never', 'always', 'events', 'event', 'no', 'pod', 'pods', 'deployment', 'replicaset', 'statefulset', 'daemonset', 'node', 'service', 'endpoints'],
  sequence: [],
  diagram: ['show', 'hide', 'focus', 'group', 'until', 'detail', 'times'],
};

/** How to write each statement (the hint of a syntax error inside it). */
export const USAGE: Record<string, string> = {
  import: 'import "other.kscn"',
  cluster: 'cluster NAME { node worker-1 { cpu 4; memory 8Gi } }',
  manifest: 'manifest NAME from "file.yaml"   or   manifest NAME """ …yaml… """',
  scenario: 'scenario "TITLE" @tag { given cluster NAME; when { … }; then { … } }',
  node: 'node NAME { cpu 4; memory 8Gi }',
  namespace: 'namespace NAME',
  priorityclass: 'priorityclass NAME VALUE',
  user: 'user NAME { allow get,list on pods in NAMESPACE }',
  allow: 'allow VERBS on RESOURCES [in NAMESPACES]',
  apply: 'apply NAME | "file.yaml" | """yaml"""',
  scheduler: 'scheduler { score NodeResourcesFit MostAllocated }   or   scheduler from "config.yaml"',
  latency: 'latency { apiserver 2ms; image-pull 2s }',
  seed: 'seed 42',
  timeout: 'timeout 10m',
  given: 'given cluster NAME   or   given cluster { … }   or   given { actions }',
  when: 'when { actions }',
  then: 'then { expectations }',
  diagram: 'diagram "TITLE" { detail full | summary; times; show …; hide …; focus …; group "T" …; until STATE }',
  kubectl: 'kubectl run NAME --image=IMAGE',
  wait: 'wait 5s   or   wait until deployment web: 3 ready [timeout 1m]',
  at: 'at 30s { actions }',
  as: 'as USER { actions }',
  expect: 'expect failure "PATTERN" { actions }',
  fail: 'fail node NAME',
  restore: 'restore node NAME',
  image: 'image REF fails to pull   or   image REF pulls in 5s',
  pods: 'pods SELECTOR crash after 10s [exit 1] [times 3] or pods SELECTOR exit 0 after 5s [times 1]',
  etcd: 'etcd unavailable for 5s',
  sequence: 'sequence { FROM -> TO: VERB [TARGET] [key=value …] }',
  never: 'never FROM -> TO: VERB …   or   never KIND SELECTOR: CONDITION',
  always: 'always KIND SELECTOR: CONDITION',
  events: 'events pod/NAME: Reason, Reason, …',
  event: 'event pod/NAME Reason ["message pattern"] (no `:` after the object: that is `events`)',
  no: 'no event pod/NAME Reason',
  show: 'show kubectl, apiserver, etcd',
  hide: 'hide responses | watch | etcd | events | notes | status | heartbeats | leases',
  detail: 'detail summary   or   detail full',
  times: 'times',
  focus: 'focus pod/NAME',
  group: 'group "TITLE" apiserver, etcd',
  until: 'until pod NAME: Running',
  state: 'KIND SELECTOR: CONDITION [and CONDITION …] [within D]',
  message: 'FROM -> TO: VERB [TARGET] [key=value …] [within D]',
};

const BLOCK_NAMES: Record<BlockKind, string> = {
  file: 'the top level of a file',
  cluster: 'a cluster block',
  node: 'a node block',
  user: 'a user block',
  scheduler: 'a scheduler block',
  latency: 'a latency block',
  scenario: 'a scenario',
  actions: 'an action block (`when`, `given`, `at`, `as`)',
  expectations: 'a `then` block',
  sequence: 'a `sequence` block',
  diagram: 'a `diagram` block',
};

/** Where a statement word belongs, for "belongs in …" (first match). */
function homeOf(word: string): BlockKind | undefined {
  for (const kind of ['file', 'scenario', 'cluster', 'actions', 'expectations', 'diagram', 'user'] as BlockKind[]) {
    if (STATEMENTS[kind].includes(word)) return kind;
  }
  return undefined;
}

/** Report a loose statement found in a block of kind `kind`. */
export function reportLoose(b: Builder, cst: CstNode, kind: BlockKind): void {
  const ts = allTokens(cst);
  const first = ts[0];
  if (!first) return;
  const span = b.tokenSpan(first);
  const word = first.tokenType.name === 'KubectlLine' ? 'kubectl' : first.image;
  const where = BLOCK_NAMES[kind];
  if (kind === 'sequence') {
    b.error(Code.MessagePattern, 'a sequence holds message patterns', b.nodeSpan(cst), `write ${USAGE.message}`);
    return;
  }
  if (kind === 'expectations' && ts[1]?.tokenType.name === 'Arrow') {
    // A message pattern on its own: it says nothing about order or absence.
    const text = b.src.text.slice(b.nodeSpan(cst).start.offset, b.nodeSpan(cst).end.offset).trim();
    b.error(Code.MessagePattern, 'a message pattern goes in `sequence { … }` or after `never`', b.nodeSpan(cst), `write \`sequence { ${text} }\` (it happens) or \`never ${text}\` (it does not)`);
    return;
  }
  if (first.tokenType.name !== 'Word' && first.tokenType.name !== 'KubectlLine' && !first.tokenType.name.startsWith('Kw_')) {
    b.error(Code.Parse, `unexpected ${first.tokenType.LABEL ?? first.image} in ${where}`, span, hintFor(kind));
    return;
  }
  const home = homeOf(word);
  if (home && home !== kind) {
    const usage = USAGE[word];
    b.error(Code.Misplaced, `\`${word}\` does not belong in ${where}; it goes in ${BLOCK_NAMES[home]}`, span, usage ? `usage: ${usage}` : undefined);
    return;
  }
  const known = STATEMENTS[kind];
  const near = closest(word, known);
  const what = kind === 'actions' ? 'action' : kind === 'expectations' ? 'expectation' : kind === 'diagram' ? 'diagram directive' : 'statement';
  b.error(Code.UnknownStatement, `unknown ${what} \`${word}\` in ${where}`, span, near ? `did you mean \`${near}\`?` : hintFor(kind));
  // What follows from a misspelt statement (a scenario without its `given cluster`) is not reported again.
  b.syntaxErrors = true;
}

function hintFor(kind: BlockKind): string | undefined {
  const known = STATEMENTS[kind];
  if (kind === 'expectations') return `an expectation starts with sequence, never, always, events, event, no event, or a kind (pod, deployment, node, service …)`;
  return known.length ? `${BLOCK_NAMES[kind]} takes: ${known.join(', ')}` : undefined;
}
