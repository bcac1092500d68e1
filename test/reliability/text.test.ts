/**
 * Issue 18 §6, §8, §10 (caret): line breaks as editors see them, control characters never reach
 * a terminal or a CI log raw, and the caret sits under wide characters.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/lang/check.js';
import { renderDiagnostic } from '../../src/lang/render-diagnostic.js';
import { run } from '../../src/cli/run.js';
import { check } from '../../src/cli/check.js';
import { escapeMarkdown, escapeTerminal, safeOutput } from '../../src/report/escape.js';
import { formatSource } from '../../src/lang/format.js';
import { memoryIO } from '../report/io.js';

const BASE = `cluster c { node n-1 { cpu 1; memory 1Gi } }
scenario "s" {
  given cluster c
  when { kubectl run a --image=busybox }
  then {
    pod a: Running
  }
}
`;
const withThen = (line: string) => BASE.replace('    pod a: Running\n', line);
const errors = (text: string) => checkSource(text, 'lb.kscn').diagnostics.filter((d) => d.severity === 'error');

describe('§6 line breaks', () => {
  it('a lone CR ends a comment: `# note\\r pod a: Failed` is an expectation (and fails the run)', async () => {
    const text = withThen('    # note\r    pod a: Failed\n');
    const r = checkSource(text, 'lb.kscn');
    expect(r.diagnostics).toEqual([]);
    const then = r.file!.scenarios[0]!.steps[0]!.then;
    expect(then.length).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'kscn-lb-'));
    writeFileSync(join(dir, 'lb.kscn'), text);
    const io = memoryIO({ cwd: dir });
    expect(await run(['lb.kscn', '--no-svg', '--out', 'out'], io)).toBe(1);
    expect(io.out).toContain('× expected `pod a: Failed`');
    expect(io.out).toContain('lb.kscn:7:5');
  });
  it('a file with only CR line ends, or CRLF, reads as with LF, lines numbered alike', () => {
    for (const text of [BASE.replace(/\n/g, '\r'), BASE.replace(/\n/g, '\r\n')]) {
      const r = checkSource(text.replace('given cluster c', 'given cluster nope'), 'lb.kscn');
      expect(r.diagnostics.map((d) => `${d.span.start.line}:${d.span.start.col}`)).toEqual(['3:17']);
    }
    expect(formatSource(BASE.replace(/\n/g, '\r'), 'x.kscn').output).toBe(formatSource(BASE, 'x.kscn').output);
  });
  for (const [ch, name] of [['\u2028', 'U+2028 LINE SEPARATOR'], ['\u2029', 'U+2029 PARAGRAPH SEPARATOR'], ['\u0085', 'U+0085 NEXT LINE'], ['\v', 'U+000B VERTICAL TAB'], ['\f', 'U+000C FORM FEED']] as const) {
    it(`${name} outside a string is a located error, in a comment too; inside a string it stays`, () => {
      for (const text of [withThen(`    # note${ch}    pod a: Failed\n`), withThen(`    pod a: Running${ch}\n`), BASE.replace('kubectl run a --image=busybox', `kubectl run a --image=busybox${ch}`)]) {
        const e = errors(text);
        expect(e.length, JSON.stringify(text)).toBeGreaterThan(0);
        expect(e[0]!.message).toBe(`${name} is not a line break in a .kscn file`);
        const at = text.indexOf(ch);
        expect(e[0]!.span.start.offset).toBe(at);
      }
      expect(errors(BASE.replace('"s"', `"s${ch}t"`))).toEqual([]);
    });
  }
});

describe('§10 the caret under wide characters', () => {
  it('counts columns by code point and display width', () => {
    const text = BASE.replace('"s"', '"调度 🚀 テスト"').replace('given cluster c', 'given cluster c # 节点\n  seed x');
    const d = errors(text)[0]!;
    const line = renderDiagnostic(d, text, { color: false }).split('\n');
    const src = line.findIndex((l) => /^\d+ \|/.test(l) && l.includes('seed x'));
    expect(src).toBeGreaterThan(0);
    const caret = line[src + 1]!.indexOf('^');
    expect(line[src]!.indexOf('x')).toBe(caret);
    const cjk = `scenario "调度测试" { given cluster 集群 }\n`;
    const e = renderDiagnostic(errors(cjk)[0]!, cjk, { color: false }).split('\n');
    const i = e.findIndex((l) => /^\d+ \|/.test(l));
    // Each CJK character is two columns wide: the caret starts under 集 and covers both.
    const prefix = e[i]!.slice(0, e[i]!.indexOf('集'));
    const wide = [...prefix].reduce((n, ch) => n + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(e[i + 1]!.indexOf('^')).toBe(wide);
    expect(e[i + 1]!.trim().endsWith(' ^^^^')).toBe(true);
  });
});

describe('§8 console output is escaped', () => {
  it('escapeTerminal shows controls, newlines and bidi overrides as text', () => {
    expect(escapeTerminal('a\nb\tc\x1b[31m\x07\u202e\u0085')).toBe('a\\nb\\tc\\x1b[31m\\x07\\u202e\\u0085');
    expect(safeOutput('ok\n\x1b[32m✓\x1b[39m \x1b]8;;x\x07', true)).toBe('ok\n\x1b[32m✓\x1b[39m \\x1b]8;;x\\x07');
    expect(safeOutput('\x1b[32m✓\x1b[39m', false)).toBe('\\x1b[32m✓\\x1b[39m');
  });
  it('a title with a newline and `::error`, ESC, BEL and a bidi override prints escaped, even with NO_COLOR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-esc-'));
    // The title holds real control characters (\n, ESC, BEL, U+202E) through the string's escapes.
    const text = BASE.replace('"s"', '"x\\n::error file=a.kscn,line=1::pwned \u001b]0;owned\u0007 \u202egnp.exe"').replace('pod a: Running', 'pod a: Failed');
    writeFileSync(join(dir, 't.kscn'), text);
    const io = memoryIO({ cwd: dir, env: { NO_COLOR: '1' } });
    await run(['t.kscn', '--no-svg', '--out', 'out', '--reporter', 'console,markdown'], io);
    const printed = io.out + io.err;
    expect(printed).not.toMatch(/^::error/m);
    expect(printed).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202e]/);
    expect(printed).toContain('x\\n::error file=a.kscn,line=1::pwned');
    // Checking reports the unknown escapes' file escaped too.
    const md = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.md'));
    for (const f of md) {
      const page = readFileSync(join(dir, 'out', f), 'utf8');
      const rows = page.split('\n').filter((l) => l.startsWith('| ') && l.includes('pwned'));
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.split(/(?<!\\)\|/).length).toBe(r.startsWith('| ❌ | [') ? 6 : 5);
      expect(page).not.toMatch(/\(#[^)]*\n/);
    }
  });
  it('the Markdown table cell takes \\n, \\t and controls without breaking', () => {
    expect(escapeMarkdown('a\nb\tc\r\nd\x1b\u202e')).toBe('a b c d');
  });
  it('diagnostics print a hostile file name and message escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kscn-esc-'));
    const name = 'a\x1b[2Jb.kscn';
    writeFileSync(join(dir, name), 'scenario "s" { given cluster nope\u202e }\n');
    const io = memoryIO({ cwd: dir });
    expect(await check([name], io)).toBe(2);
    expect(io.err).not.toMatch(/[\x1b\u202e]/);
    expect(io.err).toContain('a\\x1b[2Jb.kscn');
  });
});
