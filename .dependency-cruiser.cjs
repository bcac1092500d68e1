/**
 * Layer rules for src/ (checked by `npm run lint`): imports go down the pipeline —
 * simulated.ts and trace/ at the bottom, then manifests/, engine/, lang/ and kubectl/, expect/,
 * run/, report/, and cli/ with lsp/, vitest/ and index.ts on top — and no import cycles.
 * Violations that predate the rules are listed in .dependency-cruiser-known-violations.json
 * (`npx depcruise src --output-type baseline > .dependency-cruiser-known-violations.json`
 * after removing one); anything new fails.
 */
const LAYERS = ['src/(simulated\\.ts|trace/)', 'src/manifests/', 'src/engine/', 'src/(lang|kubectl)/', 'src/expect/', 'src/run/', 'src/report/', 'src/(cli|config|lsp|vitest)/|src/index\\.ts'];

/** For each layer, a rule forbidding imports of every layer above it. */
const upward = LAYERS.slice(0, -1).map((from, i) => ({
  name: `layer-${i}-imports-upward`,
  comment: `${from} may import only layers below it (${LAYERS.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^(${from})` },
  to: { path: `^(${LAYERS.slice(i + 1).join('|')})` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import cycles between files', from: { path: '^src/' }, to: { circular: true } },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
