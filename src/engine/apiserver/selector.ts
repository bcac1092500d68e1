/**
 * Label selectors in kubectl syntax (`app=web,tier!=db,env in (a,b),!legacy`) and in the API's
 * LabelSelector shape (matchLabels + matchExpressions).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!exists'; key: string };

/** Parse kubectl selector syntax; undefined when it is not a selector. */
export function parseSelectorText(text: string): Requirement[] | undefined {
  const reqs: Requirement[] = [];
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      reqs.push({ op: m[2] as 'in', key: m[1]!, values: m[3]!.split(',').map((v) => v.trim()).filter(Boolean) });
    } else if ((m = /^([^\s!=(),]+)\s*(!=|==|=)\s*([^\s!=(),]*)$/.exec(p))) {
      reqs.push({ op: m[2] === '!=' ? '!=' : '=', key: m[1]!, value: m[3]! });
    } else if ((m = /^!([^\s!=(),]+)$/.exec(p))) {
      reqs.push({ op: '!exists', key: m[1]! });
    } else if ((m = /^([^\s!=(),]+)$/.exec(p))) {
      reqs.push({ op: 'exists', key: m[1]! });
    } else return undefined;
  }
  return reqs;
}

export function matchRequirements(reqs: Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const v = labels[r.key];
    switch (r.op) {
      case '=':
        return v === r.value;
      case '!=':
        return v !== r.value;
      case 'in':
        return v !== undefined && r.values.includes(v);
      case 'notin':
        return v === undefined || !r.values.includes(v);
      case 'exists':
        return v !== undefined;
      case '!exists':
        return v === undefined;
    }
  });
}

export function matchSelectorText(text: string, labels: Record<string, string>): boolean {
  const reqs = parseSelectorText(text);
  return !!reqs && matchRequirements(reqs, labels);
}

/** Does a metav1.LabelSelector match these labels? An empty selector matches everything. */
export function matchLabelSelector(sel: any, labels: Record<string, string>): boolean {
  if (!sel || typeof sel !== 'object') return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of (sel.matchExpressions ?? []) as any[]) {
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (v === undefined || !(e.values ?? []).includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && (e.values ?? []).includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
