/**
 * What a CLI command may touch of the outside world, so tests can run commands in-process and
 * capture what a user would see.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour is allowed: stdout is a TTY and NO_COLOR is unset (FORCE_COLOR forces it). */
  color: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process's IO. */
export function processIO(): CliIO {
  const env = process.env;
  const color = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : !!process.stdout.isTTY && !('NO_COLOR' in env) && env.TERM !== 'dumb';
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color,
    env,
    cwd: process.cwd(),
  };
}

/** A command: parses its own arguments, returns the exit code (0 ok, 1 expectation failed, 2 bad input). */
export type Command = (argv: string[], io: CliIO) => Promise<number>;
