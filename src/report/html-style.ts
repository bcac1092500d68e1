/** The HTML report's stylesheet (inline: the page needs no other file to look right). */
export const HTML_STYLE = `
:root { color-scheme: light; --good: #15803d; --bad: #b91c1c; --warn: #b45309; --line: #e5e7eb; --muted: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111827; background: #f9fafb; }
header { padding: 1.5rem 2rem 0.5rem; }
h1 { margin: 0; font-size: 1.5rem; }
main { padding: 0 2rem 3rem; }
.summary { margin: 0.25rem 0 0; color: var(--muted); }
.good { color: var(--good); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.warn { color: var(--warn); font-weight: 600; }
table.index { border-collapse: collapse; width: 100%; background: white; margin: 1rem 0 2rem; border: 1px solid var(--line); }
table.index th, table.index td { text-align: left; padding: 0.4rem 0.75rem; border-bottom: 1px solid var(--line); }
table.index th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
table.index tr.failed td, table.index tr.error td { background: #fef2f2; }
a { color: #1d4ed8; text-decoration: none; }
a:hover { text-decoration: underline; }
code { font: 0.85em/1.4 "DejaVu Sans Mono", ui-monospace, monospace; }
section.scenario { background: white; border: 1px solid var(--line); border-left: 4px solid var(--good); border-radius: 4px; padding: 0.5rem 1.25rem 1rem; margin: 0 0 1.5rem; }
section.scenario.failed, section.scenario.error { border-left-color: var(--bad); }
section h2 { font-size: 1.15rem; margin: 0.5rem 0 0.25rem; }
.facts { color: var(--muted); margin: 0 0 0.5rem; }
.tag { background: #eef2ff; color: #3730a3; border-radius: 3px; padding: 0 0.3rem; }
ul.expectations { list-style: none; padding: 0; margin: 0.5rem 0 1rem; }
ul.expectations li { padding: 0.15rem 0; }
li.ok .mark { color: var(--good); }
li.fail .mark { color: var(--bad); font-weight: 700; }
.line { color: var(--muted); font-size: 0.85em; }
pre.why { margin: 0.25rem 0 0.5rem 1.5rem; padding: 0.5rem 0.75rem; background: #fef2f2; border-radius: 4px; white-space: pre-wrap; font: 0.85em/1.45 "DejaVu Sans Mono", ui-monospace, monospace; }
figure.diagram { margin: 0; overflow: auto; max-height: 85vh; cursor: zoom-in; }
figure.diagram svg { max-width: 100%; min-width: var(--min-width, 0); height: auto; }
figure.diagram.full { cursor: zoom-out; }
figure.diagram.full svg { max-width: none; min-width: 0; }
li.note .mark { color: var(--muted); }
li.note { color: #374151; }
pre.hint { margin: 0.25rem 0 0.5rem 1.5rem; padding: 0.5rem 0.75rem; background: #f3f4f6; border-radius: 4px; white-space: pre-wrap; font: 0.85em/1.45 "DejaVu Sans Mono", ui-monospace, monospace; }
p.empty { color: var(--muted); font-style: italic; }
figcaption { font-size: 0.85em; margin-top: 0.25rem; }
pre.mermaid { background: white; }
`;
