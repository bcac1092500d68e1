/**
 * `kscn/vitest`: a Vite plugin that makes `.kscn` files Vitest test files — one test per
 * scenario, named by its title, failing with kscn's report of what went wrong. Vitest's own
 * features then apply: watch mode (a `.kscn` file reruns when it, a file it imports or a YAML
 * file it reads changes), `-t` name filters, `--shard`, and editor test explorers.
 *
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import kscn from 'kscn/vitest';
 * export default defineConfig({ plugins: [kscn()] });
 * ```
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readText, walkKscn } from '../lang/files.js';
import { parseSource } from '../lang/parse.js';

/** Options of the plugin. */
export interface KscnVitestOptions {
  /** The seed every scenario runs with (default: each scenario's own). */
  seed?: number;
  /** Globs of `.kscn` files added to Vitest's `test.include` (default `['**\/*.kscn']`). */
  include?: string[];
}

/** The part of a Vite plugin this one uses (kscn does not depend on Vite). */
export interface KscnVitestPlugin {
  name: string;
  enforce: 'pre';
  config(config: { root?: string; test?: { include?: string[]; exclude?: string[] } }): { test: { include: string[]; exclude: string[] } };
  load(id: string): string | undefined;
  transform(code: string, id: string): { code: string; map: null } | undefined;
}

/** Vitest's default `test.include`, kept when the plugin adds the `.kscn` files. */
const VITEST_DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)'];
const VITEST_DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];
/** Marks a file a `.kscn` test depends on (an import or a YAML file): an empty module, watched. */
const DEP = '?kscn-dependency';

/** The runtime the generated test modules import. */
const RUNTIME = resolve(dirname(fileURLToPath(import.meta.url)), 'runtime.js');

/** The plugin: `plugins: [kscn()]` in vitest.config. */
export default function kscn(options: KscnVitestOptions = {}): KscnVitestPlugin {
  const include = options.include ?? ['**/*.kscn'];
  return {
    name: 'kscn',
    enforce: 'pre',
    config(config) {
      // Vite concatenates arrays when it merges a plugin's config: keep Vitest's defaults when the
      // project named none. Files without a scenario (clusters and manifests to import) are not
      // test files: Vitest then reruns the files importing one when it changes.
      const root = resolve(config.root ?? process.cwd());
      const libraries = walkKscn(root).filter((f) => !/^[ \t]*scenario\b/m.test(readText(f).text ?? 'scenario')).map((f) => relative(root, f).split(sep).join('/'));
      return {
        test: {
          include: config.test?.include ? include : [...VITEST_DEFAULT_INCLUDE, ...include],
          exclude: config.test?.exclude ? libraries : [...VITEST_DEFAULT_EXCLUDE, ...libraries],
        },
      };
    },
    load(id) {
      if (id.endsWith(DEP)) return 'export {};\n';
      return undefined;
    },
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!file.endsWith('.kscn') || id.endsWith(DEP)) return undefined;
      return { code: testModule(code, file, options), map: null };
    },
  };
}

/**
 * The test module of a `.kscn` file: a `test` per scenario (titles from the parse; the runtime
 * checks and runs the file itself), and an import of each file it reads, so Vitest's watcher
 * reruns it when one changes.
 */
export function testModule(text: string, file: string, options: KscnVitestOptions = {}): string {
  const { ast } = parseSource(text, file);
  const deps = new Set<string>();
  for (const imp of ast.imports) deps.add(resolve(dirname(file), imp.path));
  for (const m of ast.manifests) if (m.source.kind === 'file') deps.add(resolve(dirname(file), m.source.path));
  // YAML files `apply "x.yaml"` and `kubectl apply -f x.yaml` read when the scenario runs.
  for (const m of text.matchAll(/"([^"\n]+\.ya?ml)"|-f\s+([^\s;}]+\.ya?ml)/g)) deps.add(resolve(dirname(file), (m[1] ?? m[2])!));
  const lines = [
    `import { test } from 'vitest';`,
    `import { fileRunner } from ${JSON.stringify(RUNTIME)};`,
    ...[...deps].map((d) => `import ${JSON.stringify(d + DEP)};`),
    `const run = fileRunner(${JSON.stringify(file)}, ${JSON.stringify({ seed: options.seed })});`,
  ];
  if (!ast.scenarios.length) lines.push(`test(${JSON.stringify(`${file}: check`)}, () => run(undefined));`);
  for (const [i, sc] of ast.scenarios.entries()) lines.push(`test(${JSON.stringify(sc.title)}, () => run(${i}));`);
  return lines.join('\n') + '\n';
}
