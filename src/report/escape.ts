/**
 * Escaping of user text for every output format kscn writes. Every string that came from a
 * user, a manifest or the trace goes through one of these before it is written.
 */

/**
 * Text for a Mermaid sequence diagram: a message label, a note, a box title or an alias.
 *
 * Mermaid reads `#` as the start of a comment and `;` as the end of a statement, treats `<…>` as
 * HTML and quotes specially, so these become Mermaid entity codes (`#35;`, `#59;`, `#lt;` …; backticks too, so the
 * text can sit in a Markdown fence),
 * which Mermaid decodes when it draws. A newline becomes `<br>` (a line break in the drawing);
 * a leading `wrap:`/`nowrap:` (a Mermaid directive) has its colon escaped. Never returns an
 * empty string for non-empty input, and never a string with a raw newline.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) {
    switch (ch) {
      case '#': out += '#35;'; break;
      case ';': out += '#59;'; break;
      case '<': out += '#lt;'; break;
      case '>': out += '#gt;'; break;
      case '"': out += '#quot;'; break;
      case '&': out += '#amp;'; break;
      case '%': out += '#37;'; break;
      case '{': out += '#123;'; break;
      case '}': out += '#125;'; break;
      case '`': out += '#96;'; break;
      case '\r': break;
      case '\n': out += '<br>'; break;
      case '\t': out += ' '; break;
      default: out += ch;
    }
  }
  out = out.replace(/^(\s*(?:no)?wrap):/i, '$1#58;');
  return out;
}

/** Text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text for XML element content and attribute values. Besides the five entities, characters XML
 * 1.0 forbids (C0 controls but tab, newline and CR; lone surrogates; U+FFFE/U+FFFF) are dropped,
 * so a JUnit parser never rejects the file.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[&<>"']/g, (ch) => XML_ENTITIES[ch] ?? ch);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Text inside a Markdown table cell or paragraph: characters that Markdown or GitHub would read
 * as markup (`|`, `*`, `_`, backticks, `<`, `[` …) are backslash-escaped or entity-encoded;
 * newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t\v\f\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text for a GitHub Actions workflow command's message (`::error …::MESSAGE`). */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Text for a GitHub Actions workflow command's property (`file=…,title=…`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Characters a terminal or a CI log must not receive raw from user text: controls (C0, DEL, C1), line and paragraph separators, bidirectional overrides. */
const TERMINAL_UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** One unsafe character as visible text: `\n`, `\t`, `\r`, `\x1b`, `\u202e`. */
function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  // Below U+0020 as \xNN; from DEL on as \uNNNN, which JSON reads as the same character.
  return c < 0x20 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/**
 * User text (a title, a name, a message quoting a manifest) for one line of a terminal or CI log:
 * every control character, newline and tab included, and every bidirectional override is shown
 * escaped (`\n`, `\x1b`, `\u202e`), so a title can neither start a line of its own (a GitHub
 * `::error` workflow command) nor send escape sequences, bells or reordering to the terminal.
 */
export function escapeTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visible);
}

/** Sequences kscn itself writes to a colour terminal: SGR colours, and the progress line's clear. */
const OWN_SEQUENCES = /\x1b\[[0-9;]*m|\r\x1b\[2K/y;

/**
 * The last guard on everything kscn prints (`processIO`): newlines and tabs pass, and with
 * colour kscn's own colour sequences; every other control character and bidirectional override
 * is escaped as `escapeTerminal` does — whatever path the text took, and with NO_COLOR too.
 */
export function safeOutput(text: string, color: boolean): string {
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; ) {
    if (color && (text[i] === '\x1b' || text[i] === '\r')) {
      OWN_SEQUENCES.lastIndex = i;
      const m = OWN_SEQUENCES.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    const ch = text[i]!;
    out += ch === '\n' || ch === '\t' ? ch : ch.replace(TERMINAL_UNSAFE, visible);
    i++;
  }
  return out;
}
