/**
 * The one switch that rewrites the files tests compare against — goldens, the generated docs
 * pages, the README diagram, docs/simulated.md, the grammars and the editor's copy:
 * `UPDATE_GOLDEN=1 npx vitest run [FILES]`, then read the diff. It is off in CI (`CI` set), so
 * there a stale or missing file always fails and nothing is written.
 */
export function updating(): boolean {
  return !!process.env.UPDATE_GOLDEN && !process.env.CI;
}
