/**
 * The package as another project gets it: `npm pack` makes a tarball, an empty project installs it
 * (`npm i -D ./kscn-x.y.z.tgz`, its dependencies from the npm registry) and runs `npx kscn run`;
 * a TypeScript file there imports the library, type-checks against the published types and runs.
 * Installing runs no install script at all (so no browser is downloaded, whatever the npm
 * configuration), and only the documented entry points are importable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const dir = mkdtempSync(join(tmpdir(), 'kscn-pack-'));
const proj = join(dir, 'project');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// The project's own npm settings must not leak into the user's install (npm test sets npm_config_*).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...env, NO_COLOR: '1' }, timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the npm package', () => {
  beforeAll(() => {
    // `npm test` built dist/ already (pretest); --ignore-scripts keeps pack from building again.
    execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, env, stdio: 'pipe' });
    mkdirSync(join(proj, 'scenarios'), { recursive: true });
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'someone-elses-project', private: true, type: 'module' }, null, 2));
    copyFileSync(join(root, 'scenarios/pod-lifecycle.kscn'), join(proj, 'scenarios/pod-lifecycle.kscn'));
    const r = sh(npm, ['install', '--save-dev', '--no-audit', '--no-fund', `../kscn-${pkg.version}.tgz`], proj);
    if (r.code !== 0) throw new Error(`npm install failed:\n${r.out}\n${r.err}`);
  }, 300_000);

  it('installs from the tarball and `npx kscn run` runs a scenario, writing the .mmd and saying in one line how to get SVGs', () => {
    const r = sh(npx(), ['kscn', 'run'], proj);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ kubectl run creates a running pod/);
    expect(r.out).toMatch(/^Diagrams: 1 \.mmd file in reports\/; SVG\/PNG need two optional packages: npm i -D puppeteer-core mermaid/m);
    expect(readFileSync(join(proj, 'reports/pod-lifecycle/kubectl-run-creates-a-running-pod.mmd'), 'utf8')).toMatch(/^sequenceDiagram\n/);
  });

  it('runs no install script and downloads no browser', () => {
    const scripts: string[] = [];
    const walk = (nm: string) => {
      if (!existsSync(nm)) return;
      for (const name of readdirSync(nm)) {
        if (name.startsWith('.')) continue;
        if (name.startsWith('@')) {
          for (const sub of readdirSync(join(nm, name))) check(join(nm, name, sub));
        } else check(join(nm, name));
      }
    };
    const check = (p: string) => {
      const j = JSON.parse(readFileSync(join(p, 'package.json'), 'utf8')) as { name: string; scripts?: Record<string, string> };
      for (const s of ['preinstall', 'install', 'postinstall']) if (j.scripts?.[s]) scripts.push(`${j.name}: ${s}`);
      walk(join(p, 'node_modules'));
    };
    walk(join(proj, 'node_modules'));
    expect(scripts).toEqual([]);
    expect(existsSync(join(proj, 'node_modules/puppeteer'))).toBe(false);
    expect(existsSync(join(proj, 'node_modules/puppeteer-core'))).toBe(false);
  });

  it('type-checks and runs a TypeScript file that imports the library', () => {
    writeFileSync(
      join(proj, 'check.mts'),
      `import { runFile, passed, type ScenarioResult } from 'kscn';
const run = await runFile('scenarios');
const first: ScenarioResult = run.files[0]!.scenarios[0]!;
console.log(passed(run), first.title, first.trace.messages.length > 10);
`,
    );
    writeFileSync(join(proj, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')], lib: ['ES2023'], outDir: 'out', skipLibCheck: false }, files: ['check.mts'] }));
    const tsc = sh(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], proj);
    expect(tsc.out + tsc.err).toBe('');
    const r = sh(process.execPath, ['out/check.mjs'], proj);
    expect(r.err).toBe('');
    expect(r.out).toBe('true kubectl run creates a running pod true\n');
  });

  it('exposes only its entry points', () => {
    const specs = ['kscn', 'kscn/vitest', 'kscn/package.json', 'kscn/schemas/results.schema.json', 'kscn/schemas/trace.schema.json', 'kscn/dist/run/run.js', 'kscn/dist/index.js', 'kscn/src/index.ts'];
    const script = `for (const s of ${JSON.stringify(specs)}) { try { import.meta.resolve(s); console.log(s, 'ok'); } catch (e) { console.log(s, e.code); } }`;
    expect(sh(process.execPath, ['--input-type=module', '-e', script], proj).out.trim().split('\n')).toEqual([
      'kscn ok',
      'kscn/vitest ok',
      'kscn/package.json ok',
      'kscn/schemas/results.schema.json ok',
      'kscn/schemas/trace.schema.json ok',
      'kscn/dist/run/run.js ERR_PACKAGE_PATH_NOT_EXPORTED',
      'kscn/dist/index.js ERR_PACKAGE_PATH_NOT_EXPORTED',
      'kscn/src/index.ts ERR_PACKAGE_PATH_NOT_EXPORTED',
    ]);
  });
});

function npx(): string {
  return process.platform === 'win32' ? 'npx.cmd' : 'npx';
}
