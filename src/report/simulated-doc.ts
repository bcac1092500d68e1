/**
 * docs/simulated.md, generated from the tables of src/simulated.ts (the same tables `kscn check`
 * reads), so the page and the checker cannot disagree. test/docs/simulated.test.ts keeps the file
 * current (UPDATE_GOLDEN=1 rewrites it).
 */
import { KINDS, KUBECTL, POD_FIELDS, SHORT_FLAGS, SPEC_FIELDS, type Support } from '../simulated.js';

const MARK: Record<Support, string> = { simulated: 'simulated', stored: 'stored only', refused: 'refused' };

function cell(s: string | undefined): string {
  return (s ?? '').replace(/\|/g, '\\|');
}

export function simulatedDoc(): string {
  const out: string[] = [];
  out.push('# What kscn simulates');
  out.push('');
  out.push('<!-- Generated from src/simulated.ts by test/docs/simulated.test.ts (UPDATE_GOLDEN=1); do not edit by hand. -->');
  out.push('');
  out.push('Everything a scenario can name is one of three things:');
  out.push('');
  out.push('- **simulated** — its behaviour runs: the components of the simulated control plane act on it, and expectations see the result;');
  out.push('- **stored only** — accepted and stored by the apiserver, but nothing acts on it; no expectation can tell it from the real thing;');
  out.push('- **refused** — an error of `kscn check` (exit 2) at the word in your file, with a hint naming what to write instead. kscn never drops what it does not simulate.');
  out.push('');
  out.push('A kind kscn has never heard of is a custom resource: `kscn check` accepts it when a CustomResourceDefinition of the same file declares it; applied before its CRD, it fails as kubectl does (`no matches for kind "X" in version "G/V"`). A field of a pod spec that is not listed below is an unknown field, refused as kubectl\'s strict field validation refuses it.');
  out.push('');
  out.push('## Kinds');
  out.push('');
  out.push('| apiVersion | kind | | what happens |');
  out.push('|---|---|---|---|');
  const order: Support[] = ['simulated', 'stored', 'refused'];
  for (const s of order) {
    for (const k of KINDS.filter((e) => e.support === s)) {
      out.push(`| \`${k.apiVersion}\` | ${k.kind} | ${MARK[s]} | ${cell(k.what)}${k.instead ? ` — instead: ${cell(k.instead)}` : ''} |`);
    }
  }
  out.push('');
  out.push('## Pod spec fields');
  out.push('');
  out.push('In a Pod and in every pod template (`spec.template.spec` of a Deployment or ReplicaSet). `containers[]` stands for every container and init container.');
  out.push('');
  out.push('| field | | what happens |');
  out.push('|---|---|---|');
  for (const f of POD_FIELDS) out.push(`| \`${f.path}\` | ${MARK[f.support]} | ${cell(f.what)}${f.instead ? ` — instead: ${cell(f.instead)}` : ''} |`);
  out.push('');
  out.push('## Fields of a kind\'s own spec');
  out.push('');
  out.push('Outside the pod template: the fields worth a word. Those not listed behave as their kind\'s line above says.');
  out.push('');
  out.push('| kind | field | | what happens |');
  out.push('|---|---|---|---|');
  for (const f of SPEC_FIELDS) out.push(`| ${f.kind} | \`${f.path}\` | ${MARK[f.support]} | ${cell(f.what)}${f.instead ? ` — instead: ${cell(f.instead)}` : ''} |`);
  out.push('');
  out.push('## kubectl commands and flags');
  out.push('');
  out.push('A command not listed is refused with the list of those that are. A flag not listed for its command is refused with the flags it takes.');
  out.push('');
  out.push('| command | | flags | what happens |');
  out.push('|---|---|---|---|');
  for (const s of order) {
    for (const c of KUBECTL.filter((e) => e.support === s)) {
      const flags = (c.flags ?? []).map((f) => (SHORT_FLAGS[f] ? `\`${SHORT_FLAGS[f]}\`, \`${f}\`` : `\`${f}\``)).join(' · ');
      out.push(`| \`kubectl ${c.command}\` | ${MARK[s]} | ${flags} | ${cell(c.what)}${c.instead ? `${c.what ? ' — ' : ''}instead: \`${cell(c.instead)}\`` : ''} |`);
    }
  }
  out.push('');
  return out.join('\n');
}
