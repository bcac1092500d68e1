/**
 * Label selectors in kubectl syntax (`app=web,tier!=db,env in (a,b),!legacy`) and in the API's
 * LabelSelector shape (matchLabels + matchExpressions).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Requirement =
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | '!exists'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: string };

/** Parse kubectl selector syntax; undefined when it is not a selector (see parseLabelSelector for why). */
export function parseSelectorText(text: string): Requirement[] | undefined {
  const r = parseLabelSelector(text);
  return 'error' in r ? undefined : r.requirements;
}

// The lexer and parser of apimachinery's labels.Parse (staging/src/k8s.io/apimachinery/pkg/labels/selector.go),
// with its error texts: the apiserver answers a bad `labelSelector` with 400 and that text.

type Tok = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const STRING_TO_TOKEN: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch) && ch !== '';

/** labels' Lexer.Lex over the whole text: the tokens and their literals, ending with `end`. */
function lex(text: string): [Tok, string][] {
  const out: [Tok, string][] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && isWhitespace(text[pos]!)) pos++;
    if (pos >= text.length) {
      out.push(['end', '']);
      return out;
    }
    if (isSpecial(text[pos]!)) {
      // scanSpecialSymbol: the longest run of special characters that is a token.
      let buffer = '';
      let last: [Tok, string] | undefined;
      while (pos < text.length && isSpecial(text[pos]!)) {
        buffer += text[pos++];
        const t = STRING_TO_TOKEN[buffer];
        if (t) last = [t, buffer];
        else if (last) {
          pos--;
          break;
        }
      }
      out.push(last ?? ['error', `error expected: keyword found '${buffer}'`]);
      continue;
    }
    let buffer = '';
    while (pos < text.length && !isSpecial(text[pos]!) && !isWhitespace(text[pos]!)) buffer += text[pos++];
    out.push([STRING_TO_TOKEN[buffer] ?? 'id', buffer]);
  }
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

/**
 * labels.Parse: the requirements of a selector in kubectl syntax, or the parser's error
 * (`unable to parse requirement: found '', expected: ',', ')' or identifier`). Keys and values
 * are checked as NewRequirement does (IsQualifiedName, IsValidLabelValue); the error path of a
 * selector parsed without one prints as `<nil>`, as field.Path's String does.
 */
