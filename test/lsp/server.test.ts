/**
 * `kscn lsp --stdio`, driven as an editor drives it: a scripted LSP session over the process's
 * standard input and output (vscode-languageserver-protocol) opens files and asks for
 * diagnostics, completions, hover, a definition, formatting and a quick fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionItem,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kscn-lsp-'));
const common = join(dir, 'common/clusters.kscn');
const main = join(dir, 'main.kscn');
const uri = (p: string) => pathToFileURL(p).href;

const COMMON = `cluster small {
  node worker-1 { cpu 4; memory 8Gi }
  node worker-2 { cpu 4; memory 8Gi }
}
`;
const MAIN = `import "common/clusters.kscn"

manifest web """
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web }
  spec:
    replicas: 2
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec: { containers: [{ name: web, image: nginx }] }
"""

scenario "web comes up" {
  given cluster smal
  when {
    apply web
  }
  then {
    pod web-*: Running within 30s
  }
}
`;

let child: ChildProcess;
let conn: ProtocolConnection;
const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
const waiters: (() => void)[] = [];

/** The next diagnostics published for `u` after `since` earlier ones. */
async function diagnosticsFor(u: string, since = 0): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const list = diagnostics.get(u) ?? [];
    if (list.length > since) return list[since]!;
    await new Promise<void>((r) => waiters.push(r));
  }
}

