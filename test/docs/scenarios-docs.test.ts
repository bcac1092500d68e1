/**
 * docs/scenarios/<folder>.md must show the diagrams the scenarios draw today. When a scenario or
 * the engine changes, regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/docs`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderDocs, root, updateDocs } from './update.js';
import { updating } from '../update.js';

const HOW = 'run `UPDATE_GOLDEN=1 npx vitest run test/docs` to regenerate docs/scenarios/*.md from scenarios/, then commit them';

describe('docs/scenarios', () => {
  it('every folder page is current (diagrams regenerated from the scenarios)', async () => {
    if (updating()) {
      await updateDocs();
      return;
    }
    const pages = await renderDocs();
    expect(pages.size, 'no scenario folders found').toBeGreaterThan(0);
    for (const [path, want] of pages) {
      const rel = relative(root, path);
      expect(existsSync(path), `${rel} is missing: ${HOW}`).toBe(true);
      const have = readFileSync(path, 'utf8');
      expect(have === want, `${rel} is out of date (a scenario or the engine changed its diagram): ${HOW}`).toBe(true);
    }
  }, 120_000);

  it('no diagram on the pages is cut off at the arrow limit (a scenario too big for it gets a `diagram` block)', async () => {
    for (const [path, text] of await renderDocs()) {
      const cut = text.split('\n## ').filter((section) => /more not drawn/.test(section)).map((section) => section.split('\n')[0]);
      expect(cut, `${relative(root, path)}: these scenarios' diagrams stop before their end; show fewer participants or hide some messages`).toEqual([]);
    }
  }, 120_000);

  it('the README links every folder page', async () => {
    const readme = readFileSync(`${root}/README.md`, 'utf8');
    for (const path of (await renderDocs()).keys()) {
      const rel = relative(root, path).split('\\').join('/');
      expect(readme.includes(`](${rel})`), `README.md should link ${rel} in its "Scenario library" section`).toBe(true);
    }
  }, 120_000);
});