export function parseLabelSelector(text: string): { requirements: Requirement[] } | { error: string } {
  const items = lex(text);
  let position = 0;
  // In the values context, `in` and `notin` are identifiers.
  const asValue = (t: Tok): Tok => (t === 'in' || t === 'notin' ? 'id' : t);
  const lookahead = (values: boolean): [Tok, string] => {
    const [t, l] = items[position]!;
    return [values ? asValue(t) : t, l];
  };
  const consume = (values: boolean): [Tok, string] => {
    const [t, l] = items[position++]!;
    return [values ? asValue(t) : t, l];
  };
  class ParseError extends Error {}
  const fail = (m: string): never => {
    throw new ParseError(m);
  };
  const requirement = (): Requirement => {
    // parseKeyAndInferOperator
    let [tok, key] = consume(true);
    let not = false;
    if (tok === '!') {
      not = true;
      [tok, key] = consume(true);
    }
    if (tok !== 'id') fail(`found '${key}', expected: identifier`);
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length) fail(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrors.join('; ')}`);
    const [next] = lookahead(true);
    if (not || next === 'end' || next === ',') {
      if (not) return { op: '!exists', key };
      return { op: 'exists', key };
    }
    // parseOperator
    const [opTok, opLit] = consume(false);
    let values: string[] = [];
    let op: Requirement['op'];
    switch (opTok) {
      case 'in':
      case 'notin': {
        op = opTok;
        // parseValues
        const [open, openLit] = consume(true);
        if (open !== '(') fail(`found '${openLit}' expected: '('`);
        const [t, l] = lookahead(true);
        if (t === 'id' || t === ',') {
          values = identifiersList();
          const [close] = consume(true);
          if (close !== ')') fail(`found '${l}', expected: ')'`);
        } else if (t === ')') {
          consume(true);
          values = [''];
        } else fail(`found '${l}', expected: ',', ')' or identifier`);
        break;
      }
      case '=':
      case '==':
      case '!=':
      case '>':
      case '<': {
        op = opTok === '!=' ? '!=' : opTok === '>' ? 'gt' : opTok === '<' ? 'lt' : '=';
        // parseExactValue
        const [t] = lookahead(true);
        if (t === 'end' || t === ',') values = [''];
        else {
          const [vt, vl] = consume(true);
          if (vt !== 'id') fail(`found '${vl}', expected: identifier`);
          values = [vl];
        }
        break;
      }
      default:
        return fail(`found '${opLit}', expected: ${BINARY_OPERATORS}`);
    }
    // NewRequirement: the values (sorted and unique, as sets.String.List gives them).
    values = [...new Set(values)].sort();
    const errors: string[] = [];
    if ((op === 'gt' || op === 'lt') && !/^[+-]?\d+$/.test(values[0] ?? '')) errors.push(`values[0]: Invalid value: ${JSON.stringify(values[0])}: for 'Gt', 'Lt' operators, the value must be an integer`);
    values.forEach((v, i) => {
      const why = labelValueErrors(v);
      if (why.length) errors.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: ${why.join('; ')}`);
    });
    if (errors.length) fail(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
    if (op === 'in' || op === 'notin') return { op, key, values };
    return { op, key, value: values[0]! };
  };
  const identifiersList = (): string[] => {
    const out = new Set<string>();
    for (;;) {
      const [tok, lit] = consume(true);
      if (tok === 'id') {
        out.add(lit);
        const [t2, l2] = lookahead(true);
        if (t2 === ',') continue;
        if (t2 === ')') return [...out];
        fail(`found '${l2}', expected: ',' or ')'`);
      } else if (tok === ',') {
        if (!out.size) out.add('');
        const [t2] = lookahead(true);
        if (t2 === ')' || t2 === ',') out.add('');
        if (t2 === ')') return [...out];
      } else fail(`found '${lit}', expected: ',', or identifier`);
    }
  };
  const requirements: Requirement[] = [];
  try {
    for (;;) {
      const [tok, lit] = lookahead(true);
      if (tok === 'end') break;
      if (tok !== 'id' && tok !== '!') fail(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(requirement());
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const [t, l] = consume(true);
      if (t === 'end') break;
      if (t === ',') {
        const [t2, l2] = lookahead(true);
        if (t2 !== 'id' && t2 !== '!') fail(`found '${l2}', expected: identifier after ','`);
      } else fail(`found '${l}', expected: ',' or 'end of string'`);
    }
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  }
  return { requirements };
}

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsQualifiedName (apimachinery pkg/util/validation), as a label key is checked. */
function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  let name = key;
  const out: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (!prefix) out.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) out.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) out.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }
  } else if (parts.length > 2) {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (!name) out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (name && !QUALIFIED_NAME_RE.test(name)) out.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  return out;
}

/** IsValidLabelValue. */
function labelValueErrors(v: string): string[] {
  const out: string[] = [];
  if (v.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(v)) out.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  return out;
}

export function matchRequirements(reqs: Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const v = labels[r.key];
    switch (r.op) {
      case '=':
        return v === r.value;
      case '!=':
        return v !== r.value;
      case 'in':
        return v !== undefined && r.values.includes(v);
      case 'notin':
        return v === undefined || !r.values.includes(v);
      case 'exists':
        return v !== undefined;
      case '!exists':
        return v === undefined;
      case 'gt':
      case 'lt': {
        if (v === undefined || !/^[+-]?\d+$/.test(v)) return false;
        return r.op === 'gt' ? Number(v) > Number(r.value) : Number(v) < Number(r.value);
      }
    }
  });
}

export function matchSelectorText(text: string, labels: Record<string, string>): boolean {
  const reqs = parseSelectorText(text);
  return !!reqs && matchRequirements(reqs, labels);
}

/** Does a metav1.LabelSelector match these labels? An empty selector matches everything. */
export function matchLabelSelector(sel: any, labels: Record<string, string>): boolean {
  if (!sel || typeof sel !== 'object') return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of (sel.matchExpressions ?? []) as any[]) {
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (v === undefined || !(e.values ?? []).includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && (e.values ?? []).includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
