/** When kscn colours its output: no-color.org's NO_COLOR wins, FORCE_COLOR forces, else the TTY decides. */
import { describe, expect, it } from 'vitest';
import { colorAllowed } from '../../src/cli/io.js';

describe('colour (NO_COLOR, FORCE_COLOR, TTY)', () => {
  it.each([
    { env: {}, tty: true, want: true },
    { env: {}, tty: false, want: false },
    { env: { TERM: 'dumb' }, tty: true, want: false },
    { env: { NO_COLOR: '1' }, tty: true, want: false },
    { env: { NO_COLOR: '1', FORCE_COLOR: '1' }, tty: true, want: false },
    { env: { NO_COLOR: '' }, tty: true, want: true },
    { env: { FORCE_COLOR: '1' }, tty: false, want: true },
    { env: { FORCE_COLOR: '0' }, tty: true, want: false },
  ])('$env on a TTY=$tty → $want', ({ env, tty, want }) => {
    expect(colorAllowed(env as Record<string, string>, tty)).toBe(want);
  });
});
