/** `kscn check` and `kscn fmt` in-process: output, files written, exit codes (0 ok, 1 fmt --check, 2 errors). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/cli/check.js';
import { fmt } from '../../src/cli/fmt.js';
import type { CliIO } from '../../src/cli/io.js';

let dir: string;
function io(): CliIO & { out: string; err: string } {
  const o = { out: '', err: '', color: false, env: {}, cwd: dir } as CliIO & { out: string; err: string };
  o.stdout = (t) => void (o.out += t);
  o.stderr = (t) => void (o.err += t);
  return o;
}

const GOOD = 'cluster c { node n-1 { cpu 1; memory 1Gi } }\nscenario "s" {\n  given cluster c\n  when { kubectl run a --image=busybox }\n  then { pod a: Running }\n}\n';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kscn-cli-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
});

describe('kscn check', () => {
  it('says ok and exits 0 for good files and folders', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub/a.kscn'), GOOD);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules/x.kscn'), 'garbage {');
    const o = io();
    expect(await check(['sub', '.'], o)).toBe(0);
    expect(o.out).toBe('ok: 1 file, 1 scenario\n');
  });
  it('reports every error with file:line:col and exits 2', async () => {
    fs.writeFileSync(path.join(dir, 'bad.kscn'), GOOD.replace('given cluster c', 'given cluster d').replace('kubectl run a --image=busybox', 'kubectl exec a'));
    const o = io();
    expect(await check(['bad.kscn', 'missing.kscn'], o)).toBe(2);
    expect(o.err).toContain('error: unknown cluster `d`');
    expect(o.err).toContain(' --> bad.kscn:3:17');
    expect(o.err).toContain('error: kubectl exec is not simulated: no processes run in the simulated containers');
    expect(o.err).toContain('cannot read missing.kscn');
    expect(o.err).toMatch(/3 errors in 2 files\n$/);
    expect(o.err).not.toMatch(/at .*\.(ts|js):\d+/);
  });
  it('never prints a stack trace, whatever the file holds', async () => {
    fs.writeFileSync(path.join(dir, 'bin.kscn'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x7b, 0x7b, 0x22]));
    const o = io();
    expect(await check(['bin.kscn'], o)).toBe(2);
    expect(o.err).toContain('error:');
    expect(o.err).not.toMatch(/\n\s+at /);
  });
  it('§3 imports relative to the file may climb to a sibling folder of the working directory (the project folder)', async () => {
    fs.rmSync(path.join(dir, 'package.json'));
    fs.mkdirSync(path.join(dir, 'common'));
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'common/clusters.kscn'), 'cluster c { node n-1 { cpu 1; memory 1Gi } }\n');
    fs.writeFileSync(path.join(dir, 'tests/a.kscn'), 'import "../common/clusters.kscn"\n' + GOOD.replace(/^cluster.*\n/, ''));
    const o = io();
    expect(await check(['tests/a.kscn'], o)).toBe(0);
    fs.writeFileSync(path.join(dir, 'tests/b.kscn'), 'import "../../outside.kscn"\n');
    const o2 = io();
    expect(await check(['tests/b.kscn'], o2)).toBe(2);
    expect(o2.err).toContain('is outside the project folder');
  });
  it('needs a path and knows no options', async () => {
    expect(await check([], io())).toBe(2);
    expect(await check(['--frobnicate', 'x'], io())).toBe(2);
  });
});

describe('kscn fmt', () => {
  it('rewrites files, and --check lists them with exit 1', async () => {
    const file = path.join(dir, 'a.kscn');
    fs.writeFileSync(file, GOOD.replace(/\n  /g, '\n'));
    const o1 = io();
    expect(await fmt(['--check', '.'], o1)).toBe(1);
    expect(o1.out).toBe('a.kscn\n');
    const o2 = io();
    expect(await fmt(['a.kscn'], o2)).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(GOOD);
    expect(await fmt(['--check', 'a.kscn'], io())).toBe(0);
  });
  it('leaves files with syntax errors alone and exits 2', async () => {
    fs.writeFileSync(path.join(dir, 'b.kscn'), 'cluster {');
    const o = io();
    expect(await fmt(['b.kscn'], o)).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'b.kscn'), 'utf8')).toBe('cluster {');
    expect(o.err).toContain('b.kscn:1:9');
  });
});
