/** Literal values of LANGUAGE.md §2: durations, quantities, selectors, ranges, strings. */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/lang/duration.js';
import { formatQuantity, parseQuantity } from '../../src/lang/quantity.js';
import { formatSelector, matchesSelector, parseSelector } from '../../src/lang/labels.js';
import { expandRange } from '../../src/lang/ranges.js';
import { blockText, unquote } from '../../src/lang/strings.js';
import { closest } from '../../src/lang/did-you-mean.js';

describe('durations', () => {
  it.each([
    ['250ms', 250], ['5s', 5000], ['2m', 120000], ['1h', 3600000], ['1m30s', 90000], ['1.5s', 1500], ['0', 0], ['1h2m3s4ms', 3723004],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['5', '5sec', 's', '', '-1s', '1d', '5 s', '1m 30s'])('%s is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
  it('formats', () => expect([0, 250, 90000, 3723004].map(formatDuration)).toEqual(['0s', '250ms', '1m30s', '1h2m3s4ms']));
});

describe('quantities', () => {
  it.each([
    ['4', 4], ['500m', 0.5], ['0.5', 0.5], ['128974848', 128974848], ['8Gi', 8 * 2 ** 30], ['512Mi', 512 * 2 ** 20], ['1G', 1e9], ['1e3', 1000], ['100k', 100000], ['1.5Gi', 1.5 * 2 ** 30],
  ])('%s = %d', (text, n) => expect(parseQuantity(text)).toBe(n));
  it.each(['8Gb', 'Gi', '', '1.2.3', 'four', '1e', '8 Gi'])('%s is not a quantity', (text) => expect(parseQuantity(text)).toBeUndefined());
  it('formats', () => expect([0.5, 8 * 2 ** 30, 4, 1000, 0.1].map(formatQuantity)).toEqual(['500m', '8Gi', '4', '1000', '100m']));
});

describe('selectors', () => {
  it('parses every form', () => {
    expect(parseSelector('app=web,tier!=db, env in (a, b),x notin (y),canary,!legacy,k==v')).toEqual([
      { op: '=', key: 'app', value: 'web' }, { op: '!=', key: 'tier', value: 'db' }, { op: 'in', key: 'env', values: ['a', 'b'] }, { op: 'notin', key: 'x', values: ['y'] },
      { op: 'exists', key: 'canary' }, { op: '!exists', key: 'legacy' }, { op: '=', key: 'k', value: 'v' },
    ]);
    expect(parseSelector('kubernetes.io/hostname=worker-1')).toEqual([{ op: '=', key: 'kubernetes.io/hostname', value: 'worker-1' }]);
  });
  it('rejects nonsense', () => {
    for (const bad of ['a=b=c', '=x', 'a in b', 'a b']) expect(parseSelector(bad)).toBeUndefined();
  });
  it('matches like Kubernetes', () => {
    const r = parseSelector('app=web,tier!=db,env in (a,b),!legacy')!;
    expect(matchesSelector(r, { app: 'web', env: 'a' })).toBe(true);
    expect(matchesSelector(r, { app: 'web', env: 'c' })).toBe(false);
    expect(matchesSelector(r, { app: 'web', env: 'a', legacy: '' })).toBe(false);
    expect(matchesSelector(r, { app: 'web', env: 'a', tier: 'db' })).toBe(false);
    expect(matchesSelector([], undefined)).toBe(true);
  });
  it('formats back', () => expect(formatSelector(parseSelector('app=web,env in (a,b),!x')!)).toBe('app=web,env in (a,b),!x'));
});

describe('ranges', () => {
  it('expands', () => {
    expect(expandRange('worker-[1..3]').names).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(expandRange('r[1..2]-n[1..2]').names).toEqual(['r1-n1', 'r1-n2', 'r2-n1', 'r2-n2']);
    expect(expandRange('n-[08..10]').names).toEqual(['n-08', 'n-09', 'n-10']);
    expect(expandRange('worker-[1..5000]').names).toHaveLength(5000);
    expect(expandRange('plain').names).toEqual(['plain']);
  });
  it('refuses backwards, huge and broken ranges', () => {
    expect(expandRange('w-[3..1]').error).toMatch(/backwards/);
    expect(expandRange('w-[1..1000000]').error).toMatch(/at most/);
    expect(expandRange('w-[1..3').error).toMatch(/bracket/);
  });
});

describe('strings', () => {
  it('unescapes', () => expect(unquote('"a \\"b\\" \\\\ \\n\\t"')).toBe('a "b" \\ \n\t'));
  it('removes the common indentation of block strings', () => {
    expect(blockText('"""\n    a: 1\n    b:\n      c: 2\n  """').text).toBe('a: 1\nb:\n  c: 2\n');
    expect(blockText('"""a: 1"""').text).toBe('a: 1\n');
    expect(blockText('"""\n"""').text).toBe('');
    expect(blockText('"""\n  a\n\n  b\n"""').text).toBe('a\n\nb\n');
  });
  it('§2 block strings: text on the line of the opening quotes takes no part in the common indentation', () => {
    expect(blockText('"""apiVersion: v1\n    kind: Pod\n    metadata: { name: a }\n"""').text).toBe('apiVersion: v1\nkind: Pod\nmetadata: { name: a }\n');
    expect(blockText('"""  a: 1\n  b:\n    c: 2"""').text).toBe('a: 1\nb:\n  c: 2\n');
  });
});

describe('did you mean', () => {
  it('finds near words, transpositions included', () => {
    expect(closest('wiat', ['wait', 'at', 'as'])).toBe('wait');
    expect(closest('schedular', ['scheduler', 'apiserver'])).toBe('scheduler');
    expect(closest('xyz', ['wait'])).toBeUndefined();
  });
});
