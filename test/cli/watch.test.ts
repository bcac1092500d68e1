/**
 * `kscn run --watch`: after the first run, a change reruns only the affected files — the file
 * itself, or the files that import the changed one — and a file that stops checking prints its
 * diagnostics while the watch goes on. The built CLI runs as a user starts it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { affected, dependencies } from '../../src/cli/watch.js';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kscn-watch-'));
let child: ChildProcess | undefined;
afterAll(() => child?.kill());

const CLUSTERS = 'cluster small {\n  node worker-1 { cpu 4; memory 8Gi }\n}\n';
const A = 'import "../common/clusters.kscn"\nmanifest web from "../common/web.yaml"\nscenario "a runs" {\n  given cluster small\n  when { kubectl run a --image=nginx }\n  then { pod a: Running }\n}\n';
const B = 'scenario "b runs" {\n  given cluster { node n-1 { cpu 2; memory 4Gi } }\n  when { kubectl run b --image=nginx }\n  then { pod b: Running }\n}\n';

function setUp() {
  mkdirSync(join(dir, 'common'), { recursive: true });
  mkdirSync(join(dir, 'scen'), { recursive: true });
  writeFileSync(join(dir, 'common/clusters.kscn'), CLUSTERS);
  writeFileSync(join(dir, 'common/web.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: web, image: nginx }] }\n');
  writeFileSync(join(dir, 'scen/a.kscn'), A);
  writeFileSync(join(dir, 'scen/b.kscn'), B);
  writeFileSync(join(dir, 'package.json'), '{}');
}

describe('kscn run --watch', () => {
  it('knows which files read which', () => {
    setUp();
    expect([...dependencies(join(dir, 'scen/a.kscn'))].sort()).toEqual([join(dir, 'common/clusters.kscn'), join(dir, 'common/web.yaml')]);
    expect(affected(['scen'], dir, new Set([join(dir, 'common/web.yaml')]))).toEqual(['scen/a.kscn']);
    expect(affected(['scen'], dir, new Set([join(dir, 'scen/b.kscn')]))).toEqual(['scen/b.kscn']);
  });

  it('reruns the files a change affects, and keeps watching through a file that does not check', async () => {
    setUp();
    child = spawn(process.execPath, [join(root, 'bin/kscn.js'), 'run', 'scen', '--watch', '--no-svg'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    /** Wait until the output has `n` "watching" lines, then return what came since `from`. */
    const until = async (n: number, from: number) => {
      const deadline = Date.now() + 50_000;
      while ((out.match(/^watching for changes/gm) ?? []).length < n) {
        if (Date.now() > deadline) throw new Error(`no rerun; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return out.slice(from);
    };
    const first = await until(1, 0);
    expect(first).toMatch(/✓ a runs/);
    expect(first).toMatch(/✓ b runs/);

    let mark = out.length;
    writeFileSync(join(dir, 'common/clusters.kscn'), CLUSTERS.replace('cpu 4', 'cpu 8'));
    const second = await until(2, mark);
    expect(second).toMatch(/^common\/clusters\.kscn changed: rerunning scen\/a\.kscn$/m);
    expect(second).toMatch(/✓ a runs/);
    expect(second).not.toMatch(/b runs/);

    mark = out.length;
    writeFileSync(join(dir, 'scen/b.kscn'), B.replace('given cluster {', 'given cluster small {'));
    const third = await until(3, mark);
    expect(third).toMatch(/scen\/b\.kscn changed: rerunning scen\/b\.kscn/);
    expect(third).toMatch(/error/);
    expect(third).not.toMatch(/a runs/);

    mark = out.length;
    writeFileSync(join(dir, 'scen/b.kscn'), B.replace('"b runs"', '"b runs again"'));
    const fourth = await until(4, mark);
    expect(fourth).toMatch(/✓ b runs again/);
    expect(readFileSync(join(dir, 'scen/b.kscn'), 'utf8')).toMatch(/b runs again/);
  });
});
