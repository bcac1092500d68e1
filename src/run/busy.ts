/**
 * What kept a step busy when it stopped at its timeout: the pods that had not come to rest and
 * the last message the step sent, for the `W-STEP-TIMEOUT` warning.
 */
import type { Trace } from '../trace/types.js';
import { StateView } from '../expect/state-view.js';
import { podStatusText } from '../expect/state.js';
import { describeMessage, formatMs } from '../expect/messages.js';

/** A pod is at rest when it runs ready, or has finished. */
function atRest(pod: { status?: { phase?: string; conditions?: { type: string; status: string }[] }; metadata: { deletionTimestamp?: string } }): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return true;
  return phase === 'Running' && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * One clause saying what was still going on at the end of step `step`, e.g.
 * `pod crash is CrashLoopBackOff; last message at 5m: kubelet@worker-1 -> runtime@worker-1: StartContainer pod/crash`.
 */
export function describeBusy(trace: Trace, step: number): string {
  const view = new StateView(trace.changes);
  view.applyWhile((c) => c.step <= step);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pods = view.objects('pod').filter((p) => !atRest(p as any));
  const parts: string[] = [];
  if (pods.length) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const shown = pods.slice(0, 3).map((p) => `pod ${p.metadata.name} is ${podStatusText(p as any)}`);
    parts.push(shown.join(', ') + (pods.length > 3 ? ` and ${pods.length - 3} more` : ''));
  }
  // A component's own action says more than the storage traffic it causes.
  const msgs = trace.messages.filter((m) => m.step === step && !m.hidden && !['storage', 'storage-reply', 'response'].includes(m.kind));
  const last = msgs[msgs.length - 1];
  if (last) parts.push(`last message ${describeMessage(last)}`);
  return parts.join('; ') || `nothing shown happened since ${formatMs(trace.steps.find((s) => s.index === step)?.startMs ?? 0)}`;
}

/** A duration as written in a scenario: `1h`, `5m`, `90s`, `1.5s`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms >= 3600_000 && ms % 3600_000 === 0) return `${ms / 3600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return formatMs(ms);
}
