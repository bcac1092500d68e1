/**
 * Issue 18 §1–2: kscn reads only regular files, with the size limit enforced while reading, and
 * only inside the project folder (symlinks resolved) — for imports, `manifest … from`,
 * `scheduler from`, `apply "file"` and `kubectl apply -f`. A device or a pipe is "not a regular
 * file" (exit 2), never an endless read or a hang; the content of a file that is not a manifest
 * is never echoed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/cli/check.js';
import { run } from '../../src/cli/run.js';
import { projectRoot, readText } from '../../src/lang/files.js';
import { memoryIO } from '../report/io.js';

const CLUSTER = 'cluster c { node n-1 { cpu 2; memory 4Gi } }\n';
const scenario = (when: string, head = '') => `${head}${CLUSTER}scenario "s" {\n  given cluster c\n  when {\n    ${when}\n  }\n  then { pod a: Running }\n}\n`;

let project: string;
let outside: string;
beforeEach(() => {
  const base = mkdtempSync(join(tmpdir(), 'kscn-conf-'));
  project = join(base, 'project');
  outside = join(base, 'outside');
  mkdirSync(project);
  mkdirSync(outside);
  writeFileSync(join(project, 'kscn.config.json'), '{}\n');
  writeFileSync(join(outside, 'secret.yaml'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(outside, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\n');
  writeFileSync(join(outside, 'x.kscn'), CLUSTER.replace('c {', 'x {'));
});

async function checkIt(text: string, name = 'a.kscn') {
  writeFileSync(join(project, name), text);
  const io = memoryIO({ cwd: project });
  const code = await check([name], io);
  return { code, err: io.err };
}

describe('special files are refused, never read', () => {
  it('readText: /dev/zero is a device, a FIFO a pipe, a folder a folder — at once', () => {
    expect(readText('/dev/zero').error).toBe('it is not a regular file (a device)');
    const fifo = join(project, 'p.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(readText(fifo).error).toBe('it is not a regular file (a pipe)');
    expect(readText(project).error).toBe('it is a folder');
  });
  it('the size limit is counted while reading', () => {
    writeFileSync(join(project, 'big.yaml'), 'x'.repeat(5000));
    expect(readText(join(project, 'big.yaml'), { maxBytes: 4096 }).error).toBe('it is larger than 4 KB');
  });
  for (const [what, text] of [
    ['manifest … from', (p: string) => `${CLUSTER}manifest m from "${p}"\n`],
    ['scheduler from', (p: string) => `cluster d { node n-1 { cpu 1; memory 1Gi }\n scheduler from "${p}" }\n`],
    ['apply "file"', (p: string) => scenario(`apply "${p}"`)],
    ['kubectl apply -f', (p: string) => scenario(`kubectl apply -f ${p}`)],
  ] as const) {
    it(`${what} of a link to /dev/zero or of a FIFO: "not a regular file", exit 2`, async () => {
      symlinkSync('/dev/zero', join(project, 'zero.yaml'));
      execFileSync('mkfifo', [join(project, 'fifo.yaml')]);
      for (const [file, kind] of [['zero.yaml', 'a device'], ['fifo.yaml', 'a pipe']] as const) {
        const r = await checkIt(text(file));
        expect(r.code, r.err).toBe(2);
        expect(r.err).toContain(`it is not a regular file (${kind})`);
      }
    });
  }
  it('import of a FIFO named .kscn', async () => {
    execFileSync('mkfifo', [join(project, 'f.kscn')]);
    const r = await checkIt(`import "f.kscn"\n${CLUSTER}`);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot import "f.kscn": it is not a regular file (a pipe)');
  });
});

describe('every file read stays inside the project folder', () => {
  it('the project folder is the nearest folder upward with kscn.config.json or .kscn.json', () => {
    mkdirSync(join(project, 'a/b'), { recursive: true });
    expect(projectRoot(join(project, 'a/b/x.kscn'))).toBe(project);
    writeFileSync(join(project, 'a/.kscn.json'), '{}');
    expect(projectRoot(join(project, 'a/b/x.kscn'))).toBe(join(project, 'a'));
  });
  for (const [what, text] of [
    ['manifest … from', (p: string) => `${CLUSTER}manifest m from "${p}"\n`],
    ['scheduler from', (p: string) => `cluster d { node n-1 { cpu 1; memory 1Gi }\n scheduler from "${p}" }\n`],
    ['apply "file"', (p: string) => scenario(`apply "${p}"`)],
    ['kubectl apply -f', (p: string) => scenario(`kubectl apply -f ${p}`)],
  ] as const) {
    it(`${what}: a path outside, absolute or relative, or a symlink leading out, is refused and its content never echoed`, async () => {
      symlinkSync(join(outside, 'secret.yaml'), join(project, 'link.yaml'));
      for (const p of ['/etc/passwd', '../outside/secret.yaml', 'link.yaml']) {
        const r = await checkIt(text(p));
        expect(r.code, `${p}: ${r.err}`).toBe(2);
        expect(r.err).toMatch(/(it is|it links to a file) outside the project folder/);
        expect(r.err).not.toContain('root:x:0');
      }
    });
  }
  it('an import through a symlink that leaves the project is refused', async () => {
    symlinkSync(join(outside, 'x.kscn'), join(project, 'x.kscn'));
    const r = await checkIt(`import "x.kscn"\n${CLUSTER}`);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot import "x.kscn": it links to a file outside the project folder');
  });
  it('a symlink that stays inside the project is fine', async () => {
    writeFileSync(join(project, 'real.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\n');
    symlinkSync(join(project, 'real.yaml'), join(project, 'pod.yaml'));
    const r = await checkIt(scenario('apply "pod.yaml"'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
  it('at run time too: kubectl apply -f of a file swapped for a link to outside after the check', async () => {
    writeFileSync(join(project, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: c, image: busybox }] }\n');
    writeFileSync(join(project, 'a.kscn'), scenario('kubectl apply -f pod.yaml'));
    const { checkPaths } = await import('../../src/lang/check.js');
    const { runScenario } = await import('../../src/run/run.js');
    const c = await checkPaths(['a.kscn'], { cwd: project });
    expect(c.diagnostics).toEqual([]);
    const { rmSync } = await import('node:fs');
    rmSync(join(project, 'pod.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(project, 'pod.yaml'));
    const r = runScenario(c.files[0]!, c.files[0]!.scenarios[0]!);
    expect(r.status).not.toBe('passed');
    // A refused `kubectl apply -f` fails its line (LANGUAGE.md §12.1): the reason is in the failed action.
    const said = JSON.stringify({ errors: r.errors, expectations: r.expectations });
    expect(said).toContain('it links to a file outside the project folder');
    expect(said).not.toContain('root:x:0');
  });
  it('kscn run of a scenario applying a FIFO ends at once with exit 2', async () => {
    execFileSync('mkfifo', [join(project, 'p.yaml')]);
    writeFileSync(join(project, 'a.kscn'), scenario('apply "p.yaml"'));
    const io = memoryIO({ cwd: project });
    expect(await run(['a.kscn', '--no-svg', '--out', join(project, 'out')], io)).toBe(2);
    expect(io.err).toContain('it is not a regular file (a pipe)');
  });
});
