/** LANGUAGE.md §2, lexical rules, as the runner applies them. */
import { describe, expect, it } from 'vitest';
import { matchPattern } from '../../src/lang/pattern.js';
import { explain, runText } from '../run/helpers.js';

describe('§2 lexical rules', () => {
  it('§2 ranges in names expand to several: a range in a pattern matches every name it expands to', () => {
    expect(matchPattern('worker-[1..3]', 'worker-2')).toBe(true);
    expect(matchPattern('worker-[1..3]', 'worker-4')).toBe(false);
    expect(matchPattern('worker-[01..10]', 'worker-07')).toBe(true);
    expect(matchPattern('!worker-[1..2]', 'worker-3')).toBe(true);
    expect(matchPattern('p[1..2]|x', 'x')).toBe(true);
    // A leading `!` negates the whole pattern, alternatives included.
    expect(matchPattern('!a|b', 'b')).toBe(false);
    expect(matchPattern('!a|b', 'c')).toBe(true);
    const [r] = runText(`cluster c { node worker-[1..3] { cpu 8; memory 16Gi } }
scenario "ranges" {
  given cluster c
  when { kubectl run p1 --image=nginx; kubectl run p2 --image=nginx; kubectl run p3 --image=nginx }
  then {
    pods p[1..2]: 2 Running
    pods !p[1..2]: 1 Running
    node worker-[1..3]: Ready
    sequence { kubelet@worker-[1..3] -> runtime@worker-[1..3]: StartContainer pod/p[1..3] }
  }
}
`);
    expect(r!.status, explain(r!)).toBe('passed');
  });
});
