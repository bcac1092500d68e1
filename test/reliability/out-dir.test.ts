/**
 * Issue 18 §7 and §5: the output folder. Links inside it are not followed; read-only, full and
 * invalid folders are errors naming the file and the reason (exit 2) and nothing is announced
 * as written that was not; two runs into one folder do not mix; reports are written under a
 * temporary name and renamed, so none is ever half-written.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { LOCK_FILE } from '../../src/report/out-dir.js';
import { memoryIO } from '../report/io.js';

const BIN = resolve(__dirname, '../../bin/kscn.js');
const SCENARIO = `cluster c { node n-1 { cpu 2; memory 4Gi } }
scenario "one pod" {
  given cluster c
  when { kubectl run a --image=busybox }
  then { pod a: Running }
}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kscn-out-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 't.kscn'), SCENARIO);
});

const go = async (...args: string[]) => {
  const io = memoryIO({ cwd: dir });
  const code = await run(['t.kscn', '--no-svg', ...args], io);
  return { code, out: io.out, err: io.err };
};

describe('links inside --out are not followed', () => {
  it('an existing out/junit.xml -> ../victim.txt is replaced, the victim untouched', async () => {
    writeFileSync(join(dir, 'victim.txt'), 'precious\n');
    mkdirSync(join(dir, 'out'));
    symlinkSync('../victim.txt', join(dir, 'out/junit.xml'));
    symlinkSync('../victim.txt', join(dir, 'out/results.json'));
    const r = await go('--out', 'out', '--reporter', 'console,junit,json');
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(dir, 'out/junit.xml')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'out/junit.xml'), 'utf8')).toContain('<testsuites');
  });
  it('a linked sub-folder inside --out is refused (exit 2), nothing written through it, nothing claimed', async () => {
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'out'));
    symlinkSync('../elsewhere', join(dir, 'out/t'));
    const r = await go('--out', 'out');
    expect(r.code).toBe(2);
    expect(r.err).toContain('kscn run: cannot write into out/t: it is a symbolic link, and kscn does not follow links inside the output folder');
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]);
    expect(r.out).not.toContain('Diagrams:');
  });
  it('the output folder itself may be a link', async () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync('real', join(dir, 'out'));
    const r = await go('--out', 'out');
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(dir, 'real/t/one-pod.mmd'))).toBe(true);
  });
});

describe('failing output folders', () => {
  it('--out naming a file: one line with the reason, exit 2, nothing claimed', async () => {
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await go('--out', 'afile', '--reporter', 'console,junit');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^kscn run: cannot (make|use) the output folder afile: /m);
    expect(r.err).not.toContain('internal error');
    const r2 = await go('--out', 'afile/sub');
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('a part of the path is not a folder');
  });
  const canMount = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o size=16k tmpfs ${tmpdir()} && true`]).status === 0;
  it.skipIf(!canMount)('a read-only folder (EROFS) and a full one (ENOSPC): exit 2, the reason, no file announced', () => {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const sh = (setup: string, extra = '') =>
      spawnSync('unshare', ['-m', 'sh', '-c', `${setup} && cd ${dir} && node ${BIN} run t.kscn --no-svg --out mnt/out --reporter console,junit,json,markdown,html ${extra}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const ro = sh(`mount -t tmpfs tmpfs ${mnt} && mkdir ${mnt}/out && mount -o remount,ro ${mnt}`);
    expect(ro.status).toBe(2);
    expect(ro.stderr).toContain('read-only file system (EROFS)');
    expect(ro.stderr).not.toContain('internal error');
    expect(ro.stdout).not.toMatch(/^(JUnit|JSON|Markdown|HTML|Diagrams):/m);
    // 40 KB: the folder fills up with the HTML report's copy of mermaid (>2 MB).
    const full = sh(`mount -t tmpfs -o size=40k tmpfs ${mnt}`);
    expect(full.status).toBe(2);
    expect(full.stderr).toContain('no space left on the device (ENOSPC)');
    expect(full.stdout).not.toMatch(/^HTML:/m);
    expect(full.stderr).not.toContain('internal error');
  }, 240_000);
});

describe('one run at a time per output folder', () => {
  it('a lock held by a live process is refused; a stale one is taken over; the lock is gone after a run', async () => {
    mkdirSync(join(dir, 'out'));
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, 'out', LOCK_FILE), `${sleeper.pid}\n`);
      const r = await go('--out', 'out');
      expect(r.code).toBe(2);
      expect(r.err).toBe(`kscn run: another kscn run (pid ${sleeper.pid}) is writing to out; wait for it to finish, or give this run another --out\n`);
    } finally {
      sleeper.kill();
    }
    // A pid that no longer runs.
    const gone = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    writeFileSync(join(dir, 'out', LOCK_FILE), `${gone}\n`);
    const r = await go('--out', 'out');
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(dir, 'out', LOCK_FILE))).toBe(false);
  });
  it('two processes into one --out: one runs, the other is refused — never a mixed set', async () => {
    const many = Array.from({ length: 12 }, (_, i) => SCENARIO.split('\n').slice(1).join('\n').replace('"one pod"', `"pod ${i}"`)).join('\n');
    writeFileSync(join(dir, 'm.kscn'), SCENARIO.split('\n')[0] + '\n' + many);
    const start = () =>
      new Promise<{ code: number | null; err: string }>((ok) => {
        const p = spawn('node', [BIN, 'run', 'm.kscn', '--no-svg', '--out', 'shared', '--reporter', 'json'], { cwd: dir });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => ok({ code, err }));
      });
    const [a, b] = await Promise.all([start(), start()]);
    const codes = [a.code, b.code].sort();
    // Either both ran one after the other (the first finished before the second started), or one was refused.
    if (codes[1] === 2) expect(a.err + b.err).toContain('is writing to shared');
    else expect(codes).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(join(dir, 'shared/results.json'), 'utf8')).summary).toBeDefined();
    expect(readdirSync(join(dir, 'shared')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('signals', () => {
  it('SIGTERM exits 143 and SIGINT 130, with no temporary or half-written report left', async () => {
    const many = Array.from({ length: 100 }, (_, i) => SCENARIO.split('\n').slice(1).join('\n').replace('"one pod"', `"pod ${i}"`).replace('kubectl run a', `kubectl run a --restart=Never`)).join('\n');
    writeFileSync(join(dir, 'm.kscn'), SCENARIO.split('\n')[0] + '\n' + many);
    for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const out = `out-${sig}`;
      const p = spawn('node', [BIN, 'run', 'm.kscn', '--no-svg', '--out', out, '--reporter', 'console,junit,json'], { cwd: dir });
      let stdout = '';
      p.stdout.on('data', (d) => {
        stdout += d;
        // Stop it in the middle of the run, once a few scenarios have printed.
        if ((stdout.match(/✓/g) ?? []).length >= 1 && !p.killed) p.kill(sig);
      });
      const exit = await new Promise<number | null>((ok) => p.on('close', (c) => ok(c)));
      expect(exit, sig).toBe(code);
      const left = existsSync(join(dir, out)) ? readdirSync(join(dir, out), { recursive: true }).map(String) : [];
      expect(left.filter((f) => f.endsWith('.tmp') || f === LOCK_FILE)).toEqual([]);
      for (const f of ['junit.xml', 'results.json']) if (left.includes(f)) expect(readFileSync(join(dir, out, f), 'utf8').trimEnd()).toMatch(/(<\/testsuites>|\})$/);
    }
  }, 180_000);
  it.skipIf(!existsSync('/usr/bin/chromium'))('SIGTERM while Chromium renders: exit 143 and Chromium closed', async () => {
    const wrapper = join(dir, 'chromium.sh');
    writeFileSync(wrapper, `#!/bin/sh\n/usr/bin/chromium "$@" &\necho $! > ${dir}/chromium.pid\nwait\n`, { mode: 0o755 });
    const many = Array.from({ length: 30 }, (_, i) => SCENARIO.split('\n').slice(1).join('\n').replace('"one pod"', `"pod ${i}"`)).join('\n');
    writeFileSync(join(dir, 'm.kscn'), SCENARIO.split('\n')[0] + '\n' + many);
    const p = spawn('node', [BIN, 'run', 'm.kscn', '--svg', '--out', 'out'], { cwd: dir, env: { ...process.env, KSCN_CHROMIUM: wrapper } });
    let sent = false;
    const timer = setInterval(() => {
      // Once the .mmd files are written, the SVGs are being rendered.
      if (!sent && existsSync(join(dir, 'chromium.pid')) && existsSync(join(dir, 'out/m')) && readdirSync(join(dir, 'out/m')).some((f) => f.endsWith('.mmd'))) {
        sent = true;
        p.kill('SIGTERM');
      }
    }, 5);
    const exit = await new Promise<number | null>((ok) => p.on('close', (c) => ok(c)));
    clearInterval(timer);
    expect(exit).toBe(143);
    const pid = Number(readFileSync(join(dir, 'chromium.pid'), 'utf8'));
    await new Promise((ok) => setTimeout(ok, 500));
    // Gone, or a zombie waiting for a parent that does not reap (a container's init).
    const state = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] : 'gone';
    expect(['gone', 'Z', 'X']).toContain(state);
    expect(readdirSync(join(dir, 'out'), { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
void execFileSync;