describe('kscn lsp --stdio', () => {
  beforeAll(async () => {
    mkdirSync(join(dir, 'common'));
    writeFileSync(common, COMMON);
    writeFileSync(main, MAIN);
    child = spawn(process.execPath, [join(root, 'bin/kscn.js'), 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      diagnostics.set(p.uri, [...(diagnostics.get(p.uri) ?? []), p]);
      waiters.splice(0).forEach((w) => w());
    });
    conn.listen();
    const init = await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: uri(dir), capabilities: {}, workspaceFolders: null });
    expect(init.capabilities.completionProvider).toBeTruthy();
    await conn.sendNotification(InitializedNotification.type, {});
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(main), languageId: 'kscn', version: 1, text: MAIN } });
  });

  afterAll(async () => {
    await conn.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await conn.sendNotification(ExitNotification.type).catch(() => undefined);
    conn.dispose();
    child.kill();
  });

  it('publishes diagnostics as the file is typed: the misspelt cluster, then none once it is fixed', async () => {
    const first = await diagnosticsFor(uri(main));
    expect(first.diagnostics.map((d) => ({ line: d.range.start.line, character: d.range.start.character, code: d.code, message: d.message }))).toEqual([
      { line: 15, character: 16, code: 'E-UNKNOWN-CLUSTER', message: 'unknown cluster `smal`\ndid you mean `small`?' },
    ]);
    // The quick fix the hint offers.
    const actions = (await conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(main) }, range: first.diagnostics[0]!.range, context: { diagnostics: first.diagnostics } })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual(['Change to `small`']);
    expect(actions[0]!.edit.changes[uri(main)]![0]!.newText).toBe('small');

    await conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(main), version: 2 },
      contentChanges: [{ range: { start: { line: 15, character: 16 }, end: { line: 15, character: 20 } }, text: 'small' }],
    });
    expect((await diagnosticsFor(uri(main), 1)).diagnostics).toEqual([]);
  });

  it('completes cluster names, manifest names, kubectl commands, participants, Event reasons and keywords', async () => {
    const labels = async (text: string, line: number, character: number) => {
      const u = uri(join(dir, `c-${line}-${character}.kscn`));
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'kscn', version: 1, text } });
      const r = (await conn.sendRequest(CompletionRequest.type, { textDocument: { uri: u }, position: { line, character } })) as CompletionItem[];
      return r.map((c) => c.label);
    };
    const body = (inner: string) => `import "common/clusters.kscn"\nmanifest web """\n  apiVersion: v1\n  kind: Pod\n  metadata: { name: web }\n  spec: { containers: [{ name: a, image: nginx }] }\n"""\nscenario "x" {\n${inner}\n}\n`;
    expect(await labels(body('  given cluster '), 8, 16)).toEqual(['small']);
    expect(await labels(body('  given cluster small\n  when {\n    apply \n  }'), 10, 10)).toEqual(['web']);
    expect(await labels(body('  given cluster small\n  when {\n    kubectl \n  }'), 10, 12)).toEqual(expect.arrayContaining(['apply', 'cordon', 'create', 'delete', 'drain', 'run', 'scale']));
    expect(await labels(body('  given cluster small\n  when { kubectl cordon  }'), 9, 24)).toEqual(['worker-1', 'worker-2']);
    expect(await labels(body('  given cluster small\n  then {\n    sequence {\n      kubectl -> \n    }\n  }'), 11, 17)).toEqual(['apiserver', 'cni', 'controller-manager', 'etcd', 'iptables', 'kube-proxy', 'kubectl', 'kubelet', 'runtime', 'scheduler']);
    expect(await labels(body('  given cluster small\n  then {\n    events pod/web: Scheduled, \n  }'), 10, 31)).toEqual(expect.arrayContaining(['Pulled', 'Pulling', 'Scheduled', 'Started', 'FailedScheduling', 'BackOff']));
    // Keywords from the grammar (Chevrotain's content assist): a statement of `then`.
    const then = await labels(body('  given cluster small\n  then {\n    \n  }'), 10, 4);
    expect(then).toEqual(expect.arrayContaining(['always', 'event', 'events', 'never', 'sequence']));
    expect(then).not.toContain('given');
    // At the top of a file: the declarations.
    expect(await labels('\n', 0, 0)).toEqual(['cluster', 'import', 'manifest', 'scenario']);
  });

  it('goes to the definition of a cluster in an imported file, of a manifest, and of an imported file', async () => {
    const def = async (line: number, character: number) => (await conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri(main) }, position: { line, character } })) as Location | null;
    expect(await def(15, 18)).toEqual({ uri: uri(common), range: { start: { line: 0, character: 8 }, end: { line: 0, character: 13 } } });
    expect(await def(17, 11)).toEqual({ uri: uri(main), range: { start: { line: 2, character: 9 }, end: { line: 2, character: 12 } } });
    expect((await def(0, 12))?.uri).toBe(uri(common));
  });

  it('explains on hover: a participant, a manifest, a duration', async () => {
    const text = 'scenario "h" {\n  given cluster small\n  when { apply web }\n  then {\n    never scheduler -> kubelet@worker-1\n    pod web-*: Running within 1m30s\n  }\n}\n';
    const u = uri(main);
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: u, version: 3 }, contentChanges: [{ text: MAIN.replace('smal\n', 'small\n') + '\n' + text }] });
    const at = async (line: number, character: number) => ((await conn.sendRequest(HoverRequest.type, { textDocument: { uri: u }, position: { line, character } })) as { contents: { value: string } } | null)?.contents.value;
    const base = MAIN.split('\n').length;
    expect(await at(base + 4, 14)).toMatch(/^\*\*scheduler\*\* — kube-scheduler: picks a node/);
    expect(await at(base + 4, 25)).toMatch(/^\*\*kubelet\*\* on node `worker-1` — /);
    expect(await at(base + 2, 16)).toBe('manifest **web**: Deployment web');
    expect(await at(base + 5, 32)).toBe('1m30s = 90 s');
  });

  it('formats with kscn fmt', async () => {
    const u = uri(join(dir, 'messy.kscn'));
    await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: u, languageId: 'kscn', version: 1, text: 'cluster   c {\nnode n-1 {cpu 2;memory 4Gi}\n}\n' } });
    const edits = (await conn.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } })) as { newText: string }[];
    expect(edits.length).toBe(1);
    expect(edits[0]!.newText).toMatch(/^cluster c \{\n {2}node n-1 \{/);
  });
});
