/**
 * `kscn lsp --stdio`: the Language Server Protocol over standard input and output
 * (vscode-languageserver), for any editor with an LSP client (editors/vscode is one). The answers
 * come from `./service.ts`; this file only speaks the protocol.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyse, complete, definition, format, hover, quickFix, toRange, type Analysis, type CompletionKind } from './service.js';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  cluster: CompletionItemKind.Class,
  manifest: CompletionItemKind.File,
  node: CompletionItemKind.Variable,
  kubectl: CompletionItemKind.Function,
  participant: CompletionItemKind.Module,
  reason: CompletionItemKind.EnumMember,
};

/** Start the server on a connection (default: standard input and output). */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();

  const pathOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  /** Imports and YAML files: an open editor's text first, else the disk. */
  const readFile = (abs: string): string | undefined => {
    const open = documents.get(pathToFileURL(abs).href);
    if (open) return open.getText();
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  };
  const analysis = (uri: string): Analysis | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    let a = analyses.get(uri);
    if (!a || a.text !== doc.getText()) {
      a = analyse(doc.getText(), pathOf(uri), readFile);
      analyses.set(uri, a);
    }
    return a;
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', '>', '/', ','] },
      hoverProvider: true,
      definitionProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'kscn' },
  }));

  const publish = (uri: string) => {
    const a = analysis(uri);
    if (!a) return;
    const diagnostics: LspDiagnostic[] = a.diagnostics.map((d) => ({
      range: toRange(d.span),
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: d.code,
      source: 'kscn',
      message: d.hint ? `${d.message}\n${d.hint}` : d.message,
      ...(d.hint ? { data: { hint: d.hint } } : {}),
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
  };
  documents.onDidChangeContent((e) => publish(e.document.uri));
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((p) => {
    const a = analysis(p.textDocument.uri);
    if (!a) return [];
    return complete(a, p.position).map((c) => ({ label: c.label, kind: KINDS[c.kind], ...(c.detail ? { detail: c.detail } : {}) }));
  });
  connection.onHover((p) => {
    const a = analysis(p.textDocument.uri);
    const h = a && hover(a, p.position);
    return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
  });
  connection.onDefinition((p) => {
    const a = analysis(p.textDocument.uri);
    const d = a && definition(a, p.position);
    return d ? { uri: pathToFileURL(d.file).href, range: d.range } : null;
  });
  connection.onDocumentFormatting((p) => {
    const a = analysis(p.textDocument.uri);
    const out = a && format(a);
    if (!a || out === undefined) return [];
    const lines = a.text.split('\n');
    return [{ range: { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } }, newText: out }];
  });
  connection.onCodeAction((p) =>
    p.context.diagnostics.flatMap((d) => {
      const fix = quickFix(d);
      if (!fix) return [];
      return [{ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: { changes: { [p.textDocument.uri]: [{ range: d.range, newText: fix.newText }] } } }];
    }),
  );

  documents.listen(connection);
  connection.listen();
  return connection;
}
