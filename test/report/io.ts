import type { CliIO } from '../../src/cli/io.js';

/** A CliIO that records what a user would see. */
export function memoryIO(opts: { color?: boolean; env?: Record<string, string>; cwd?: string } = {}): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) { io.out += t; },
    stderr(t: string) { io.err += t; },
    color: opts.color ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  return io;
}
