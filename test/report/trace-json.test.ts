import { describe, expect, it, vi } from 'vitest';
import { trace } from '../../src/cli/trace.js';
import { memoryIO } from './io.js';

vi.setConfig({ testTimeout: 60_000 });

const fixtures = new URL('../fixtures/report/', import.meta.url).pathname;

describe('kscn trace --json (LANGUAGE.md §11)', () => {
  it('has every field §11 names, and keeps the event host and the message kind', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await trace(['first.kscn', '--json'], io)).toBe(0);
    const j = JSON.parse(io.out);
    expect(Object.keys(j)).toEqual(['scenario', 'seed', 'steps', 'messages', 'events', 'output']);
    expect(j.steps[0]).toMatchObject({ startMs: 0, index: 1, ended: 'settled' });
    expect(typeof j.steps[0].endMs).toBe('number');
    const create = j.messages[0];
    expect(create).toMatchObject({ seq: 1, timeMs: 0, from: 'kubectl', to: 'apiserver', verb: 'create', target: 'pod/busybox', attrs: { ns: 'default', user: 'admin' }, label: 'POST /api/v1/namespaces/default/pods', step: 1, kind: 'request' });
    // Hidden messages are in the trace, marked with why.
    expect(j.messages.some((m: { hidden?: string }) => m.hidden === 'event')).toBe(true);
    const scheduled = j.events.find((e: { reason: string }) => e.reason === 'Scheduled');
    expect(scheduled).toMatchObject({ object: 'pod/busybox', namespace: 'default', type: 'Normal', source: 'default-scheduler' });
    expect(scheduled.message).toMatch(/^Successfully assigned default\/busybox to worker-\d$/);
    expect(typeof scheduled.timeMs).toBe('number');
    // A kubelet's Event names its node: source.host, as `kubectl describe` shows "kubelet, worker-1".
    const started = j.events.find((e: { reason: string }) => e.reason === 'Started');
    expect(started).toMatchObject({ source: 'kubelet', host: expect.stringMatching(/^worker-\d$/) });
  });

  it('lists Events with who reported them, kubelet and node', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await trace(['first.kscn'], io)).toBe(0);
    expect(io.out).toMatch(/Started\s+kubelet, worker-\d\s+Container started/);
  });
});
