/**
 * Finding the Chromium that renders diagrams. kscn never downloads a browser (DESIGN.md): it
 * uses one that is installed, named by `KSCN_CHROMIUM` or `PUPPETEER_EXECUTABLE_PATH`, or found
 * at the usual Debian/Ubuntu places.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** Where kscn looks for Chromium when no variable names one, in this order. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The one line printed when there is no browser. */
export const NO_CHROMIUM_HINT = 'no Chromium found (set KSCN_CHROMIUM, or apt-get install chromium) to render SVG/PNG';

/**
 * The path of an executable Chromium, or `{missing}` saying why none was found. A variable that
 * names a file that is not there is an error of its own (not silently skipped).
 */
export function findChromium(env: Record<string, string | undefined> = process.env): { path: string } | { missing: string } {
  for (const name of ['KSCN_CHROMIUM', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = env[name];
    if (!value) continue;
    return isExecutable(value) ? { path: value } : { missing: `${name}=${value} is not an executable file` };
  }
  for (const path of CHROMIUM_PATHS) if (isExecutable(path)) return { path };
  return { missing: NO_CHROMIUM_HINT };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
