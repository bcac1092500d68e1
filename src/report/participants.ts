/**
 * Participants of a diagram: trace ids (LANGUAGE.md §8) → ordered Mermaid participants with
 * readable labels, distinct Mermaid ids and per-node boxes.
 */

import { PARTICIPANT_KINDS } from '../expect/participants.js';

/** The §8 order of roles; anything else comes after them, by name. */
const ROLE_ORDER: readonly string[] = PARTICIPANT_KINDS;

/** What a role is called in a diagram. */
const ROLE_LABEL: Record<string, string> = {
  kubectl: 'kubectl',
  apiserver: 'kube-apiserver',
  etcd: 'etcd',
  'controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  kubelet: 'kubelet',
  runtime: 'containerd',
  cni: 'CNI',
  'kube-proxy': 'kube-proxy',
  iptables: 'iptables',
};

/** A participant id split into its role and node: `kubelet@worker-1` → `{role: 'kubelet', node: 'worker-1'}`. */
export function splitParticipant(id: string): { role: string; node?: string } {
  const at = id.indexOf('@');
  return at < 0 ? { role: id } : { role: id.slice(0, at), node: id.slice(at + 1) };
}

/** One participant as drawn. */
export interface DrawnParticipant {
  /** The trace id (`kubelet@worker-1`), or for a folded role the role (`kubelet`). */
  id: string;
  /** The Mermaid id: letters, digits and `_` only, unique in the diagram. */
  mid: string;
  /** What the diagram shows (the alias); equal to `mid` when no alias is needed. */
  label: string;
  role: string;
  node?: string;
  /** Drawn as a stick figure (the user's client). */
  actor: boolean;
}

/** Compare two strings with digit runs compared as numbers (`worker-2` < `worker-10`). */
export function naturalCompare(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/**
 * Sort participant ids in drawing order: the control plane by role in §8 order, then each node's
 * participants together (nodes in natural order, `worker-2` before `worker-10`), then others by name.
 */
export function sortParticipants(ids: string[]): string[] {
  const keyed = ids.map((id) => {
    const { role, node } = splitParticipant(id);
    const r = rank(role);
    const onNode = node !== undefined && r >= 5 && r < ROLE_ORDER.length;
    // Control plane by role; node participants by node, then role; others by name.
    return { id, group: onNode ? 1 : r < 5 ? 0 : 2, r, node: onNode ? node! : '' };
  });
  keyed.sort((a, b) => a.group - b.group || (a.group === 1 && a.node !== b.node ? naturalCompare(a.node, b.node) : 0) || a.r - b.r || naturalCompare(a.id, b.id));
  return keyed.map((k) => k.id);
}

function rank(role: string): number {
  const i = ROLE_ORDER.indexOf(role);
  return i < 0 ? ROLE_ORDER.length : i;
}

/**
 * Draw these participant ids (already in drawing order). With at most one node, node
 * participants keep their role as Mermaid id (`kubelet`, `runtime`, `cni`), as TRACE-EXAMPLE.md
 * shows; with several, they get `kubelet_worker_1` and the label `kubelet (worker-1)`.
 */
export function drawParticipants(ids: string[]): DrawnParticipant[] {
  const nodes = new Set(ids.map((id) => splitParticipant(id).node).filter((n) => n !== undefined));
  const used = new Set<string>();
  return ids.map((id) => {
    const { role, node } = splitParticipant(id);
    const roleLabel = ROLE_LABEL[role] ?? role;
    const several = node !== undefined && nodes.size > 1;
    const label = several ? `${roleLabel} (${node})` : roleLabel;
    const mid = uniqueId(several ? `${role}_${node}` : role, used);
    return { id, mid, label, role, node, actor: role === 'kubectl' };
  });
}

/** Letters, digits and `_`; never a Mermaid keyword; unique among `used` (which it extends). */
function uniqueId(raw: string, used: Set<string>): string {
  let base = raw.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(base)) base = `p_${base}`;
  if (MERMAID_WORDS.has(base.toLowerCase())) base = `${base}_`;
  let mid = base;
  for (let i = 2; used.has(mid); i++) mid = `${base}_${i}`;
  used.add(mid);
  return mid;
}

const MERMAID_WORDS = new Set([
  'end', 'box', 'participant', 'actor', 'create', 'destroy', 'as', 'loop', 'rect', 'opt', 'alt', 'else', 'par',
  'par_over', 'and', 'critical', 'option', 'break', 'left', 'right', 'links', 'link', 'properties', 'details',
  'over', 'note', 'activate', 'deactivate', 'title', 'autonumber', 'off', 'sequencediagram',
]);

/** The first and last participant (Mermaid ids): a note over them spans the whole diagram. */
export function span(ps: DrawnParticipant[]): string[] {
  if (ps.length <= 1) return ps.map((p) => p.mid);
  return [ps[0]!.mid, ps[ps.length - 1]!.mid];
}
