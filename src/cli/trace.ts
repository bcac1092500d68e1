/**
 * `kscn trace FILE [--scenario TITLE] [--json] [--all]`: the trace of a scenario as a table (what
 * the default diagram shows, or every message with --all) or as JSON (LANGUAGE.md §11).
 */
import { escapeTerminal } from '../report/escape.js';
import { runScenario } from '../run/run.js';
import type { ScenarioResult } from '../run/result.js';
import { formatMs } from '../expect/messages.js';
import type { Command } from './io.js';
import { scenarioCommand } from './scenario-arg.js';

const USAGE = 'usage: kscn trace FILE [--scenario TITLE] [--seed N] [--json] [--all]';

/**
 * The JSON shape of LANGUAGE.md §11. Fields beyond §11 (allowed: "add fields freely"): a step's
 * `index`, `title` and how it `ended`; a message's `step`, `kind`, `hidden` and `inReplyTo`; an
 * Event's `step`, `host` (source.host, the kubelet's node) and `action`. At the top level, the
 * five keys of §11 and `output`: the lines kubectl printed (`{ timeMs, step, stream, text, command }`, §12.2).
 */
export function traceJson(r: ScenarioResult): unknown {
  const t = r.trace;
  return {
    scenario: r.title,
    seed: r.seed,
    steps: t.steps.map((s) => ({ startMs: s.startMs, endMs: s.endMs, index: s.index, title: s.title, ended: s.ended })),
    messages: t.messages.map((m) => ({
      seq: m.seq, timeMs: m.timeMs, from: m.from, to: m.to, verb: m.verb, target: m.target, attrs: m.attrs, label: m.label,
      step: m.step, kind: m.kind,
      ...(m.hidden ? { hidden: m.hidden } : {}),
      ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    })),
    events: t.events.map((e) => ({
      timeMs: e.timeMs, object: e.object, namespace: e.namespace, type: e.type, reason: e.reason, message: e.message, source: e.source,
      ...(e.host ? { host: e.host } : {}),
      ...(e.action ? { action: e.action } : {}),
      step: e.step,
    })),
    output: (t.output ?? []).map((o) => ({ timeMs: o.timeMs, step: o.step, stream: o.stream, text: o.text, command: o.command })),
  };
}

export const trace: Command = async (argv, io) => {
  const a = await scenarioCommand('trace', argv, io, USAGE, { json: { type: 'boolean' }, all: { type: 'boolean' } });
  if (typeof a === 'number') return a;
  const r = runScenario(a.file, a.scenario, { seed: a.seed });
  if (a.values.json) {
    io.stdout(JSON.stringify(traceJson(r), null, 2) + '\n');
    return 0;
  }
  const rows = r.trace.messages.filter((m) => a.values.all || !m.hidden);
  const w = { seq: 5, time: 9, from: Math.max(4, ...rows.map((m) => m.from.length)), to: Math.max(2, ...rows.map((m) => m.to.length)) };
  io.stdout(`${escapeTerminal(r.title)} (seed ${r.seed}) — ${rows.length} of ${r.trace.messages.length} messages${a.values.all ? '' : ' (hidden ones: --all)'}\n`);
  io.stdout(`${'#'.padStart(w.seq)}  ${'time'.padStart(w.time)}  ${'from'.padEnd(w.from)}  ${'to'.padEnd(w.to)}  message\n`);
  for (const m of rows) {
    io.stdout(`${String(m.seq).padStart(w.seq)}  ${formatMs(m.timeMs).padStart(w.time)}  ${m.from.padEnd(w.from)}  ${m.to.padEnd(w.to)}  ${escapeTerminal(m.label)}${m.hidden ? `  [${m.hidden}]` : ''}\n`);
  }
  if (r.trace.events.length) {
    io.stdout('\nEvents:\n');
    // As `kubectl describe` lists them: type, reason, from (source.component, source.host), message.
    const from = (e: (typeof r.trace.events)[number]) => (e.host ? `${e.source}, ${e.host}` : e.source);
    const wf = Math.max(4, ...r.trace.events.map((e) => from(e).length));
    for (const e of r.trace.events) io.stdout(`  ${formatMs(e.timeMs).padStart(w.time)}  ${e.object.padEnd(28)} ${e.type.padEnd(7)} ${e.reason.padEnd(18)} ${from(e).padEnd(wf)}  ${escapeTerminal(e.message)}\n`);
  }
  const printed = (r.trace.output ?? []).filter((o) => o.step > 0);
  if (printed.length) {
    io.stdout('\nkubectl printed:\n');
    for (const o of printed) io.stdout(`  ${formatMs(o.timeMs).padStart(w.time)}  ${o.stream === 'stderr' ? '(stderr) ' : ''}${o.text}\n`);
  }
  return 0;
};
