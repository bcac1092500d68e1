import { describe, expect, it, vi } from 'vitest';
import type { DiagramDecl } from '../../src/lang/ast.js';
import { pickScenario } from '../../src/cli/scenario-arg.js';
import { runScenario } from '../../src/run/run.js';
import { toMermaid as draw, type MermaidOptions } from '../../src/report/mermaid.js';
import type { ScenarioResult } from '../../src/run/result.js';
import { imagePulls } from '../../src/report/select.js';
import { spanAt } from '../fixtures/report/kubectl-run.js';
import { memoryIO } from './io.js';

/** These tests pin the full diagram (`diagram { detail full }`, every message, LANGUAGE.md §9); summary.test.ts tests the default summary. */
function toMermaid(s: ScenarioResult, d?: DiagramDecl, o?: MermaidOptions): string {
  return draw(s, { type: 'Diagram', span: s.span, hide: [], focus: [], groups: [], ...d, detail: 'full' }, o);
}

vi.setConfig({ testTimeout: 60_000 });

const fixtures = new URL('../fixtures/report/', import.meta.url).pathname;

function decl(d: Partial<DiagramDecl>): DiagramDecl {
  return { type: 'Diagram', span: spanAt('x.kscn', 30), hide: [], focus: [], groups: [], ...d };
}

async function threePods() {
  const picked = await pickScenario('diagram', 'three-pods.kscn', undefined, memoryIO({ cwd: fixtures }));
  if (typeof picked === 'number') throw new Error('fixture did not check');
  return runScenario(picked.file, picked.scenario);
}

describe('focus pod/X: the pod\'s image pulls stay in its diagram', () => {
  it('matches each PullImage to the pod whose Pulling Event asked for it, in the serialized pull order', async () => {
    const r = await threePods();
    const pulls = imagePulls(r.trace);
    const pullMsgs = r.trace.messages.filter((m) => m.verb === 'PullImage');
    expect(pullMsgs.length).toBe(3);
    // Three different pods, one pull each, in the order of their Pulling Events.
    const pulling = r.trace.events.filter((e) => e.reason === 'Pulling').map((e) => e.object);
    expect(pullMsgs.map((m) => pulls.get(m.seq))).toEqual(pulling);
    expect(new Set(pulling).size).toBe(3);
  });

  it('draws the focused pod\'s PullImage, not the other pods\'', async () => {
    const r = await threePods();
    const pulls = imagePulls(r.trace);
    const pullMsgs = r.trace.messages.filter((m) => m.verb === 'PullImage');
    // The second pod's pull waits for the first: the kubelet's last message before it is about another pod.
    const pod = pulls.get(pullMsgs[1]!.seq)!;
    const mmd = toMermaid(r, decl({ focus: [pod] }));
    const lines = mmd.split('\n').map((l) => l.trim());
    expect(lines.filter((l) => l.startsWith('kubelet->>runtime: PullImage'))).toEqual(['kubelet->>runtime: PullImage nginx:1.27']);
    const at = (p: string) => lines.findIndex((l) => l.startsWith(p));
    expect(at('kubelet->>runtime: RunPodSandbox')).toBeLessThan(at('kubelet->>runtime: PullImage'));
    expect(at('kubelet->>runtime: PullImage')).toBeLessThan(at('kubelet->>runtime: CreateContainer'));
  });
});
