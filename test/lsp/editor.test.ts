/**
 * editors/vscode: the extension manifest names the language, the TextMate grammar (a copy of
 * grammar/kscn.tmLanguage.json, kept equal here) and the client, which starts `kscn lsp --stdio`.
 * And the Event reasons the server completes are ones the simulation records.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EVENT_REASONS } from '../../src/lsp/service.js';
import { updating } from '../update.js';

const root = resolve(__dirname, '../..');
const ext = join(root, 'editors/vscode');

describe('editors/vscode', () => {
  const manifest = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));

  it('contributes the kscn language with the grammar of grammar/ and starts the language server', () => {
    expect(manifest.contributes.languages[0]).toMatchObject({ id: 'kscn', extensions: ['.kscn'] });
    const g = manifest.contributes.grammars[0];
    if (updating()) copyFileSync(join(root, 'grammar/kscn.tmLanguage.json'), join(ext, g.path));
    expect(g).toMatchObject({ language: 'kscn', scopeName: 'source.kscn' });
    expect(readFileSync(join(ext, g.path), 'utf8'), 'the copy is stale: UPDATE_GOLDEN=1 npx vitest run test/lsp').toBe(readFileSync(join(root, 'grammar/kscn.tmLanguage.json'), 'utf8'));
    expect(existsSync(join(ext, manifest.contributes.languages[0].configuration))).toBe(true);
    const client = readFileSync(join(ext, manifest.main), 'utf8');
    expect(client).toMatch(/require\('vscode-languageclient\/node'\)/);
    expect(client).toMatch(/\['lsp', '--stdio'\]/);
    expect(manifest.dependencies['vscode-languageclient']).toBeTruthy();
  });
});

describe('the Event reasons the language server completes', () => {
  it('are all recorded by the simulated components', () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.ts') ? [readFileSync(join(d, n), 'utf8')] : []));
    const engine = walk(join(root, 'src/engine')).join('\n');
    expect(EVENT_REASONS.filter((r) => !engine.includes(`'${r}'`))).toEqual([]);
  });
});
