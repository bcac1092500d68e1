/**
 * Participant patterns (LANGUAGE.md §8): `kubelet` matches every node's kubelet, `kubelet@worker-1`
 * one of them, `*` anyone, `!apiserver` anyone but the apiserver; globs and `a|b` work as for names.
 */
import { compilePattern } from '../lang/pattern.js';

/** Does a participant id (`kubelet@worker-1`) match a pattern (`kubelet`, `kubelet@worker-*`, `!apiserver`)? */
export function matchParticipant(pattern: string, participant: string): boolean {
  if (pattern.startsWith('!') && pattern.length > 1) return !matchParticipant(pattern.slice(1), participant);
  if (pattern.includes('|')) return pattern.split('|').some((p) => matchParticipant(p, participant));
  if (compilePattern(pattern)(participant)) return true;
  // A pattern without `@` names the component on every node.
  if (!pattern.includes('@')) {
    const at = participant.indexOf('@');
    if (at >= 0) return compilePattern(pattern)(participant.slice(0, at));
  }
  return false;
}

/** The participant kinds of §8, in their diagram order. */
export const PARTICIPANT_KINDS = ['kubectl', 'apiserver', 'etcd', 'controller-manager', 'scheduler', 'kubelet', 'runtime', 'cni', 'kube-proxy', 'iptables'] as const;
