/**
 * The `kscn` code blocks of a Markdown document (```kscn fences), so the examples of
 * `docs/language.md` can be kept as tests: they must parse, check, and (wired by the runner's
 * tests) run and pass.
 */

/** One fenced block: its code, and the 1-based line of the Markdown where the code starts. */
export interface KscnBlock {
  code: string;
  line: number;
}

/** Every ```kscn block of `markdown`, in order (other languages and plain fences are skipped). */
export function extractKscnBlocks(markdown: string): KscnBlock[] {
  const lines = markdown.split(/\r?\n/);
  const out: KscnBlock[] = [];
  let fence: { marker: string; kscn: boolean; start: number; body: string[] } | undefined;
  lines.forEach((line, i) => {
    if (!fence) {
      const m = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
      if (m) fence = { marker: m[1]!, kscn: m[2] === 'kscn', start: i + 2, body: [] };
      return;
    }
    const close = new RegExp(`^ {0,3}${fence.marker[0] === '`' ? '`' : '~'}{${fence.marker.length},}\\s*$`);
    if (close.test(line)) {
      if (fence.kscn) out.push({ code: fence.body.join('\n') + '\n', line: fence.start });
      fence = undefined;
    } else fence.body.push(line);
  });
  return out;
}
