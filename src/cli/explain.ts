/**
 * `kscn explain FILE --scenario TITLE --pod NAME [--json] [--all-nodes] [--seed N]`: runs the
 * scenario with scheduler explanations on and shows, for each scheduling attempt of the pod, every
 * filter plugin's verdict per node, the per-plugin scores, the totals and the winner — as a table,
 * or as JSON in the shape of LANGUAGE.md §11.
 */
import { escapeTerminal } from '../report/escape.js';
import { runScenario } from '../run/run.js';
import type { SchedulingAttempt } from '../trace/types.js';
import { formatMs } from '../expect/messages.js';
import { closest } from '../lang/did-you-mean.js';
import type { Command } from './io.js';
import { scenarioCommand } from './scenario-arg.js';

const USAGE = 'usage: kscn explain FILE [--scenario TITLE] --pod NAME [--json] [--all-nodes] [--seed N]';

/** The JSON of LANGUAGE.md §11 for one pod's attempts. */
export function explainJson(pod: string, attempts: readonly SchedulingAttempt[], allNodes: boolean): unknown {
  return {
    pod,
    attempts: attempts.map((a) => ({
      timeMs: a.timeMs,
      selected: a.selected,
      message: a.message,
      nodes: a.nodes.map((n) => ({
        node: n.node,
        feasible: n.feasible,
        filter: n.filter.map((f) => ({ plugin: f.plugin, code: f.code, reasons: f.reasons })),
        score: n.feasible || allNodes ? n.score.map((s) => ({ plugin: s.plugin, raw: s.raw, normalized: s.normalized, weight: s.weight })) : [],
        total: n.feasible || allNodes ? n.total : 0,
      })),
    })),
  };
}

const CODE_CELL: Record<string, string> = { Success: 'ok', Unschedulable: 'fail', UnschedulableAndUnresolvable: 'fail*', Error: 'error' };

/** One attempt as a table: a column per filter plugin, a column per score plugin (normalized×weight), the total. */
export function explainTable(a: SchedulingAttempt, allNodes: boolean): string {
  const filters = [...new Set(a.nodes.flatMap((n) => n.filter.map((f) => f.plugin)))];
  const scores = [...new Set(a.nodes.flatMap((n) => n.score.map((s) => s.plugin)))];
  const header = ['node', ...filters, ...scores.map((s) => `${s} (n×w)`), 'total', ''];
  const rows = a.nodes.map((n) => {
    const showScore = n.feasible || allNodes;
    return [
      n.node,
      ...filters.map((p) => {
        const f = n.filter.find((x) => x.plugin === p);
        return f ? CODE_CELL[f.code] ?? f.code : '-';
      }),
      ...scores.map((p) => {
        const s = n.score.find((x) => x.plugin === p);
        return s && showScore ? `${s.normalized}×${s.weight}` : '-';
      }),
      showScore && n.score.length ? String(n.total) : '-',
      n.node === a.selected ? '← selected' : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  let out = line(header) + rows.map(line).join('');
  const reasons = a.nodes.flatMap((n) => n.filter.filter((f) => f.reasons.length).map((f) => `  ${n.node}: ${f.plugin}: ${f.reasons.join('; ')}\n`));
  if (reasons.length) out += `\n  why (fail = Unschedulable, fail* = UnschedulableAndUnresolvable):\n${reasons.map((r) => '  ' + r).join('')}`;
  return out;
}

export const explain: Command = async (argv, io) => {
  const a = await scenarioCommand('explain', argv, io, USAGE, { pod: { type: 'string' }, json: { type: 'boolean' }, 'all-nodes': { type: 'boolean' } });
  if (typeof a === 'number') return a;
  const podArg = a.values.pod as string | undefined;
  if (!podArg) {
    io.stderr(`kscn explain: name the pod with --pod NAME\n${USAGE}\n`);
    return 2;
  }
  const allNodes = !!a.values['all-nodes'];
  const r = runScenario(a.file, a.scenario, { seed: a.seed, explain: allNodes ? 'all' : 'feasible' });
  const key = podArg.includes('/') ? podArg : `default/${podArg}`;
  const attempts = r.trace.scheduling.filter((a) => a.pod === key || (!podArg.includes('/') && a.pod.endsWith(`/${podArg}`)));
  if (!attempts.length) {
    const pods = [...new Set(r.trace.scheduling.map((a) => a.pod))];
    const near = podArg.includes('/') ? closest(key, pods) : closest(podArg, pods.map((x) => x.split('/')[1]!));
    const known = pods.length ? `pods scheduled in the scenario: ${pods.join(', ')}` : 'no pod was scheduled after the set-up';
    io.stderr(`kscn explain: no scheduling attempt for pod "${podArg}"${near ? ` (did you mean "${near}"?)` : ''}; ${known}\n`);
    return 2;
  }
  const pod = attempts[0]!.pod;
  if (a.values.json) {
    io.stdout(JSON.stringify(explainJson(pod, attempts, allNodes), null, 2) + '\n');
    return 0;
  }
  io.stdout(`${escapeTerminal(r.title)} (seed ${r.seed}) — pod ${pod}, ${attempts.length} scheduling attempt${attempts.length === 1 ? '' : 's'}\n`);
  attempts.forEach((a, i) => {
    const outcome = a.selected ? `→ ${a.selected}` : `unschedulable: ${a.message}`;
    io.stdout(`\nattempt ${i + 1} at ${formatMs(a.timeMs)} ${outcome}\n`);
    io.stdout(explainTable(a, allNodes));
  });
  return 0;
};
