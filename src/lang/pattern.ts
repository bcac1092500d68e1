/**
 * Patterns over names (LANGUAGE.md §2): `*` any run of characters, `?` one character, `a|b`
 * either, a leading `!` negates the whole pattern. Matching is over the whole text. A range
 * (`worker-[1..3]`) stands for the names it expands to, so it matches any of them.
 */
import { expandRange } from './ranges.js';

const RANGE = /\[\d+\.\.\d+\]/;

const cache = new Map<string, (s: string) => boolean>();

/** Compile a pattern to a predicate (cached: patterns repeat across a run). */
export function compilePattern(pattern: string): (s: string) => boolean {
  let fn = cache.get(pattern);
  if (fn) return fn;
  if (pattern.startsWith('!') && pattern.length > 1) {
    const inner = compilePattern(pattern.slice(1));
    fn = (s) => !inner(s);
  } else if (!/[*?|]/.test(pattern) && !RANGE.test(pattern)) {
    fn = (s) => s === pattern;
  } else {
    const alternatives = pattern.split('|').flatMap(expandAlternative).map(globToRegExpSource);
    const re = new RegExp(`^(?:${alternatives.join('|')})$`, 's');
    fn = (s) => re.test(s);
  }
  cache.set(pattern, fn);
  return fn;
}

/** Does `text` match `pattern`? */
export function matchPattern(pattern: string, text: string): boolean {
  return compilePattern(pattern)(text);
}

/** Is this text a pattern (has a wildcard, alternative or negation) rather than a plain name? */
export function isPattern(text: string): boolean {
  return /[*?|]/.test(text) || RANGE.test(text) || (text.startsWith('!') && text.length > 1);
}

/** An alternative with ranges is the names they expand to; a bad range stays literal text. */
function expandAlternative(alt: string): string[] {
  if (!RANGE.test(alt)) return [alt];
  const { names, error } = expandRange(alt);
  return error ? [alt] : names;
}

function globToRegExpSource(glob: string): string {
  let out = '';
  for (const ch of glob) {
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else out += ch.replace(/[.+^${}()[\]\\/]/g, '\\$&');
  }
  return out;
}
