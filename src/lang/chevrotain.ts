/**
 * Chevrotain, loaded fast. The package's entry point is some hundred small ES modules (~300 ms
 * to import on a busy machine, a large part of every `kscn` command's start-up); the package
 * also ships the same API as one bundle, `lib/chevrotain.min.mjs` (~15 ms). Its `exports` map
 * does not expose that file, so it is found next to the resolved entry point. If that ever
 * fails (another layout), the normal entry point is used. Every module of `src/lang` imports
 * Chevrotain's values from here, so all use one instance (token types, `EOF`, parser classes).
 */
import type * as Chevrotain from 'chevrotain';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

async function load(): Promise<typeof Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    const bundle = path.join(path.dirname(entry), '..', 'chevrotain.min.mjs');
    const mod = (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;
    if (typeof mod.CstParser === 'function' && typeof mod.createToken === 'function') return mod;
  } catch {
    // fall through to the package's own entry point
  }
  return import('chevrotain');
}

const chevrotain = await load();

export const { CstParser, Lexer, EOF, createToken, createSyntaxDiagramsCode, generateCstDts, LLkLookaheadStrategy, tokenMatcher } = chevrotain;
