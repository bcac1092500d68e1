/**
 * Finding kscn's configuration file: `kscn.config.json` or `.kscn.json`, in the working directory
 * or the nearest folder above it. The folder holding it is the project root (imports and files a
 * scenario reads stay inside it). One small module, so every command finds the same file.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The names a configuration file may have, in the order they are looked for in one folder. */
export const CONFIG_FILE_NAMES = ['kscn.config.json', '.kscn.json'] as const;

/**
 * The configuration file that applies to `dir`: the first of `CONFIG_FILE_NAMES` in `dir`, else
 * in its parent, and so on up to the file-system root. Undefined when there is none.
 */
export function findConfigFile(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = join(d, name);
      try {
        if (statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The project root for `dir` when a configuration file applies: the folder holding it. */
export function configRoot(dir: string): string | undefined {
  const f = findConfigFile(dir);
  return f === undefined ? undefined : dirname(f);
}
