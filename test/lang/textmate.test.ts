/** grammar/kscn.tmLanguage.json tokenizes a sample as an editor would (vscode-textmate + oniguruma). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const GRAMMAR = path.resolve(__dirname, '../../grammar/kscn.tmLanguage.json');

const SAMPLE = `# a comment
cluster small {
  node worker-[1..3] { cpu 4; memory 8Gi }
}
manifest ns """
  kind: Namespace
"""
scenario "run \\"it\\"" @docs {
  given cluster small
  when {
    kubectl run busybox --image=busybox   # trailing
    wait 1m30s
  }
  then {
    sequence {
      kubectl -> apiserver: create pod/busybox
      kubelet@worker-1 -> runtime: PullImage busybox*
    }
    pods app=web: >=2 Ready within 10s
  }
}
expect failure "forbidden" { kubectl get pods -n team-a }
`;

let lines: { text: string; tokens: { text: string; scopes: string[] }[] }[] = [];

beforeAll(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === 'source.kscn' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  const grammar = (await registry.loadGrammar('source.kscn'))!;
  let stack = vsctm.INITIAL;
  lines = SAMPLE.split('\n').map((text) => {
    const r = grammar.tokenizeLine(text, stack);
    stack = r.ruleStack;
    return { text, tokens: r.tokens.map((t) => ({ text: text.slice(t.startIndex, t.endIndex), scopes: t.scopes })) };
  });
});

/** The innermost scopes of the first token on line `n` (1-based) whose text is `text`. */
function scopeOf(n: number, text: string): string {
  const t = lines[n - 1]!.tokens.find((x) => x.text === text || x.text.trim() === text);
  if (!t) throw new Error(`no token "${text}" on line ${n}: ${JSON.stringify(lines[n - 1]!.tokens.map((x) => x.text))}`);
  return t.scopes.join(' ');
}

describe('the TextMate grammar', () => {
  it('is valid JSON with the kscn scope', () => {
    expect(JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')).scopeName).toBe('source.kscn');
  });
  it('scopes comments, keywords, numbers and durations', () => {
    expect(scopeOf(1, '# a comment')).toContain('comment.line');
    expect(scopeOf(2, 'cluster')).toContain('keyword.control');
    expect(scopeOf(3, 'node')).toContain('keyword.control');
    expect(scopeOf(3, '8Gi')).toContain('constant.numeric');
    expect(scopeOf(12, '1m30s')).toContain('constant.numeric.duration');
  });
  it('scopes block strings across lines, strings with escapes, and tags', () => {
    expect(scopeOf(6, '  kind: Namespace')).toContain('string.quoted.triple');
    expect(scopeOf(8, '\\"')).toContain('constant.character.escape');
    expect(scopeOf(8, '@docs')).toContain('entity.name.tag');
  });
  it('tells a kubectl line from the kubectl participant', () => {
    expect(scopeOf(11, 'kubectl')).toContain('keyword.other.kubectl');
    expect(scopeOf(11, '--image')).toContain('variable.parameter.flag');
    expect(scopeOf(11, '# trailing')).toContain('comment.line');
    expect(scopeOf(16, 'kubectl')).toContain('entity.name.class.participant');
    expect(scopeOf(16, 'kubectl')).not.toContain('meta.kubectl');
    expect(scopeOf(16, '->')).toContain('keyword.operator.arrow');
    expect(scopeOf(17, '@worker-1')).toContain('entity.name.class.node');
  });
  it('scopes `expect failure` and the kubectl line in its block (LANGUAGE.md §12.1)', () => {
    expect(scopeOf(22, 'expect')).toContain('keyword.control');
    expect(scopeOf(22, 'failure')).toContain('keyword.control');
    expect(scopeOf(22, 'forbidden')).toContain('string.quoted');
    expect(scopeOf(22, 'kubectl')).toContain('keyword.other.kubectl');
    expect(scopeOf(22, '-n')).toContain('variable.parameter.flag');
  });
  it('scopes states, selectors and comparisons', () => {
    expect(scopeOf(19, 'app')).toContain('variable.other.key');
    expect(scopeOf(19, '>=')).toContain('keyword.operator.comparison');
    expect(scopeOf(19, 'Ready')).toContain('constant.language.state');
    expect(scopeOf(19, 'within')).toContain('keyword.control');
  });
});
