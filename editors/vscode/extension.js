// The VS Code client of `kscn lsp --stdio`: starts the server for .kscn files. The server is the
// project's own kscn (node_modules/.bin/kscn in the workspace), else `kscn` on the PATH, or the
// command in the `kscn.server.command` setting.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('kscn').get('server.command', []);
  if (configured.length) return { command: configured[0], args: configured.slice(1) };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'kscn.cmd' : 'kscn');
    if (fs.existsSync(local)) return { command: local, args: ['lsp', '--stdio'] };
  }
  return { command: 'kscn', args: ['lsp', '--stdio'] };
}

function activate(context) {
  const { command, args } = serverCommand();
  const run = { command, args, transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient('kscn', 'kscn', { run, debug: run }, { documentSelector: [{ scheme: 'file', language: 'kscn' }] });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
