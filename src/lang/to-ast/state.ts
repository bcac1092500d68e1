/**
 * CST → AST for the shared pieces of expectations: selectors (§2), state assertions and their
 * conditions (§7.3), and message patterns (§7.1).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { Condition, Count, FieldOp, MessagePattern, PathSegment, Selector, StateAssertion, StateKind } from '../ast.js';
import { servedKinds } from '../state-kinds.js';
import { unquote } from '../strings.js';
import { Code } from '../codes.js';
import { closest } from '../did-you-mean.js';
import { parseSelector } from '../labels.js';
import { joinSpans } from '../source.js';
import { allTokens, node, nodes, toks, type Builder } from './context.js';
import { USAGE } from './loose.js';

const KINDS: Record<string, StateKind> = {
  pod: 'pod', pods: 'pod', deployment: 'deployment', deployments: 'deployment', replicaset: 'replicaset', replicasets: 'replicaset',
  statefulset: 'statefulset', statefulsets: 'statefulset', daemonset: 'daemonset', daemonsets: 'daemonset',
  node: 'node', nodes: 'node', service: 'service', services: 'service', endpoints: 'endpoints',
  job: 'job', jobs: 'job', cronjob: 'cronjob', cronjobs: 'cronjob', cj: 'cronjob',
  pdb: 'pdb', pdbs: 'pdb', poddisruptionbudget: 'pdb', poddisruptionbudgets: 'pdb',
};
const SERVED = servedKinds();

/** The kind a state names, and its plural resource. */
function stateKind(word: string): { kind: StateKind; resource: string } | undefined {
  const served = SERVED.get(word);
  const kind = KINDS[word] ?? (served ? 'object' : undefined);
  if (!kind) return undefined;
  return { kind, resource: served?.resource ?? (kind === 'endpoints' ? 'endpoints' : `${kind}s`) };
}

/** The error for a word that names no kind: the message and a did-you-mean hint. */
export function unknownStateKind(word: string, more: string[] = []): { message: string; hint: string } {
  const near = closest(word, [...Object.keys(KINDS), ...SERVED.keys(), ...more]);
  return { message: `unknown kind \`${word}\` in a state`, hint: near ? `did you mean \`${near}\`?` : 'kinds: pod, pods, deployment, replicaset, statefulset, daemonset, node, service, endpoints, job, cronjob, or any served kind (namespace, priorityclass …, a custom resource once a CustomResourceDefinition of the file declares it)' };
}

