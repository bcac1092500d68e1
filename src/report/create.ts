/**
 * `--reporter` names → reporters. The diagrams reporter is always on; GitHub annotations are on
 * whenever `GITHUB_ACTIONS` is set (GitHub sets it to `true`).
 */
import { closest } from '../lang/did-you-mean.js';
import { ConsoleReporter } from './console.js';
import { DiagramsReporter } from './diagrams.js';
import { GithubReporter } from './github.js';
import { HtmlReporter } from './html.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { MarkdownReporter } from './markdown.js';
import { REPORTER_NAMES, type Reporter, type ReporterName, type ReporterOptions } from './reporter.js';
import { DiagramStore, type UntilFn } from './store.js';
import { untilSeq } from './until.js';

/** Options of `createReporters`: those of every reporter, and the runner's `until` evaluator. */
export interface CreateReportersOptions extends ReporterOptions {
  /** Evaluates a `diagram { until … }` over a trace (the seq at which it first holds); default `untilSeq`. */
  until?: UntilFn;
  /** With no names, add the console reporter (default true; false when custom reporters replace it). */
  defaultConsole?: boolean;
}

/**
 * The reporters named (each name may itself be a comma-separated list; none = `console`), plus
 * the diagrams reporter, in a stable order. An unknown name gives `{error}`, one line with a
 * suggestion.
 */
export function createReporters(names: string[], opts: CreateReportersOptions): Reporter[] | { error: string } {
  const wanted = new Set<ReporterName>();
  for (const name of names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean)) {
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
      const near = closest(name, REPORTER_NAMES);
      return { error: `unknown reporter \`${name}\`${near ? ` (did you mean \`${near}\`?)` : ''}; known: ${REPORTER_NAMES.join(', ')}` };
    }
    wanted.add(name as ReporterName);
  }
  if (!wanted.size && opts.defaultConsole !== false) wanted.add('console');
  // GitHub sets GITHUB_ACTIONS=true in every job; any other non-empty value but `false`/`0` counts too.
  const gha = opts.io.env.GITHUB_ACTIONS;
  if (gha && gha !== 'false' && gha !== '0') wanted.add('github');

  const store = new DiagramStore({ ...opts, until: opts.until ?? untilSeq });
  const make: Record<ReporterName, () => Reporter> = {
    console: () => new ConsoleReporter(opts),
    junit: () => new JunitReporter(store),
    json: () => new JsonReporter(store, opts.shard),
    markdown: () => new MarkdownReporter(opts, store),
    html: () => new HtmlReporter(opts, store),
    github: () => new GithubReporter(opts),
  };
  const reporters = REPORTER_NAMES.filter((n) => wanted.has(n)).map((n) => make[n]());
  reporters.push(new DiagramsReporter(opts, store));
  return reporters;
}
