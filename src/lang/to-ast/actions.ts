/** CST → AST for actions (§6). */
import type { CstNode, IToken } from 'chevrotain';
import type { Action, ApplyAction } from '../ast.js';
import { Code } from '../codes.js';
import { unquote } from '../strings.js';
import { node, nodes, toks, type Builder } from './context.js';
import { reportLoose } from './loose.js';
import { buildSelector, buildState } from './state.js';
import { buildBlockString } from './strings.js';
import { parseQuantity } from '../quantity.js';

/** `{ actions }` */
export function buildActionBlock(b: Builder, cst: CstNode | undefined): Action[] {
  const out: Action[] = [];
  b.separated(cst, 'action');
  for (const a of nodes(cst, 'action')) {
    const built = b.within(a, () => buildAction(b, a));
    if (built) out.push(built);
  }
  return out;
}

function buildAction(b: Builder, cst: CstNode): Action | undefined {
  const kubectl = toks(cst, 'KubectlLine')[0];
  if (kubectl) return buildKubectl(b, kubectl);
  const [key, child] = Object.entries(cst.children)[0] ?? [];
  const sub = child?.[0] as CstNode | undefined;
  if (!sub || !key) return undefined;
  return b.within(sub, (): Action | undefined => {
    const span = b.nodeSpan(sub);
    const w = toks(sub, 'Word');
    switch (key) {
      case 'applyAction':
        return buildApply(b, sub);
      case 'waitAction': {
        const state = node(sub, 'stateAssertion');
        if (state) {
          const within = toks(sub, 'Kw_within')[0];
          if (within) b.error(Code.Parse, '`wait until` takes `timeout D`, not `within D`', b.tokenSpan(within), `write \`wait until ${b.canonical(state)} timeout ${w[w.length - 1]?.image ?? '1m'}\``);
          const timeout = toks(sub, 'Kw_timeout').length ? w[w.length - 1] : undefined;
          const a: Action = { type: 'waitUntil', state: buildState(b, state), span };
          if (timeout) a.timeoutMs = b.duration(timeout);
          return a;
        }
        return { type: 'wait', ms: b.duration(w[0]) ?? 0, span };
      }
      case 'atAction':
      case 'asAction': {
        const loose = node(sub, 'looseStatement');
        if (loose) {
          const head = `${key === 'atAction' ? 'at' : 'as'} ${w[0]?.image ?? ''}`;
          const rest = b.src.text.slice(b.nodeSpan(loose).start.offset, b.nodeSpan(loose).end.offset).trim();
          b.error(Code.Parse, `\`${head}\` takes a block of actions in braces`, b.nodeSpan(loose), `write \`${head} { ${rest} }\``);
          return undefined;
        }
        if (key === 'atAction') return { type: 'at', ms: b.duration(w[0]) ?? 0, actions: buildActionBlock(b, node(sub, 'actionBlock')), span };
        return { type: 'as', user: w[0]?.image ?? '', actions: buildActionBlock(b, node(sub, 'actionBlock')), span };
      }
      case 'expectFailure': {
        const head = `expect failure${toks(sub, 'StringLit')[0] ? ' ' + toks(sub, 'StringLit')[0]!.image : ''}`;
        const loose = node(sub, 'looseStatement');
        if (loose) {
          const rest = b.src.text.slice(b.nodeSpan(loose).start.offset, b.nodeSpan(loose).end.offset).trim();
          b.error(Code.Parse, `\`${head}\` takes a block of actions in braces`, b.nodeSpan(loose), `write \`${head} { ${rest} }\``);
          return undefined;
        }
        const str = toks(sub, 'StringLit')[0];
        const a: Action = { type: 'expectFailure', actions: buildActionBlock(b, node(sub, 'actionBlock')), span };
        if (str) {
          a.pattern = unquote(str.image);
          a.patternSpan = b.tokenSpan(str);
        }
        return a;
      }
      case 'nodeFault':
        return toks(sub, 'Kw_fail').length ? { type: 'failNode', node: w[0]?.image ?? '', span } : { type: 'restoreNode', node: w[0]?.image ?? '', span };
      case 'imageFault':
        if (toks(sub, 'Kw_fails').length) return { type: 'imageFails', image: w[0]?.image ?? '', span };
        return { type: 'imagePullTime', image: w[0]?.image ?? '', ms: b.duration(w[1]) ?? 0, span };
      case 'crashFault':
        return buildCrash(b, sub, span);
      case 'probeFault':
        return buildProbeFault(b, sub, span);
      case 'etcdFault':
        return { type: 'etcdUnavailable', ms: b.duration(w[0]) ?? 0, span };
      case 'looseStatement':
        reportLoose(b, sub, 'actions');
        return undefined;
    }
    return undefined;
  });
}

function buildKubectl(b: Builder, t: IToken): Action {
  const span = b.tokenSpan(t);
  const after = t.image.slice('kubectl'.length);
  const lead = after.length - after.trimStart().length;
  const raw = after.trim();
  const start = t.startOffset + 'kubectl'.length + lead;
  return { type: 'kubectl', raw, rawSpan: b.src.span(start, start + raw.length), span };
}