/** A selector: a name pattern, or label requirements when it has `=`, `!=`, ` in ` or a leading `-l`. */
export function buildSelector(b: Builder, cst: CstNode | undefined): Selector {
  const span = b.nodeSpan(cst);
  const terms = nodes(cst, 'selectorTerm').map((t) => {
    const word = toks(t, 'Word')[0]?.image ?? '';
    const op = toks(t, 'Kw_in')[0] ?? toks(t, 'Kw_notin')[0];
    const list = node(t, 'wordList');
    return op ? `${word} ${op.image} (${toks(list, 'Word').map((w) => w.image).join(',')})` : word;
  });
  // `-n NAMESPACE` (LANGUAGE.md §12.1): in that namespace only.
  let namespace: string | undefined;
  const n = terms.findIndex((t) => t === '-n' || t.startsWith('--namespace'));
  if (n >= 0) {
    const eq = terms[n]!.startsWith('--namespace=') ? terms[n]!.slice('--namespace='.length) : undefined;
    namespace = eq ?? terms[n + 1];
    if (!namespace) b.error(Code.Selector, '`-n` needs a namespace', span, 'write `pods app=web -n team-a: 2 Running`');
    terms.splice(n, eq !== undefined ? 1 : 2);
    if (!terms.length) terms.push('*');
  }
  const withNs = <T extends Selector>(sel: T): T => (namespace ? { ...sel, namespace } : sel);
  const isLabels = terms[0] === '-l' || terms.some((t) => t.includes('=') || / (in|notin) \(/.test(t));
  if (!isLabels) {
    if (terms.some((t) => t === '')) return withNs({ kind: 'name', pattern: '*', span });
    return withNs({ kind: 'name', pattern: terms.join('|'), span });
  }
  const text = (terms[0] === '-l' ? terms.slice(1) : terms).join(',');
  const requirements = parseSelector(text);
  if (!requirements) {
    b.error(Code.Selector, `"${text}" is not a label selector`, span, 'write key=value, key!=value, key in (a,b), key or !key, separated by commas');
    return withNs({ kind: 'labels', requirements: [], span });
  }
  return withNs({ kind: 'labels', requirements, span });
}

/** `KIND SELECTOR: CONDITION [and CONDITION …]` */
export function buildState(b: Builder, cst: CstNode | undefined): StateAssertion {
  return b.within(cst, () => {
    const span = b.nodeSpan(cst);
    const kindTok = toks(cst, 'Word')[0];
    const found = kindTok ? stateKind(kindTok.image) : undefined;
    let kind = found?.kind;
    // Another word may name a custom resource (a CRD of the file declares it): `kscn check`
    // says whether it does (checks/custom-resources.ts, with unknownStateKind's words).
    // Only its conditions: exists, gone, .PATH OP VALUE.
    const generic = nodes(cst, 'condition').every((c) => /^(exists|gone|\.)/.test(allTokens(c)[0]?.image ?? ''));
    const custom = !!kindTok && !kind && generic && /^[a-z][a-z0-9.-]*$/.test(kindTok.image);
    if (kindTok && !kind && !custom) {
      const u = unknownStateKind(kindTok.image);
      b.error(Code.StateKind, u.message, b.tokenSpan(kindTok), u.hint);
    }
    if (custom) kind = 'object';
    const known = kind !== undefined;
    kind ??= 'pod';
    const selector = buildSelector(b, node(cst, 'selector'));
    const state: StateAssertion = { span, text: b.canonical(cst), kind, selector, conditions: [] };
    if (found) state.resource = found.resource;
    if (custom) {
      state.resource = kindTok!.image;
      state.custom = { word: kindTok!.image, span: b.tokenSpan(kindTok!) };
    }
    if (!known) return state; // its conditions cannot be read without the kind
    nodes(cst, 'condition').forEach((c, i) => {
      const words = allTokens(c);
      const built = buildCondition(b, kind!, words, i === 0 ? state : undefined);
      if (built) state.conditions.push(built);
    });
    return state;
  });
}

const POD_STATES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Terminating', 'Ready', 'gone'] as const;
const CONDITION_WORDS: Record<StateKind, string[]> = {
  pod: [...POD_STATES, 'on', 'reason', 'restarts'],
  deployment: ['ready', 'replicas', 'updated', 'available'],
  replicaset: ['ready', 'replicas', 'updated', 'available'],
  statefulset: ['ready', 'replicas', 'updated'],
  daemonset: ['desired', 'scheduled', 'ready', 'updated'],
  node: ['Ready', 'NotReady', 'taint', 'unschedulable'],
  service: ['endpoints', 'rules'],
  endpoints: ['endpoints', 'rules'],
  job: ['complete', 'failed', 'succeeded', 'active'],
  cronjob: ['active', 'jobs'],
  pdb: ['allowed'],
  object: ['exists', 'gone'],
};
const USAGES: Record<StateKind, string> = {
  pod: '[N | >=N | <=N] STATE (Pending, Running, Succeeded, Failed, Terminating, Ready or gone; several as Running|Pending); on NODE; reason REASON; restarts >= N — joined with and',
  deployment: 'N ready, N replicas, N updated, available',
  replicaset: 'N ready, N replicas, N updated, available',
  statefulset: 'N ready, N replicas, N updated',
  daemonset: 'N desired, N scheduled, N ready, N updated',
  node: 'Ready, NotReady, taint K[=V]:EFFECT, unschedulable',
  service: 'N endpoints, rules on N nodes',
  endpoints: 'N endpoints, rules on N nodes',
  job: 'complete, failed, N succeeded, N failed, N active',
  cronjob: 'N active, N jobs',
  pdb: 'N allowed',
  object: 'exists, gone, .PATH OP VALUE (e.g. .status.phase == Active)',
};
const GENERIC_USAGE = '; any kind: exists, gone, .PATH OP VALUE (OP one of == != >= <= > < =~)';
const FIELD_OPS: FieldOp[] = ['==', '!=', '>=', '<=', '>', '<', '=~'];

/**
 * A field path as kubectl's jsonpath without braces: `.status.phase`, `.spec.containers[0].image`,
 * `.status.conditions[type=Ready].status`, `.metadata.annotations.deployment\.kubernetes\.io/revision`.
 * Returns the segments or an error text.
 */
export function parseFieldPath(path: string): PathSegment[] | string {
  if (!path.startsWith('.')) return 'a field path starts with `.`';
  const out: PathSegment[] = [];
  let i = 1;
  let key = '';
  const endKey = () => {
    if (key) out.push({ key });
    key = '';
  };
  while (i < path.length) {
    const ch = path[i]!;
    if (ch === '\\' && i + 1 < path.length) {
      key += path[i + 1];
      i += 2;
      continue;
    }
    if (ch === '.') {
      if (!key && path[i - 1] !== ']') return `an empty key in \`${path}\``;
      endKey();
      i++;
      continue;
    }
    if (ch === '[') {
      endKey();
      const close = path.indexOf(']', i);
      if (close < 0) return `a \`[\` without \`]\` in \`${path}\``;
      const inner = path.slice(i + 1, close);
      const eq = inner.indexOf('=');
      if (/^\d+$/.test(inner)) out.push({ index: Number(inner) });
      else if (eq > 0) out.push({ where: inner.slice(0, eq), equals: inner.slice(eq + 1) });
      else return `\`[${inner}]\` is neither an index ([0]) nor a filter ([type=Ready])`;
      i = close + 1;
      continue;
    }
    key += ch;
    i++;
  }
  endKey();
  if (!out.length) return 'the path names no field';
  return out;
}

/** Read a leading count: `3`, `>=2`, `>= 2`, `<=1`. Returns the count and how many tokens it took. */
function readCount(words: IToken[]): { count?: Count; used: number } {
  const [a, b2] = words;
  if (!a) return { used: 0 };
  if ((a.image === '>=' || a.image === '<=') && b2 && /^\d+$/.test(b2.image)) return { count: { op: a.image, n: Number(b2.image) }, used: 2 };
  if (/^\d+$/.test(a.image)) return { count: { op: '=', n: Number(a.image) }, used: 1 };
  return { used: 0 };
}

function buildCondition(b: Builder, kind: StateKind, words: IToken[], first: StateAssertion | undefined): Condition | undefined {
  if (!words.length) return undefined;
  const span = joinSpans(b.tokenSpan(words[0]), b.tokenSpan(words[words.length - 1]));
  const bad = (message: string, at: IToken | undefined = words[0]) => {
    const near = at ? closest(at.image, CONDITION_WORDS[kind]) : undefined;
    b.error(Code.Condition, message, at ? b.tokenSpan(at) : span, near && near !== at?.image ? `did you mean \`${near}\`?` : `${kind === 'object' ? 'conditions' : `${kind} conditions`}: ${USAGES[kind]}${kind === 'object' ? '' : GENERIC_USAGE}`);
    return undefined;
  };
  // Any kind (§12.2): `exists`, `gone` (pods have their own), `.PATH OP VALUE`.
  const first0 = words[0]!;
  if (first0.image.startsWith('.')) {
    const segments = parseFieldPath(first0.image);
    if (typeof segments === 'string') return bad(segments, first0);
    const op = words[1];
    if (!op || !(FIELD_OPS as string[]).includes(op.image)) {
      b.error(Code.Condition, op ? `\`${op.image}\` is not a comparison` : `a field condition needs an operator and a value`, op ? b.tokenSpan(op) : b.tokenSpan(first0), `write \`${first0.image} == VALUE\` (operators: ${FIELD_OPS.join(' ')})`);
      return undefined;
    }
    const value = words[2];
    if (!value) {
      b.error(Code.Condition, 'a field condition needs a value after its operator', b.tokenSpan(op), `e.g. \`${first0.image} ${op.image} Running\``);
      return undefined;
    }
    if (words[3]) return bad(`unexpected \`${words[3].image}\` after the condition`, words[3]);
    const text = value.tokenType.name === 'StringLit' ? unquote(value.image) : value.image;
    if (op.image === '=~') {
      try {
        new RegExp(text);
      } catch (e) {
        b.error(Code.Condition, `not a regular expression: ${(e as Error).message}`, b.tokenSpan(value), 'write a JavaScript regular expression, e.g. "^nginx:1\\.2[0-9]$"');
        return undefined;
      }
    }
    return { type: 'field', path: first0.image, segments, op: op.image as FieldOp, value: text, span };
  }
  if (words.length === 1 && first0.image === 'exists') return { type: 'exists', span };
  if (words.length === 1 && first0.image === 'gone' && kind !== 'pod') return { type: 'gone', span };
  const { count, used } = readCount(words);
  const rest = words.slice(used);
  const head = rest[0];
  const extra = (n: number) => {
    const w = rest[n];
    if (!w) return undefined;
    // A second condition written without `and`: say how to join them.
    if (CONDITION_WORDS[kind].includes(w.image)) {
      b.error(Code.Condition, `unexpected \`${w.image}\` after the condition`, b.tokenSpan(w), `join conditions with \`and\`: \`${words.slice(0, used + n).map((t) => t.image).join(' ')} and ${rest.slice(n).map((t) => t.image).join(' ')}\``);
      return undefined;
    }
    return bad(`unexpected \`${w.image}\` after the condition`, w);
  };
  if (!head) return bad(`a count needs a state after it, e.g. \`${count?.n ?? 1} Running\``);
  if (kind === 'pod') {
    if (count) {
      if (!first) return bad('only the first condition of a line may have a count', words[0]);
      first.count = count;
    }
    if ((POD_STATES as readonly string[]).includes(head.image)) {
      extra(1);
      return { type: 'podState', state: head.image as (typeof POD_STATES)[number], span };
    }
    // `Running|Pending`: any of the states (a pattern of states, as §2's `a|b`).
    const alts = head.image.split('|');
    if (alts.length > 1 && alts.every((a) => (POD_STATES as readonly string[]).includes(a))) {
      if (alts.includes('gone')) return bad('`gone` cannot be one of several states: write it on a line of its own', head);
      extra(1);
      return { type: 'podState', state: alts[0] as (typeof POD_STATES)[number], anyOf: alts as ('Running' | 'Pending')[], span };
    }
    if (head.image === 'on' && rest[1]) return extra(2) ?? { type: 'on', node: rest[1].image, span };
    if (head.image === 'reason' && rest[1]) return extra(2) ?? { type: 'reason', reason: rest[1].image, span };
    if (head.image === 'restarts') {
      const c = readCount(rest.slice(1));
      if (!c.count) return bad('write `restarts >= N`, `restarts <= N` or `restarts N`', rest[1] ?? head);
      return extra(1 + c.used) ?? { type: 'restarts', op: c.count.op, n: c.count.n, span };
    }
    return bad(`unknown pod condition \`${rest.map((w) => w.image).join(' ')}\``, head);
  }
  if (kind === 'deployment' || kind === 'replicaset') {
    if (!count && head.image === 'available') return extra(1) ?? { type: 'available', span };
    if (count && count.op === '=' && ['ready', 'replicas', 'updated'].includes(head.image)) return extra(1) ?? { type: 'workloadCount', what: head.image as 'ready', n: count.n, span };
    return bad(`unknown ${kind} condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
  }
  if (kind === 'statefulset' || kind === 'daemonset') {
    if (count && count.op === '=' && CONDITION_WORDS[kind].includes(head.image)) return extra(1) ?? { type: 'workloadCount', what: head.image as 'ready', n: count.n, span };
    return bad(`unknown ${kind} condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
  }
  if (kind === 'job') {
    if (!count && (head.image === 'complete' || head.image === 'failed')) return extra(1) ?? { type: 'jobState', state: head.image, span };
    if (count && count.op === '=' && ['succeeded', 'failed', 'active'].includes(head.image)) return extra(1) ?? { type: 'jobCount', what: head.image as 'succeeded', n: count.n, span };
    return bad(`unknown job condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
  }
  if (kind === 'pdb') {
    if (count && count.op === '=' && head.image === 'allowed') return extra(1) ?? { type: 'pdbAllowed', n: count.n, span };
    return bad(`unknown pdb condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
  }
  if (kind === 'cronjob') {
    if (count && count.op === '=' && (head.image === 'active' || head.image === 'jobs')) return extra(1) ?? { type: 'cronjobCount', what: head.image, n: count.n, span };
    return bad(`unknown cronjob condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
  }
  if (kind === 'object') return bad(`unknown condition \`${words.map((w) => w.image).join(' ')}\``, words[0]);
  if (count && kind !== 'service' && kind !== 'endpoints') return bad(`a ${kind} condition takes no count`, words[0]);
  if (kind === 'node') {
    if (head.image === 'Ready' || head.image === 'NotReady') return extra(1) ?? { type: 'nodeReady', ready: head.image === 'Ready', span };
    if (head.image === 'unschedulable') return extra(1) ?? { type: 'unschedulable', span };
    if (head.image === 'taint' && rest[1]) {
      const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(rest[1].image);
      if (!m) return bad(`"${rest[1].image}" is not a taint`, rest[1]);
      return extra(2) ?? { type: 'taint', key: m[1]!, value: m[2], effect: m[3]!, span };
    }
    return bad(`unknown node condition \`${words.map((w) => w.image).join(' ')}\``, head);
  }
  // service / endpoints
  if (count && count.op === '=' && head.image === 'endpoints') return extra(1) ?? { type: 'endpoints', n: count.n, span };
  if (!count && head.image === 'rules' && rest[1]?.image === 'on' && rest[2] && /^\d+$/.test(rest[2].image) && /^nodes?$/.test(rest[3]?.image ?? '')) {
    return extra(4) ?? { type: 'rules', n: Number(rest[2].image), span };
  }
  return bad(`unknown ${kind} condition \`${words.map((w) => w.image).join(' ')}\``, count ? head : words[0]);
}

/** `FROM -> TO[: VERB [TARGET] [key=value …]] [within D]` */
export function buildMessagePattern(b: Builder, cst: CstNode | undefined): MessagePattern {
  return b.within(cst, () => {
    const span = b.nodeSpan(cst);
    const words = toks(cst, 'Word');
    const within = toks(cst, 'Kw_within')[0];
    const withinTok = within ? words.find((w) => w.startOffset > within.startOffset) : undefined;
    const body = words.filter((w) => w !== withinTok);
    const [from, to, verb, ...rest] = body;
    const pattern: MessagePattern = { span, text: b.canonical(cst), from: from?.image ?? '*', to: to?.image ?? '*', verb: verb?.image ?? '*', attrs: [] };
    if (from) pattern.fromSpan = b.tokenSpan(from);
    if (to) pattern.toSpan = b.tokenSpan(to);
    rest.forEach((w, i) => {
      const eq = w.image.indexOf('=');
      if (eq > 0) pattern.attrs.push({ key: w.image.slice(0, eq), value: w.image.slice(eq + 1) });
      else if (i === 0) pattern.target = w.image;
      else b.error(Code.MessagePattern, `"${w.image}" is not an attribute`, b.tokenSpan(w), `after the verb and target come attributes key=value; usage: ${USAGE.message}`);
    });
    if (withinTok) pattern.withinMs = b.duration(withinTok);
    return pattern;
  });
}
