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
    .replace(/\r?\n/g, ' ')
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
