/**
 * End to end: the built `kscn` command run as a user would (npm test builds first).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/kscn.js');

function kscn(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kscn run', () => {
  it('prints a passed scenario\'s warnings as quiet notes, a failed one\'s as warnings', () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-'));
    const r = kscn(['run', 'scenarios/failures/crash-loop.kscn', '--out', out, '--no-svg']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {4}note: step 1 did not settle within/m);
    expect(r.out).not.toMatch(/^ {4}! /m);
  });

  it('fails a scenario at the line of an action that failed: file:line:col, the command, the server\'s text (LANGUAGE.md §12.1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-'));
    writeFileSync(join(dir, 'denied.kscn'), `cluster c {
  node worker-1 { cpu 4; memory 8Gi }
  user alice { allow get on pods }
}
scenario "a denial nobody expected" {
  given cluster c
  when {
    as alice { kubectl run web --image=nginx:1.27 }
    kubectl run after --image=nginx:1.27
  }
  then { pod after: Running }
}
scenario "the denial, expected" {
  given cluster c
  when { as alice { expect failure "forbidden" { kubectl run web --image=nginx:1.27 } } }
}
`);
    const r = kscn(['run', join(dir, 'denied.kscn'), '--out', join(dir, 'reports'), '--no-svg']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('× `kubectl run web --image=nginx:1.27` failed: Error from server (Forbidden): pods is forbidden: User "alice" cannot create resource "pods" in API group "" in the namespace "default"');
    expect(r.out).toMatch(/at .*denied\.kscn:8:16$/m);
    expect(r.out).toMatch(/✓ the denial, expected/);
    expect(r.out).toMatch(/^1 passed, 1 failed$/m);
  });

  it('`kscn diagram -o -` writes to standard output', () => {
    const r = kscn(['diagram', 'scenarios/pod-lifecycle.kscn', '-o', '-']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('sequenceDiagram\n')).toBe(true);
  });

  it('passes the first scenario and writes its diagram', () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-'));
    const r = kscn(['run', 'scenarios/pod-lifecycle.kscn', '--out', out, '--no-svg']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ kubectl run creates a running pod/);
    expect(r.out).toMatch(/^1 passed, 0 failed$/m);
    const mmd = readFileSync(join(out, 'pod-lifecycle', 'kubectl-run-creates-a-running-pod.mmd'), 'utf8');
    expect(mmd.startsWith('sequenceDiagram\n')).toBe(true);
    const lines = mmd.split('\n').map((l) => l.trim());
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const order = [
      /^kubectl->>apiserver: POST \/api\/v1\/namespaces\/default\/pods$/,
      /^apiserver->>etcd: PUT \/registry\/pods\/default\/busybox$/,
      /^apiserver-\)scheduler: WATCH ADDED Pod default\/busybox \(no node\)$/,
      /^scheduler->>apiserver: POST pods\/busybox\/binding → worker-\d$/,
      /^apiserver-\)kubelet: WATCH ADDED Pod default\/busybox$/,
      /^kubelet->>runtime: RunPodSandbox busybox/,
      /^runtime->>cni: CNI ADD → 10\.244\.\d+\.\d+$/,
      /^kubelet->>runtime: PullImage busybox:latest$/,
      /^kubelet->>runtime: StartContainer busybox$/,
      /^kubelet->>apiserver: PATCH pods\/busybox\/status Running, Ready$/,
    ].map(at);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('fails a scenario whose sequence puts the bind before the creation, naming the line', () => {
    const out = mkdtempSync(join(tmpdir(), 'kscn-'));
    const r = kscn(['run', 'test/fixtures/failing/bind-before-create.kscn', '--out', out, '--no-svg']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ kubectl run creates a running pod/);
    expect(r.out).toContain('no message matched "kubectl -> apiserver: create pod/busybox" after "scheduler -> apiserver: bind pod/busybox node=worker-*"');
    expect(r.out).toContain('test/fixtures/failing/bind-before-create.kscn:15:7');
    expect(r.out).toMatch(/^0 passed, 1 failed$/m);
  });

  it('gives the same diagram for the same seed, byte for byte', () => {
    const a = mkdtempSync(join(tmpdir(), 'kscn-'));
    const b = mkdtempSync(join(tmpdir(), 'kscn-'));
    kscn(['run', 'scenarios/pod-lifecycle.kscn', '--out', a, '--no-svg', '--reporter', 'json']);
    kscn(['run', 'scenarios/pod-lifecycle.kscn', '--out', b, '--no-svg', '--reporter', 'json']);
    const mmd = (d: string) => readFileSync(join(d, 'pod-lifecycle', 'kubectl-run-creates-a-running-pod.mmd'), 'utf8');
    expect(mmd(a)).toBe(mmd(b));
    expect(readdirSync(a).sort()).toEqual(readdirSync(b).sort());
  });

  it('exits 2 with a usage line on an unknown option, without a stack trace', () => {
    const r = kscn(['run', '--sed', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option --sed (did you mean --seed?)');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  // LANGUAGE.md §10: every command answers --help with its options (exit 0) and refuses an
  // unknown flag with one line naming it (exit 2).
  it.each(['run', 'check', 'fmt', 'diagram', 'trace', 'record', 'explain', 'explore'])('kscn %s --help prints its usage; an unknown flag exits 2', (cmd) => {
    const h = kscn([cmd, '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toMatch(new RegExp(`^usage: kscn ${cmd} `));
    const u = kscn([cmd, 'scenarios/pod-lifecycle.kscn', '--bogus']);
    expect(u.code).toBe(2);
    expect(u.err.split('\n')[0]).toBe(`kscn ${cmd}: unknown option --bogus`);
  });

  it('exits 2 on an unknown command with a suggestion', () => {
    const r = kscn(['rn']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean `kscn run`?');
  });

  it('prints the trace as JSON in the shape of LANGUAGE.md §11', () => {
    const r = kscn(['trace', 'scenarios/pod-lifecycle.kscn', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['scenario', 'seed', 'steps', 'messages', 'events', 'output']);
    expect(j.messages[0]).toMatchObject({ seq: 1, timeMs: 0, from: 'kubectl', to: 'apiserver', verb: 'create', target: 'pod/busybox', label: 'POST /api/v1/namespaces/default/pods' });
    expect(j.events.map((e: { reason: string }) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
    expect(j.messages.filter((m: { to: string; from: string }) => m.to === 'etcd' && m.from !== 'apiserver')).toEqual([]);
  });
});
