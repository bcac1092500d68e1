/**
 * Issue 18 §9: Chromium is bounded and reported truthfully. Reproduced with executables given
 * through KSCN_CHROMIUM (the variable kscn finds Chromium by): one that never answers the
 * DevTools protocol (launch timeout, `.mmd` kept, one clear line, bounded time), one that
 * exits at once with its reason on stderr (the real reason, never "[object Object]"), a real
 * Chromium frozen after launch (each render has a timeout; the next ones fail at once) and one
 * killed in the middle of a run (an error, exit 2, and a summary that says what was rendered).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRenderer, reason } from '../../src/report/render.js';

const BIN = join(__dirname, '../../bin/kscn.js');
const CHROMIUM = '/usr/bin/chromium';
const SCENARIO = (i: number) => `scenario "pod ${i}" {\n  given cluster c\n  when { kubectl run a --image=busybox }\n  then { pod a: Running }\n}\n`;
const FILE = (n: number) => `cluster c { node n-1 { cpu 4; memory 8Gi } }\n${Array.from({ length: n }, (_, i) => SCENARIO(i)).join('')}`;

function project(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kscn-chromium-'));
  writeFileSync(join(dir, 'm.kscn'), FILE(n));
  return dir;
}

/** `kscn run m.kscn --svg` with this environment: exit code, output, wall time; `during` runs while it does. */
function runCli(dir: string, env: Record<string, string>, during?: () => boolean): Promise<{ code: number | null; out: string; ms: number }> {
  return new Promise((ok) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [BIN, 'run', 'm.kscn', '--svg', '--out', 'out'], { cwd: dir, env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = during ? setInterval(() => during() && clearInterval(timer), 20) : undefined;
    p.on('close', (code) => {
      if (timer) clearInterval(timer);
      ok({ code, out, ms: Date.now() - t0 });
    });
  });
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \S+ [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'x'));

describe('§9 Chromium bounded and reported truthfully', () => {
  it('a Chromium that never answers the DevTools protocol: launch timeout, .mmd kept, one clear line, bounded time', async () => {
    const dir = project(2);
    const fake = join(dir, 'frozen-chromium');
    writeFileSync(fake, `#!/bin/sh\necho $$ > ${dir}/pid\nexec sleep 600\n`, { mode: 0o755 });
    const r = await runCli(dir, { KSCN_CHROMIUM: fake, KSCN_CHROMIUM_TIMEOUT: '2' });
    expect(r.code, r.out).toBe(0);
    // Two seconds to give up, a little more to start and stop: far from the 120 s it took.
    expect(r.ms).toBeLessThan(15_000);
    const lines = r.out.split('\n').filter((l) => /Chromium/.test(l));
    expect(lines).toEqual([`Diagrams: 2 .mmd files in out/; Chromium at ${fake} did not start: Timed out after 2000 ms while waiting for the WS endpoint URL to appear in stdout!`]);
    expect(readdirSync(join(dir, 'out/m')).sort()).toEqual(['pod-0.mmd', 'pod-1.mmd']);
    // The frozen process was killed, not left behind.
    expect(alive(Number(readFileSync(join(dir, 'pid'), 'utf8')))).toBe(false);
  }, 30_000);

  it('a Chromium that exits at once: its own reason, never "[object Object]"', async () => {
    const dir = project(1);
    const fake = join(dir, 'broken-chromium');
    writeFileSync(fake, '#!/bin/sh\necho "chromium: error while loading shared libraries: libnss3.so: cannot open shared object file" >&2\nexit 127\n', { mode: 0o755 });
    const r = await runCli(dir, { KSCN_CHROMIUM: fake });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`Diagrams: 1 .mmd file in out/; Chromium at ${fake} did not start: Failed to launch the browser process: Code: 127: chromium: error while loading shared libraries: libnss3.so: cannot open shared object file\n`);
    expect(r.out).not.toContain('[object Object]');
  }, 30_000);

  it('reason(): an event or a protocol error is described by its fields, not "[object Object]"', () => {
    expect(reason({ type: 'error', target: {} })).toBe('error');
    expect(reason({ message: 'Protocol error (Target.createTarget): Target closed' })).toBe('Protocol error (Target.createTarget): Target closed');
    expect(reason({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(reason({})).toBe('Object without a message');
    expect(reason(new Error('first line\nsecond'))).toBe('first line');
    expect(String({})).toBe('[object Object]');
  });

  it.skipIf(!existsSync(CHROMIUM))('a render that hangs (Chromium frozen after launch): the render times out, the next fail at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-chromium-'));
    const wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\necho $$ > ${dir}/pid\nexec ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    const r = await openRenderer({ env: { KSCN_CHROMIUM: wrapper }, timeoutMs: 8000, pages: 1 });
    if ('unavailable' in r) throw new Error(r.unavailable);
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    try {
      expect(String(await r.render('sequenceDiagram\n  a->>b: before', 'svg'))).toContain('<svg');
      // Freeze the browser and its renderers: it never answers again.
      process.kill(-pid, 'SIGSTOP');
      const t0 = Date.now();
      await expect(r.render('sequenceDiagram\n  a->>b: frozen', 'svg')).rejects.toThrow('Chromium did not finish a diagram within 8 s');
      expect(Date.now() - t0).toBeLessThan(15_000);
      const t1 = Date.now();
      await expect(r.render('sequenceDiagram\n  a->>b: after', 'svg')).rejects.toThrow('Chromium did not finish a diagram within 8 s');
      expect(Date.now() - t1).toBeLessThan(1000);
      await r.close();
      // The frozen browser was killed (a stopped process still dies of SIGKILL).
      await new Promise((ok) => setTimeout(ok, 300));
      expect(alive(pid)).toBe(false);
    } finally {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 60_000);

  it.skipIf(!existsSync(CHROMIUM))('a Chromium killed in the middle of a run: exit 2, and the summary says what was and was not rendered', async () => {
    const dir = project(30);
    const wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\necho $$ > ${dir}/pid\nexec ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    let killed = false;
    const r = await runCli(dir, { KSCN_CHROMIUM: wrapper }, () => {
      // Once the first SVG is written, Chromium is killed (its whole process group).
      const folder = join(dir, 'out/m');
      if (killed || !existsSync(folder) || !readdirSync(folder).some((f) => f.endsWith('.svg'))) return false;
      process.kill(-Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
      return (killed = true);
    });
    expect(killed).toBe(true);
    expect(r.code, r.out).toBe(2);
    const files = readdirSync(join(dir, 'out/m'));
    const svgs = files.filter((f) => f.endsWith('.svg')).length;
    expect(files.filter((f) => f.endsWith('.mmd')).length).toBe(30);
    expect(svgs).toBeGreaterThan(0);
    expect(svgs).toBeLessThan(30);
    // The summary counts what was not rendered, and the error names why: never a claim of 30 SVGs.
    expect(r.out).toContain(`Diagrams: 30 .mmd files in out/; ${30 - svgs} of 30 could not be rendered to .svg\n`);
    expect(r.out).toMatch(new RegExp(`kscn run: ${30 - svgs} of 30 diagrams could not be rendered: out/m/pod-\\d+\\.mmd: Chromium exited or was killed while rendering`));
    expect(r.out).not.toContain('30 .svg');
  }, 120_000);
});
