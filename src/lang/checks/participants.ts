/**
 * Participants (§8) in message patterns and diagrams, and the kinds of message a diagram may
 * hide: each known, with "did you mean …".
 */
import type { Span } from '../ast.js';
import { Code } from '../codes.js';
import { closest } from '../did-you-mean.js';
import type { CheckContext } from './context.js';
import { eachMessagePattern } from './walk.js';

/** Participants of the trace, in the order of §8. */
export const PARTICIPANTS = ['kubectl', 'apiserver', 'etcd', 'controller-manager', 'scheduler', 'kubelet', 'runtime', 'cni', 'kube-proxy', 'iptables'];
/** Participants that exist once per node (`kubelet@worker-1`). */
const PER_NODE = new Set(['kubelet', 'runtime', 'cni', 'kube-proxy', 'iptables']);
/** What `hide` can leave out of a diagram. */
export const HIDE_KINDS = ['responses', 'watch', 'etcd', 'events', 'notes', 'heartbeats', 'leases', 'status'];

/** What `detail` takes (LANGUAGE.md §12.3). */
export const DETAILS = ['summary', 'full'];

/** Check one participant pattern (`kubelet@worker-*`, `!apiserver`, `a|b`, `*`); report it if unknown. */
function checkParticipant(ctx: CheckContext, pattern: string, span: Span, users: Set<string>): void {
  for (const alt of pattern.replace(/^!/, '').split('|')) {
    if (alt.startsWith('!')) continue; // a misplaced `!`: the pattern check says where it goes
    const [base, at] = alt.split('@') as [string, string | undefined];
    if (/[*?]/.test(base) || base === '') continue;
    if (!PARTICIPANTS.includes(base)) {
      const near = closest(base, PARTICIPANTS);
      ctx.report(Code.Participant, `unknown participant \`${base}\``, span, near ? `did you mean \`${near}\`?` : `participants: ${PARTICIPANTS.join(', ')}`);
    } else if (at !== undefined && !PER_NODE.has(base) && !(base === 'kubectl' && users.has(at))) {
      const hint = base === 'kubectl' ? `every user's client is \`kubectl\`; a request names its user as an attribute: \`kubectl -> apiserver: create pod/x user=${at || 'alice'}\`` : `per-node participants: ${[...PER_NODE].join(', ')}`;
      ctx.report(Code.Participant, `\`${base}\` is not per node: write \`${base}\`, not \`${alt}\``, span, hint);
    }
  }
}

export function knownParticipants(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    const users = new Set<string>(['admin']);
    eachMessagePattern(s, (m) => {
      checkParticipant(ctx, m.from, m.fromSpan ?? m.span, users);
      checkParticipant(ctx, m.to, m.toSpan ?? m.span, users);
    });
    const d = s.diagram;
    if (!d) continue;
    (d.show ?? []).forEach((p, i) => checkParticipant(ctx, p, d.showSpans?.[i] ?? d.span, users));
    for (const g of d.groups) g.members.forEach((p, i) => checkParticipant(ctx, p, g.memberSpans?.[i] ?? g.span, users));
    d.hide.forEach((h, i) => {
      if (!HIDE_KINDS.includes(h)) {
        const near = closest(h, HIDE_KINDS);
        ctx.report(Code.Diagram, `cannot hide \`${h}\``, d.hideSpans?.[i] ?? d.span, near ? `did you mean \`${near}\`?` : `hide takes: ${HIDE_KINDS.join(' | ')}`);
      }
    });
    if (d.detail !== undefined && !DETAILS.includes(d.detail)) {
      const near = closest(d.detail, DETAILS);
      ctx.report(Code.Diagram, `unknown detail \`${d.detail}\``, d.detailSpan ?? d.span, near ? `did you mean \`detail ${near}\`?` : 'detail takes: summary (the default: pods made alike drawn once) | full (every message)');
    }
  }
}
