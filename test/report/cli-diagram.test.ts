import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { diagram } from '../../src/cli/diagram.js';
import { findChromium } from '../../src/report/chromium.js';
import { memoryIO } from './io.js';

// Chromium and the engine are slow on a loaded machine; none of these tests is about time.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const fixtures = new URL('../fixtures/report/', import.meta.url).pathname;
const chromium = findChromium();
const noChromium = 'missing' in chromium ? chromium.missing : '';

describe('kscn diagram', () => {
  it('prints the Mermaid text of the only scenario of a file', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['first.kscn'], io)).toBe(0);
    expect(io.out.startsWith('sequenceDiagram\n  autonumber\n  actor kubectl\n  participant apiserver as kube-apiserver\n')).toBe(true);
    expect(io.out).toMatch(/kubelet->>runtime: StartContainer busybox/);
    expect(io.err).toBe('');
  });

  it('applies the diagram block: title, hide, focus and until', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['two.kscn', '--scenario', 'pod until running'], io)).toBe(0);
    expect(io.out).toContain('  title Until the pod runs\n');
    expect(io.out).not.toContain('-->>kubectl');
    // Nothing after the write that made the pod Running (its etcd reply is a response: hidden).
    expect(io.out.trimEnd().split('\n').slice(-2).join('\n')).toBe('  kubelet->>apiserver: PATCH pods/busybox/status Running, Ready\n  apiserver->>etcd: PUT /registry/pods/default/busybox (status)');
  });

  it('draws the whole trace when until never holds, and says so at the end', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['until-never.kscn'], io)).toBe(0);
    expect(io.out).toContain('kubelet->>runtime: StartContainer busybox');
    expect(io.out.trimEnd().split('\n').pop()).toBe('  Note over kubectl,cni: until pod busybox: Succeeded never held: the whole trace is drawn');
  });

  it('marks where a failed sequence line expected its message', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['two.kscn', '--scenario', 'wrong image'], io)).toBe(0);
    expect(io.out).toMatch(/rect rgba\(220, 38, 38, 0\.15\)\n\s+Note over kubelet: ✗ expected here: kubelet -#gt; runtime: PullImage busybox\* \(two\.kscn:30\)/);
  });

  it('asks which scenario when the file has several, and lists them', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['two.kscn'], io)).toBe(2);
    expect(io.err).toContain('choose one with --scenario:\n  "pod until running"\n  "expects the wrong image"');
  });

  it('says what is wrong with the arguments, in one line and the usage', async () => {
    for (const argv of [[], ['a.kscn', 'b.kscn'], ['first.kscn', '--format', 'gif'], ['first.kscn', '--scenario'], ['first.kscn', '--png'], ['first.kscn', '--seed', 'x']]) {
      const io = memoryIO({ cwd: fixtures });
      expect(await diagram(argv, io)).toBe(2);
      expect(io.err).toMatch(/^kscn diagram: .+\nusage: kscn diagram FILE/);
    }
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['first.kscn', '--format', 'png'], io)).toBe(2);
    expect(io.err).toBe('kscn diagram: a PNG needs a file: add -o FILE.png\n');
  });

  it('reports a file that cannot be read with exit code 2', async () => {
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['missing.kscn'], io)).toBe(2);
    expect(io.err).toContain('missing.kscn');
  });

  it('says in one line how to get SVG when there is no Chromium', async () => {
    const io = memoryIO({ cwd: fixtures, env: { KSCN_CHROMIUM: '/nonexistent/chromium' } });
    expect(await diagram(['first.kscn', '--format', 'svg'], io)).toBe(2);
    expect(io.err).toBe('kscn diagram: cannot render SVG: KSCN_CHROMIUM=/nonexistent/chromium is not an executable file; `kscn diagram` without --format prints the Mermaid text\n');
  });

  it.skipIf(!!noChromium)(`writes SVG and PNG with -o${noChromium ? ` (skipped: ${noChromium})` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-diagram-'));
    const io = memoryIO({ cwd: fixtures });
    expect(await diagram(['first.kscn', '-o', join(dir, 'first.svg')], io)).toBe(0);
    expect(readFileSync(join(dir, 'first.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*kube-scheduler[\s\S]*<\/svg>$/);
    expect(await diagram(['first.kscn', '-o', join(dir, 'first.png')], io)).toBe(0);
    expect(readFileSync(join(dir, 'first.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);
});
