/**
 * Issue 18 §4: bounded memory. Objects and the trace are capped with a message naming the cap
 * and how to raise it (exit 2); a long trace of repeated work is compacted, keeping what the
 * expectations need. The 1,000-hour crash loop's peak memory is a row of `npm run bench`
 * (bench/long.mjs), not a timed test.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { COMPACT_FROM, TraceRecorder } from '../../src/trace/recorder.js';
import { runText } from '../run/helpers.js';
import { memoryIO } from '../report/io.js';

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['KSCN_MAX_OBJECTS', 'KSCN_MAX_TRACE']) if (saved[k] === undefined) delete process.env[k];
});

async function runFile(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-lim-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'l.kscn'), text);
  const io = memoryIO({ cwd: dir });
  const code = await run(['l.kscn', '--no-svg', '--out', 'out'], io);
  return { code, out: io.out, err: io.err };
}

describe('caps on objects', () => {
  it('--replicas=1000000 stops at once with the cap and how to raise it (exit 2)', async () => {
    const r = await runFile(`cluster c { node n-1 { cpu 4; memory 8Gi } }
scenario "huge" {
  given cluster c
  when { kubectl create deployment web --image=nginx --replicas=1000000 }
  then { deployment web: 1 ready }
}
`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Deployment web asks for 1,000,000 replicas, more than the 150,000 objects a scenario may hold');
    expect(r.out).toContain('KSCN_MAX_OBJECTS=N');
    expect(r.out).toContain('l.kscn:4:');
  });
  it('node w-[1..100000] is refused before the cluster is made', async () => {
    const r = await runFile(`cluster c { node w-[1..100000] { cpu 1; memory 1Gi } }
scenario "many nodes" {
  given cluster c
  when { kubectl run a --image=busybox }
  then { pod a: Running }
}
`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('the cluster has 100,000 nodes, more than the 150,000 objects a scenario may hold allow');
    expect(r.out).toContain('KSCN_MAX_OBJECTS=N');
  });
  it('many kubectl run lines stop at the object cap (KSCN_MAX_OBJECTS lowers it)', async () => {
    process.env.KSCN_MAX_OBJECTS = '40';
    const runs = Array.from({ length: 60 }, (_, i) => `    kubectl run p-${i} --image=busybox`).join('\n');
    const r = await runFile(`cluster c { node n-1 { cpu 64; memory 64Gi } }
scenario "many pods" {
  given cluster c
  when {
${runs}
  }
  then { pod p-0: Running }
}
scenario "small" {
  given cluster c
  when { kubectl run a --image=busybox }
  then { pod a: Running }
}
`);
    expect(r.code).toBe(2);
    expect(r.out).toContain('the cluster holds more than 40 objects, the most a scenario may create; it was stopped there');
    // The other scenario ran and passed.
    expect(r.out).toMatch(/✓ small/);
  });
});

describe('Events and the object cap', () => {
  it('Events do not count: 30 pods and their 150 Events run under a cap of 80 objects', async () => {
    process.env.KSCN_MAX_OBJECTS = '80';
    const r = await runFile(`cluster c { node n-1 { cpu 64; memory 64Gi } }
scenario "thirty pods" {
  given cluster c
  when { kubectl create deployment web --image=busybox --replicas=30 }
  then { pods app=web: 30 Running }
}
`);
    expect(r.out).toMatch(/✓ thirty pods/);
    expect(r.code).toBe(0);
  });
});

describe('the trace is compacted and capped', () => {
  it('keeps each repeated shape once (background) or three times (shown), every message of the recent window, and says so', () => {
    const clock = { now: 0 };
    const rec = new TraceRecorder(clock);
    rec.beginStep(1, 'step');
    for (let i = 0; rec.compactions === 0; i++) {
      clock.now += 10;
      rec.message({ from: 'kubelet@n-1', to: 'apiserver', kind: 'request', verb: 'patch', target: 'node/n-1', attrs: { rev: String(i) }, label: 'PATCH', hidden: 'heartbeat' });
      if (i % 100 === 0) rec.message({ from: 'kubelet@n-1', to: 'runtime@n-1', kind: 'cri', verb: 'StartContainer', target: 'pod/a', label: 'StartContainer a' });
    }
    const ms = rec.trace.messages;
    expect(ms.length).toBeLessThan(COMPACT_FROM / 2);
    expect(ms.filter((m) => m.verb === 'StartContainer' && m.seq < ms[ms.length - 10_000]!.seq).length).toBe(3);
    expect(ms.filter((m) => m.hidden === 'heartbeat' && m.seq < ms[ms.length - 10_000]!.seq).length).toBe(1);
    // Sorted by seq, and each findable by it.
    for (let i = 1; i < ms.length; i++) expect(ms[i]!.seq).toBeGreaterThan(ms[i - 1]!.seq);
    expect(rec.bySeq(ms[5]!.seq)).toBe(ms[5]);
    expect(rec.trace.notes.at(-1)!.text).toMatch(/^trace compacted: [\d,]+ repeated messages/);
  });
  it('counting only the messages since the last compaction keeps what counting them all again would', () => {
    // Two recorders fed the same messages, and the same receivers marking old ones idle: the second
    // is made to count every message again at each compaction (as if a counted one changed).
    const run = (recount: boolean) => {
      const clock = { now: 0 };
      const rec = new TraceRecorder(clock);
      rec.beginStep(1, 'step');
      let x = 12345;
      const rnd = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8) % n;
      for (let i = 0; i < 180_000; i++) {
        if (recount) (rec as unknown as { countedStale: boolean }).countedStale = true;
        clock.now += rnd(3);
        const hidden = ([undefined, undefined, 'event', 'reply', 'heartbeat'] as const)[rnd(5)];
        rec.message({ from: 'apiserver', to: `kubelet@n-${rnd(4)}`, kind: 'watch', verb: 'watch', target: `pod/p-${rnd(300)}`, attrs: { type: 'MODIFIED', rv: String(i) }, label: `m${i}`, hidden });
        // A receiver marks a message idle, sometimes one older than the recent window.
        if (rnd(7) === 0) rec.hide(Math.max(1, rec.lastSeq - rnd(rnd(10) === 0 ? 60_000 : 200)), 'idle');
      }
      return rec;
    };
    const a = run(false);
    const b = run(true);
    expect(a.compactions).toBeGreaterThanOrEqual(3);
    expect(a.dropped).toBeGreaterThan(10_000);
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
  });

  it('a trace past KSCN_MAX_TRACE stops the scenario with the cap and how to raise it', () => {
    process.env.KSCN_MAX_TRACE = '2000';
    const [r] = runText(`cluster c { node n-1 { cpu 4; memory 8Gi } }
scenario "crash" {
  given cluster c
  timeout 3h
  when {
    pods run=x crash after 1s exit 1
    kubectl run x --image=busybox
  }
  then { pod x: restarts >= 1 }
}
`);
    expect(r!.status).toBe('error');
    expect(r!.errors[0]!.message).toBe('the trace holds more than 2,000 entries, the most a scenario may record; it was stopped there');
    expect(r!.errors[0]!.hint).toContain('KSCN_MAX_TRACE=N');
  });
});
