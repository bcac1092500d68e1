/** CST → AST for cluster bodies (§4): nodes, namespaces, priority classes, users, scheduler, latency. */
import type { CstNode, IToken } from 'chevrotain';
import type { ClusterBody, ManifestSource, NodeDecl, RbacRule, SchedulerDecl, SchedulerSetting, LatencyDecl, LatencyEntry } from '../ast.js';
import { Code } from '../codes.js';
import { closest } from '../did-you-mean.js';
import { expandRange } from '../ranges.js';
import { joinSpans } from '../source.js';
import { unquote } from '../strings.js';
import { buildApply } from './actions.js';
import { allTokens, node, nodes, toks, type Builder } from './context.js';
import { reportLoose } from './loose.js';
import { buildBlockString } from './strings.js';

/** `{ … }` of `cluster NAME { … }` or `given cluster { … }`. */
export function buildClusterBody(b: Builder, cst: CstNode | undefined): ClusterBody {
  const body: ClusterBody = { span: b.nodeSpan(cst), nodes: [], namespaces: [], priorityClasses: [], users: [], applies: [] };
  b.separated(cst, 'clusterStatement');
  for (const st of nodes(cst, 'clusterStatement')) {
    b.within(st, () => {
      const [key, child] = Object.entries(st.children)[0] ?? [];
      const sub = child?.[0] as CstNode | undefined;
      if (!sub) return;
      b.within(sub, () => {
        const span = b.nodeSpan(sub);
        const w = toks(sub, 'Word');
        switch (key) {
          case 'nodeDecl':
            body.nodes.push(buildNode(b, sub));
            break;
          case 'namespaceDecl':
            for (const n of toks(node(sub, 'wordList'), 'Word')) body.namespaces.push({ type: 'Namespace', name: n.image, span: b.tokenSpan(n) });
            break;
          case 'priorityClassDecl':
            body.priorityClasses.push({ type: 'PriorityClass', name: w[0]?.image ?? '', value: b.int(w[1], 'a priority value', -2147483648) ?? 0, span });
            break;
          case 'userDecl':
            body.users.push({ type: 'User', name: w[0]?.image ?? '', nameSpan: b.tokenSpan(w[0]), rules: buildRules(b, sub), span });
            break;
          case 'applyAction':
            body.applies.push(buildApply(b, sub));
            break;
          case 'schedulerDecl':
            if (body.scheduler) b.error(Code.Duplicate, 'a cluster has one scheduler block', span, 'merge the two scheduler blocks');
            body.scheduler = buildScheduler(b, sub);
            break;
          case 'latencyDecl':
            if (body.latency) b.error(Code.Duplicate, 'a cluster has one latency block', span, 'merge the two latency blocks');
            body.latency = buildLatency(b, sub);
            break;
          case 'looseStatement':
            reportLoose(b, sub, 'cluster');
            break;
        }
      });
    });
  }
  return body;
}

function buildNode(b: Builder, cst: CstNode): NodeDecl {
  const name = toks(cst, 'Word')[0];
  const pattern = name?.image ?? '';
  b.separated(cst, 'wordsStatement');
  const { names, error } = expandRange(pattern);
  if (error && name) b.error(Code.Range, error, b.tokenSpan(name), 'write a range as worker-[1..3]');
  const fields = nodes(cst, 'wordsStatement').map((f) => {
    const words = toks(f, 'Word');
    return { name: words[0]?.image ?? '', args: words.slice(1).map((a) => ({ text: a.image, span: b.tokenSpan(a) })), span: b.nodeSpan(f) };
  });
  return { type: 'Node', pattern, names, nameSpan: b.tokenSpan(name), fields, span: b.nodeSpan(cst) };
}

function words(b: Builder, list: CstNode | undefined): string[] {
  return toks(list, 'Word').map((w) => w.image);
}

function buildRules(b: Builder, cst: CstNode): RbacRule[] {
  for (const loose of nodes(cst, 'looseStatement')) reportLoose(b, loose, 'user');
  b.separated(cst, 'rbacRule', 'looseStatement');
  return nodes(cst, 'rbacRule').map((r) => {
    const lists = nodes(r, 'wordList');
    const rule: RbacRule = { verbs: words(b, lists[0]), resources: words(b, lists[1]), span: b.nodeSpan(r) };
    if (lists[2]) rule.namespaces = words(b, lists[2]);
    return rule;
  });
}

