#!/usr/bin/env node
// The kscn command: runs the compiled CLI (npm ci builds it through the `prepare` script).
import { main } from '../dist/cli/main.js';

// Output piped into a command that stops reading (`kscn trace … | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // A bug in kscn itself: say so in one line, never a stack trace (set KSCN_DEBUG=1 for it).
    process.stderr.write(`kscn: internal error: ${err && err.message ? err.message : String(err)}\n`);
    if (process.env.KSCN_DEBUG) process.stderr.write(String(err && err.stack) + '\n');
    process.exitCode = 2;
  },
);
