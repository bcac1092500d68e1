/** CST → AST for expectations (§7) and diagram blocks (§9). */
import type { CstNode } from 'chevrotain';
import type { DiagramDecl, Expectation } from '../ast.js';
import { Code } from '../codes.js';
import { unquote } from '../strings.js';
import { node, nodes, toks, type Builder } from './context.js';
import { reportLoose } from './loose.js';
import { buildMessagePattern, buildState } from './state.js';

/** `{ expectations }` */
export function buildExpectBlock(b: Builder, cst: CstNode | undefined): Expectation[] {
  const out: Expectation[] = [];
  b.separated(cst, 'expectation');
  for (const e of nodes(cst, 'expectation')) {
    const built = b.within(e, () => buildExpectation(b, e));
    if (built) out.push(built);
  }
  return out;
}

function buildExpectation(b: Builder, cst: CstNode): Expectation | undefined {
  const [key, child] = Object.entries(cst.children)[0] ?? [];
  const sub = child?.[0] as CstNode | undefined;
  if (!sub || !key) return undefined;
  return b.within(sub, (): Expectation | undefined => {
    const span = b.nodeSpan(sub);
    const text = b.canonical(sub);
    const w = toks(sub, 'Word');
    switch (key) {
      case 'sequenceExpect': {
        for (const loose of nodes(sub, 'looseStatement')) reportLoose(b, loose, 'sequence');
        b.separated(sub, 'messagePattern', 'looseStatement');
        return { type: 'sequence', lines: nodes(sub, 'messagePattern').map((m) => buildMessagePattern(b, m)), span, text };
      }
      case 'neverExpect': {
        const msg = node(sub, 'messagePattern');
        if (msg) return { type: 'neverMessage', pattern: buildMessagePattern(b, msg), span, text };
        const state = buildState(b, node(sub, 'stateAssertion'));
        overStepWithin(b, sub, 'never', state.text);
        return { type: 'never', state, span, text };
      }
      case 'alwaysExpect': {
        const state = buildState(b, node(sub, 'stateAssertion'));
        overStepWithin(b, sub, 'always', state.text);
        return { type: 'always', state, span, text };
      }
      case 'eventsExpect': {
        const e: Expectation = { type: 'events', object: w[0]?.image ?? '', reasons: toks(node(sub, 'wordList'), 'Word').map((r) => r.image), span, text };
        const ns = namespaceOf(node(sub, 'namespaceFlag'));
        if (ns) e.namespace = ns;
        return e;
      }
      case 'eventExpect':
      case 'noEventExpect': {
        const message = toks(sub, 'StringLit')[0];
        const e: Expectation = { type: 'event', negated: key === 'noEventExpect', object: w[0]?.image ?? '', reason: w[1]?.image ?? '', span, text };
        const ns = namespaceOf(node(sub, 'namespaceFlag'));
        if (ns) e.namespace = ns;
        if (message) e.message = unquote(message.image);
        return e;
      }
      case 'outputExpect':
        return { type: 'output', pattern: unquote(toks(sub, 'StringLit')[0]?.image ?? '""'), span, text };
      case 'stateExpect': {
        const within = toks(sub, 'Word')[0];
        const e: Expectation = { type: 'state', state: buildState(b, node(sub, 'stateAssertion')), span, text };
        if (within) e.withinMs = b.duration(within);
        return e;
      }
      case 'looseStatement':
        reportLoose(b, sub, 'expectations');
        return undefined;
    }
    return undefined;
  });
}

/**
 * `always`/`never STATE` hold over the whole step (LANGUAGE.md §7.4): a `within` after them is an
 * error that says what to write instead.
 */
function overStepWithin(b: Builder, cst: CstNode, word: 'always' | 'never', state: string): void {
  const w = node(cst, 'overStepWithin');
  if (!w) return;
  const d = toks(w, 'Word')[0]?.image ?? 'D';
  const instead =
    word === 'always'
      ? `\`always ${state}\` checks every moment of the step; \`${state} within ${d}\` checks that it holds by ${d}`
      : `\`never ${state}\` checks every moment of the step; \`within\` goes with a state that must hold (\`${state} within ${d}\`) or a message (\`never FROM -> TO: VERB within ${d}\`)`;
  b.error(Code.Condition, `\`${word} STATE\` covers the whole step and takes no \`within\``, b.nodeSpan(w), instead);
}

/** `diagram ["TITLE"] { directives }` */
export function buildDiagram(b: Builder, cst: CstNode): DiagramDecl {
  const span = b.nodeSpan(cst);
  const title = toks(cst, 'StringLit')[0];
  const d: DiagramDecl = { type: 'Diagram', hide: [], focus: [], groups: [], span };
  if (title) d.title = unquote(title.image);
  b.separated(cst, 'directive');
  for (const dir of nodes(cst, 'directive')) {
    b.within(dir, () => {
      const list = toks(node(dir, 'wordList'), 'Word').map((w) => w.image);
      if (toks(dir, 'Kw_show').length) {
        d.show = [...(d.show ?? []), ...list];
        d.showSpans = [...(d.showSpans ?? []), ...toks(node(dir, 'wordList'), 'Word').map((w) => b.tokenSpan(w))];
      } else if (toks(dir, 'Kw_hide').length) {
        for (const w of toks(dir, 'Word')) {
          // `hide status|watch` is one word: each part gets its own place.
          let at = 0;
          for (const part of w.image.split('|')) {
            if (part !== '') {
              d.hide.push(part);
              (d.hideSpans ??= []).push(b.tokenSpan({ ...w, startOffset: w.startOffset + at, endOffset: w.startOffset + at + part.length - 1 }));
            }
            at += part.length + 1;
          }
        }
      } else if (toks(dir, 'Kw_detail').length) {
        const w = toks(dir, 'Word')[0];
        if (w) { d.detail = w.image; d.detailSpan = b.tokenSpan(w); }
      } else if (toks(dir, 'Kw_times').length) d.times = true;
      else if (toks(dir, 'Kw_focus').length) {
        d.focus.push(...list);
        d.focusSpans = [...(d.focusSpans ?? []), ...toks(node(dir, 'wordList'), 'Word').map((w) => b.tokenSpan(w))];
      }
      else if (toks(dir, 'Kw_group').length) d.groups.push({ title: unquote(toks(dir, 'StringLit')[0]?.image ?? '""'), members: list, span: b.nodeSpan(dir), memberSpans: toks(node(dir, 'wordList'), 'Word').map((w) => b.tokenSpan(w)) });
      else if (toks(dir, 'Kw_until').length) d.until = buildState(b, node(dir, 'stateAssertion'));
      else for (const loose of nodes(dir, 'looseStatement')) reportLoose(b, loose, 'diagram');
    });
  }
  return d;
}

/** The namespace of `-n NS` / `--namespace=NS` (LANGUAGE.md §12.1). */
function namespaceOf(cst: CstNode | undefined): string | undefined {
  const w = toks(cst, 'Word');
  if (!w.length) return undefined;
  return w[0]!.image.startsWith('--namespace=') ? w[0]!.image.slice('--namespace='.length) : w[1]?.image;
}
