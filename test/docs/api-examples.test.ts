/**
 * docs/api.md: every ```ts block is compiled with tsc against the package's own types (`import …
 * from 'kscn'` resolves to the package itself, through its `exports`) and run with Node from the
 * repository's folder. A block asserts what it shows, so a wrong example fails here.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './update.js';

const blocks = [...readFileSync(join(root, 'docs/api.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(root, 'tmp', `api-examples-${process.pid}`);

describe('docs/api.md', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(6));

  it('compiles every example against the published types and runs it', { timeout: 240_000 }, () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const names = blocks.map((b, i) => {
      const name = `example-${String(i + 1).padStart(2, '0')}.mts`;
      writeFileSync(join(dir, name), b);
      return name;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, types: ['node'], rootDir: '.', outDir: 'out', skipLibCheck: false, lib: ['ES2023'] }, files: names }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr, 'the examples type-check').toBe('');
    // One Node process imports the compiled examples in turn (a process each would double the time).
    writeFileSync(
      join(dir, 'out', 'run-all.mjs'),
      `for (const [i, f] of ${JSON.stringify(names.map((n) => './' + n.replace(/\.mts$/, '.mjs')))}.entries()) {\n` +
        `  try { await import(f); } catch (e) { console.error('EXAMPLE ' + (i + 1) + ' FAILED: ' + (e && e.stack || e)); process.exit(1); }\n}\n`,
    );
    const r = spawnSync(process.execPath, [join(dir, 'out', 'run-all.mjs')], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const failed = /EXAMPLE (\d+) FAILED/.exec(r.stderr);
    expect(r.stderr, failed ? `example ${failed[1]} of docs/api.md:\n${blocks[Number(failed[1]) - 1]}` : 'the examples').toBe('');
    expect(r.status).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
