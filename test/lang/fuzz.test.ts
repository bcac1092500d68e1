/**
 * Fuzzing: 10,000 seeded mutations of the example files (deletions, duplications, random bytes,
 * truncations, swapped lines, spliced keywords) go through `checkSource` and `formatSource`. No
 * exception may escape; every result is an AST plus diagnostics with sane spans, and renders.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { formatSource } from '../../src/lang/format.js';
import { renderDiagnostics } from '../../src/lang/render-diagnostic.js';
import { fullCorpus } from './corpus.js';

const RUNS = 10_000;
const WORDS = ['{', '}', '"', '"""', ':', '->', ';', '\n', 'kubectl ', 'when', 'then', 'node', 'pod', ' within ', '@', '#', '>=', '(', ')', ',', '[1..', '..9]', 'in', '\u0000', '\uFFFF', '🙂'];

/** mulberry32: a small seeded random source. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 4);
  let s = text;
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rnd() * (s.length + 1));
    const len = Math.floor(rnd() * 40);
    switch (Math.floor(rnd() * 6)) {
      case 0: // deletion
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1: // duplication
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      case 2: // random bytes
        s = s.slice(0, at) + Array.from({ length: 1 + (len % 8) }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('') + s.slice(at);
        break;
      case 3: // truncation
        s = s.slice(0, at);
        break;
      case 4: {
        // swap two lines
        const lines = s.split('\n');
        const a = Math.floor(rnd() * lines.length);
        const b = Math.floor(rnd() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      default: // splice a word of the language
        s = s.slice(0, at) + WORDS[Math.floor(rnd() * WORDS.length)] + s.slice(at);
    }
  }
  return s;
}

describe('fuzzing check and fmt', () => {
  it(`survives ${RUNS} mutated inputs`, () => {
    const corpus = fullCorpus();
    expect(corpus.length).toBeGreaterThan(10);
    const rnd = random(0x6b73636e);
    let withDiagnostics = 0;
    for (let i = 0; i < RUNS; i++) {
      const base = corpus[i % corpus.length]!;
      const text = mutate(base.text, rnd);
      let r: ReturnType<typeof checkSource>;
      try {
        r = checkSource(text, 'fuzz.kscn', { cwd: '/fuzz', root: '/fuzz', readFile: (p) => (p === '/fuzz/fuzz.kscn' ? text : undefined) });
        if (i % 10 === 0) formatSource(text, 'fuzz.kscn');
        renderDiagnostics(r.diagnostics, r.sources, { color: false });
      } catch (e) {
        throw new Error(`run ${i} (from ${base.name}) threw: ${(e as Error).stack}\n--- input ---\n${JSON.stringify(text)}`);
      }
      expect(r.ast.type).toBe('File');
      for (const d of r.diagnostics) {
        if (!(d.span.start.line >= 1 && d.span.start.col >= 1 && d.span.end.offset >= d.span.start.offset && d.message)) {
          throw new Error(`run ${i}: bad diagnostic ${JSON.stringify(d)}\n--- input ---\n${JSON.stringify(text)}`);
        }
      }
      if (r.diagnostics.length) withDiagnostics++;
      else expect(r.file).toBeDefined();
    }
    expect(withDiagnostics).toBeGreaterThan(RUNS / 4);
  }, 300_000);

  it('survives a 10 MB file, deep nesting, garbage and an alias bomb', () => {
    const big = 'cluster c { node n { cpu 1 } }\n'.repeat(330_000);
    expect(big.length).toBeGreaterThan(10_000_000);
    const r1 = checkSource(big, 'big.kscn', { readFile: () => undefined });
    expect(r1.diagnostics.length).toBeGreaterThan(0); // duplicate clusters, capped
    expect(r1.diagnostics.length).toBeLessThanOrEqual(101);
    const deep = checkSource('scenario "d" ' + '{'.repeat(100_000), 'deep.kscn', { readFile: () => undefined });
    expect(deep.diagnostics.some((d) => /nested more than/.test(d.message))).toBe(true);
    const garbage = checkSource(Array.from({ length: 100_000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join(''), 'g.kscn', { readFile: () => undefined });
    expect(garbage.ast.type).toBe('File');
    const bomb = 'manifest b """\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: b }\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n' + 'bcdefghij'.split('').map((c, i) => `  ${c}: &${c} [${Array(10).fill('*' + 'abcdefghij'[i]).join(',')}]\n`).join('') + '"""\n';
    const r2 = checkSource(bomb, 'bomb.kscn', { readFile: () => undefined });
    expect(r2.diagnostics.map((d) => d.message).join()).toMatch(/alias/i);
  }, 120_000);
});
