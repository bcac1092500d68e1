import { safeOutput } from '../report/escape.js';

/**
 * What a CLI command may touch of the outside world, so tests can run commands in-process and
 * capture what a user would see.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour is allowed: never with a non-empty NO_COLOR (no-color.org); else FORCE_COLOR decides, else whether stdout is a TTY. */
  color: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Whether to colour: never with a non-empty NO_COLOR (no-color.org); FORCE_COLOR=0 or unset leaves it to the TTY. */
export function colorAllowed(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** The real process's IO. */
export function processIO(): CliIO {
  const env = process.env;
  const color = colorAllowed(env, !!process.stdout.isTTY);
  return {
    // Nothing reaches the terminal or a CI log raw: control characters and bidirectional
    // overrides from user text are shown escaped (issue 18 §8).
    stdout: (t) => void process.stdout.write(safeOutput(t, color)),
    stderr: (t) => void process.stderr.write(safeOutput(t, color)),
    color,
    env,
    cwd: process.cwd(),
  };
}

/** A command: parses its own arguments, returns the exit code (0 ok, 1 expectation failed, 2 bad input). */
export type Command = (argv: string[], io: CliIO) => Promise<number>;