/** `apply NAME | "file.yaml" | """yaml"""` (in actions and in clusters). */
export function buildApply(b: Builder, cst: CstNode): ApplyAction {
  const span = b.nodeSpan(cst);
  const name = toks(cst, 'Word')[0];
  const file = toks(cst, 'StringLit')[0];
  const block = toks(cst, 'BlockString')[0];
  if (file) return { type: 'apply', source: { kind: 'file', path: unquote(file.image), span: b.tokenSpan(file) }, span };
  if (block) return { type: 'apply', source: buildBlockString(b, block), span };
  return { type: 'apply', source: { kind: 'manifest', name: name?.image ?? '', span: b.tokenSpan(name) }, span };
}

/** `probe liveness|readiness|startup of pods SELECTOR fails [for D]` */
function buildProbeFault(b: Builder, cst: CstNode, span: Action['span']): Action | undefined {
  const [type, of, ...rest] = toks(cst, 'Word');
  const usage = 'usage: probe liveness|readiness|startup of pods SELECTOR fails [for D]';
  if (!type || !['liveness', 'readiness', 'startup'].includes(type.image)) {
    b.error(Code.Parse, `a probe is liveness, readiness or startup, not \`${type?.image ?? ''}\``, b.tokenSpan(type), usage);
    return undefined;
  }
  if (of?.image !== 'of') {
    b.error(Code.Parse, `expected \`of\` after \`probe ${type.image}\``, b.tokenSpan(of), usage);
    return undefined;
  }
  const a: Action = { type: 'probeFails', probe: type.image as 'liveness', selector: buildSelector(b, node(cst, 'selector')), span };
  const forKw = toks(cst, 'Kw_for')[0];
  const d = forKw ? rest.find((w) => w.startOffset > forKw.startOffset) : undefined;
  if (d) {
    const ms = b.duration(d);
    if (ms !== undefined) a.forMs = ms;
  }
  return a;
}

function buildCrash(b: Builder, cst: CstNode, span: Action['span']): Action {
  const words = toks(cst, 'Word');
  const use = toks(cst, 'Kw_use')[0];
  if (use) {
    const [what, q] = words.filter((w) => w.startOffset > use.startOffset);
    const selector = buildSelector(b, node(cst, 'selector'));
    if (what?.image === 'cpu') {
      b.error(Code.NotSimulated, 'kscn does not simulate `use cpu` yet: there is no metrics pipeline and no HorizontalPodAutoscaler to read it', b.tokenSpan(what), 'leave it out; scale by hand: kubectl scale deployment NAME --replicas=N (see docs/simulated.md)');
      return { type: 'useMemory', selector, bytes: 0, span };
    }
    if (what?.image !== 'memory') b.error(Code.Parse, `pods use memory or cpu, not \`${what?.image ?? ''}\``, b.tokenSpan(what), 'usage: pods SELECTOR use memory 600Mi');
    const bytes = q ? parseQuantity(q.image) : undefined;
    if (q && (bytes === undefined || bytes < 0)) b.error(Code.Quantity, `"${q.image}" is not a quantity`, b.tokenSpan(q), 'write a memory quantity such as 600Mi, 2Gi or 500M');
    return { type: 'useMemory', selector, bytes: Math.ceil(bytes ?? 0), span };
  }
  const ignore = toks(cst, 'Kw_ignore')[0];
  if (ignore) {
    const signal = words.find((w) => w.startOffset > ignore.startOffset);
    if (signal && signal.image !== 'SIGTERM') b.error(Code.Parse, `pods can ignore SIGTERM only, not \`${signal.image}\``, b.tokenSpan(signal), 'write: pods SELECTOR ignore SIGTERM (SIGKILL, after the grace period, cannot be ignored)');
    return { type: 'ignoreSigterm', selector: buildSelector(b, node(cst, 'selector')), span };
  }
  const after = toks(cst, 'Kw_after')[0];
  const exits = toks(cst, 'Kw_exit');
  const timeses = toks(cst, 'Kw_times');
  for (const dup of [exits[1], timeses[1]]) if (dup) b.error(Code.Parse, `\`${dup.image}\` is given twice`, b.tokenSpan(dup), 'usage: pods SELECTOR crash after 10s [exit 1] [times 3]');
  const exit = exits[0];
  const times = timeses[0];
  const next = (kw: IToken | undefined) => (kw ? words.find((w) => w.startOffset > kw.startOffset) : undefined);
  if (!toks(cst, 'Kw_crash').length) {
    // `pods SELECTOR exit N after D [times N]`
    const e: Action = { type: 'exit', selector: buildSelector(b, node(cst, 'selector')), exitCode: b.int(next(exits[0]), 'an exit code') ?? 0, afterMs: b.duration(next(after)) ?? 0, span };
    if (timeses[0]) {
      const n = b.int(next(timeses[0]), 'a number of times', 1);
      if (n !== undefined) e.times = n;
    }
    return e;
  }
  const a: Action = { type: 'crash', selector: buildSelector(b, node(cst, 'selector')), afterMs: b.duration(next(after)) ?? 0, span };
  if (exit) a.exitCode = b.int(next(exit), 'an exit code');
  if (times) a.times = b.int(next(times), 'a number of times', 1);
  if (a.exitCode === undefined) delete a.exitCode;
  if (a.times === undefined) delete a.times;
  return a;
}
