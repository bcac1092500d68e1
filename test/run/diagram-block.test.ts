/** `kscn run` draws a scenario by its `diagram { … }` block (LANGUAGE.md §9). */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/run.js';
import { memoryIO } from '../report/io.js';

describe('kscn run with a diagram block', () => {
  it('writes the diagram the block asks for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-diag-'));
    writeFileSync(join(dir, 'd.kscn'), `
cluster one { node worker-1 { cpu 4; memory 8Gi } }
scenario "drawn my way" {
  given cluster one
  when { kubectl run busybox --image=busybox }
  then { pod busybox: Running }
  diagram "Creating a pod" {
    show kubectl, apiserver, scheduler, kubelet
    hide responses | etcd
  }
}
`);
    const io = memoryIO({ cwd: dir });
    expect(await run(['d.kscn', '--no-svg', '--out', 'out'], io)).toBe(0);
    const mmd = readFileSync(join(dir, 'out', 'd', 'drawn-my-way.mmd'), 'utf8');
    expect(mmd).toContain('Creating a pod');
    expect(mmd).not.toMatch(/participant etcd/);
    expect(mmd).not.toMatch(/-->>kubectl/);
    expect(mmd).toMatch(/scheduler->>apiserver: POST pods\/busybox\/binding/);
  });
});
