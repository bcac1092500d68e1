/**
 * kubectl lines: every line parses as a supported command (`src/kubectl/parse.ts`); the error
 * points at the offending word or flag of the line; `-f FILE` files exist.
 */
import { parseKubectl, splitArgs } from '../../kubectl/parse.js';
import { parseLabelSelector } from '../../engine/apiserver/selector.js';
import type { KubectlAction, Span } from '../ast.js';
import { Code } from '../codes.js';
import type { CheckContext } from './context.js';
import { eachAction } from './walk.js';

/** The span of `length` characters at `offset` within the raw text of a kubectl line. */
export function rawSpan(a: KubectlAction, offset: number, length: number): Span {
  const base = a.rawSpan.start;
  const start = Math.max(0, Math.min(offset, a.raw.length));
  const len = Math.max(1, Math.min(length, Math.max(1, a.raw.length - start)));
  // A kubectl line is one line, so columns move with offsets.
  return {
    file: a.rawSpan.file,
    start: { line: base.line, col: base.col + start, offset: base.offset + start },
    end: { line: base.line, col: base.col + start + len, offset: base.offset + start + len },
  };
}

export function validKubectl(ctx: CheckContext): void {
  for (const s of ctx.ast.scenarios) {
    eachAction(s, (a) => {
      if (a.type !== 'kubectl') return;
      const custom = ctx.customResources;
      const { command, error } = parseKubectl(a.raw, custom?.size ? { resources: (w) => custom.get(w.toLowerCase()) } : {});
      if (error) {
        ctx.report(Code.Kubectl, error.message, a.raw ? rawSpan(a, error.offset, error.length) : a.span, error.hint);
        return;
      }
      // A label selector the apiserver's labels.Parse refuses (a 400 at run time) is known now.
      const args = splitArgs(a.raw);
      args.forEach((arg, i) => {
        const inline = /^(?:--selector=|-l=?)(.+)$/.exec(arg.text);
        const at = inline ? arg : arg.text === '-l' || arg.text === '--selector' ? args[i + 1] : undefined;
        const selector = inline ? inline[1]! : at?.text;
        if (!at || selector === undefined) return;
        const parsed = parseLabelSelector(selector);
        if ('error' in parsed) ctx.report(Code.Kubectl, parsed.error, rawSpan(a, at.offset, at.length ?? at.text.length), 'the apiserver refuses this label selector (400 Bad Request); write key=value, key!=value, key in (a,b), key or !key, separated by commas');
      });
      if (command && (command.cmd === 'apply -f' || command.cmd === 'create -f' || (command.cmd === 'delete' && command.target.by === 'file'))) {
        const file = command.cmd === 'delete' ? (command.target as { file: string }).file : command.file;
        const why = file !== '-' && !/^https?:/.test(file) ? ctx.fileError(file) : undefined;
        if (why) {
          const at = a.raw.indexOf(file);
          ctx.report(Code.File, why === 'no such file' ? `cannot find "${file}"` : `cannot read "${file}": ${why}`, at >= 0 ? rawSpan(a, at, file.length) : a.span, "paths are relative to this .kscn file's folder");
        }
      }
    });
  }
}