/** `from "file"` / `"""yaml"""` */
export function buildYamlSource(b: Builder, cst: CstNode | undefined): ManifestSource {
  const file = toks(cst, 'StringLit')[0];
  const block = toks(cst, 'BlockString')[0];
  if (block) return buildBlockString(b, block);
  return { kind: 'file', path: file ? unquote(file.image) : '', span: b.tokenSpan(file) };
}

const SCHEDULER_SETTINGS = ['score', 'weight', 'disable', 'enable', 'percentage-of-nodes-to-score'];

function buildScheduler(b: Builder, cst: CstNode): SchedulerDecl {
  const decl: SchedulerDecl = { type: 'Scheduler', settings: [], span: b.nodeSpan(cst) };
  const source = node(cst, 'yamlSource');
  if (source) decl.config = buildYamlSource(b, source);
  b.separated(cst, 'wordsStatement');
  for (const st of nodes(cst, 'wordsStatement')) {
    const w = toks(st, 'Word');
    const span = b.nodeSpan(st);
    const s = buildSetting(b, w, span);
    if (s) decl.settings.push(s);
  }
  return decl;
}

function buildSetting(b: Builder, w: IToken[], span: SchedulerSetting['span']): SchedulerSetting | undefined {
  const [head, a1, a2, extra] = w;
  if (!head) return undefined;
  const usage = 'scheduler settings: score PLUGIN LeastAllocated|MostAllocated, weight PLUGIN N, disable PLUGIN, enable PLUGIN, percentage-of-nodes-to-score N';
  const wrong = (message: string, at: IToken = head) => (b.error(Code.SchedulerSetting, message, b.tokenSpan(at), usage), undefined);
  const arity = (n: number) => (w.length !== n + 1 ? wrong(`\`${head.image}\` takes ${n === 1 ? 'one value' : `${n} values`}`, w[n + 1] ?? head) : true);
  switch (head.image) {
    case 'score':
      return arity(2) && { kind: 'score', plugin: a1!.image, strategy: a2!.image, span };
    case 'weight': {
      if (!arity(2)) return undefined;
      const n = b.int(a2, 'a weight', 0);
      return n === undefined ? undefined : { kind: 'weight', plugin: a1!.image, weight: n, span };
    }
    case 'disable':
    case 'enable':
      return arity(1) && { kind: head.image, plugin: a1!.image, span };
    case 'percentage-of-nodes-to-score': {
      if (!arity(1)) return undefined;
      const n = b.int(a1, 'a percentage', 0);
      if (n !== undefined && n > 100) return wrong('a percentage is at most 100', a1);
      return n === undefined ? undefined : { kind: 'percentage', value: n, span };
    }
  }
  void extra;
  const near = closest(head.image, SCHEDULER_SETTINGS);
  b.error(Code.SchedulerSetting, `unknown scheduler setting \`${head.image}\``, b.tokenSpan(head), near ? `did you mean \`${near}\`?` : usage);
  return undefined;
}

function buildLatency(b: Builder, cst: CstNode): LatencyDecl {
  const decl: LatencyDecl = { type: 'Latency', entries: [], span: b.nodeSpan(cst) };
  b.separated(cst, 'wordsStatement');
  for (const st of nodes(cst, 'wordsStatement')) {
    const w = allTokens(st).filter((t) => t.tokenType.name !== 'Comma');
    const span = w.length ? joinSpans(b.tokenSpan(w[0]), b.tokenSpan(w[w.length - 1])) : b.nodeSpan(st);
    if (w.length < 2 || w.length > 3) {
      b.error(Code.Latency, 'a latency is `COMPONENT [TARGET] DURATION`', span, 'e.g. `apiserver 2ms` or `image-pull nginx:1.27 5s`');
      continue;
    }
    const ms = b.duration(w[w.length - 1]);
    if (ms === undefined) continue;
    const entry: LatencyEntry = { component: w[0]!.image, ms, span };
    if (w.length === 3) entry.target = w[1]!.image;
    decl.entries.push(entry);
  }
  return decl;
}
