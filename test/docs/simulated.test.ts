/**
 * docs/simulated.md is generated from the tables of src/simulated.ts (LANGUAGE.md §12.1), and the
 * tables agree with what the engine serves and the kubectl parser takes: a kind or command
 * another change adds must be registered in the tables, or this test fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatedDoc } from '../../src/report/simulated-doc.js';
import { KINDS, KUBECTL } from '../../src/simulated.js';
import { allResourceTypes, apiVersionOf } from '../../src/engine/apiserver/resources.js';
import { FLAGS, SUBCOMMANDS } from '../../src/kubectl/parse.js';
import { updating } from '../update.js';

const DOC = path.resolve(__dirname, '../../docs/simulated.md');

describe('docs/simulated.md', () => {
  it('is current (UPDATE_GOLDEN=1 rewrites it)', () => {
    const want = simulatedDoc();
    if (updating()) fs.writeFileSync(DOC, want);
    expect(fs.readFileSync(DOC, 'utf8')).toBe(want);
  });
});

describe('the tables of src/simulated.ts', () => {
  it('list every kind the apiserver serves as simulated or stored, and no served kind as refused', () => {
    for (const t of allResourceTypes()) {
      const e = KINDS.find((k) => k.kind === t.kind && k.apiVersion === apiVersionOf(t));
      expect(e, `${apiVersionOf(t)} ${t.kind} is served: register it in src/simulated.ts`).toBeDefined();
      expect(e!.support, `${t.kind}`).not.toBe('refused');
    }
    for (const k of KINDS.filter((e) => e.support !== 'refused')) {
      expect(allResourceTypes().some((t) => t.kind === k.kind && apiVersionOf(t) === k.apiVersion), `${k.kind} is marked ${k.support} but the apiserver does not serve it`).toBe(true);
    }
  });

  it('list every kubectl command the parser takes, with its flags, and refuse none of them', () => {
    const name = (key: string) => (key === 'create' ? 'create -f' : key === 'apply' ? 'apply -f' : key);
    for (const [key, spec] of Object.entries(FLAGS)) {
      const e = KUBECTL.find((c) => c.command === name(key));
      expect(e, `kubectl ${key}: register it in src/simulated.ts`).toBeDefined();
      expect(e!.support).toBe('simulated');
      expect([...(e!.flags ?? [])].sort(), `flags of kubectl ${key}`).toEqual([...spec.values, ...spec.booleans].map((f) => `--${f}`).sort());
    }
    for (const c of KUBECTL.filter((e) => e.support === 'simulated')) {
      expect(Object.keys(FLAGS).map(name), `kubectl ${c.command} is marked simulated but the parser does not take it`).toContain(c.command);
    }
    // A refused command must be one the parser refuses.
    for (const c of KUBECTL.filter((e) => e.support === 'refused')) expect(Object.keys(FLAGS).map(name)).not.toContain(c.command);
    expect(SUBCOMMANDS.length).toBeGreaterThan(0);
  });

  it('give every refused entry a hint of what to write instead', () => {
    for (const e of [...KINDS, ...KUBECTL].filter((x) => x.support === 'refused')) expect(e.instead, JSON.stringify(e)).toBeTruthy();
  });
});
