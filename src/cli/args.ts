/**
 * Argument parsing for every subcommand (node:util parseArgs), with errors a person can act on:
 * an unknown flag names the nearest known one.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../lang/did-you-mean.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

/** Parse `argv` for `command`; returns `{error}` with one line on bad input. */
export function parse(command: string, argv: string[], options: Options): Parsed | { error: string } {
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: r.values as Parsed['values'], positionals: r.positionals };
  } catch (e) {
    const msg = (e as Error).message;
    const m = /Unknown option '(-{1,2}[^']+)'/.exec(msg);
    if (m) {
      const near = closest(m[1]!.replace(/^-+/, ''), Object.keys(options));
      return { error: `kscn ${command}: unknown option ${m[1]}${near ? ` (did you mean --${near}?)` : ''}` };
    }
    return { error: `kscn ${command}: ${msg.split('\n')[0]}` };
  }
}

/** An integer option, or an error line. */
export function intOption(command: string, name: string, v: unknown, min = 0): number | { error: string } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min) return { error: `kscn ${command}: --${name} takes a whole number${min ? ` ≥ ${min}` : ''}, not "${String(v)}"` };
  // Above 2^53 a number loses precision (9007199254740993 would run as …992): refused, as the language refuses it.
  if (!Number.isSafeInteger(Number(v))) return { error: `kscn ${command}: --${name} takes a whole number of at most ${Number.MAX_SAFE_INTEGER} (2^53 - 1), not "${v}"` };
  return Number(v);
}
