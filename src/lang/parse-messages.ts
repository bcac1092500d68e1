/**
 * The wording of syntax errors (Chevrotain's `IParserErrorMessageProvider`), in the user's terms:
 * "expected `{` but found the end of the line" rather than token names.
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { EOF } from './chevrotain.js';

/** How a token type is called in a message: its label (e.g. "a duration", "`{`"). */
export function describeType(t: TokenType): string {
  if (t === EOF) return 'the end of the file';
  return t.LABEL ?? t.name;
}

/** How an actual token is called in a message. */
export function describeToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF) return 'the end of the file';
  if (t.tokenType.name === 'Newline') return 'the end of the line';
  const image = t.image.length > 30 ? t.image.slice(0, 27) + '…' : t.image;
  return '`' + image.replace(/\n/g, '⏎') + '`';
}

function firstTokens(paths: TokenType[][][]): string {
  const seen = new Set<string>();
  for (const alt of paths) for (const path of alt) if (path[0]) seen.add(describeType(path[0]));
  const list = [...seen];
  if (list.length <= 1) return list[0] ?? 'something else';
  return list.slice(0, -1).join(', ') + ' or ' + list[list.length - 1];
}

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${describeType(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    if (firstRedundant.tokenType.name === 'RCurly') return 'this `}` closes no block';
    return `unexpected ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    return `expected ${firstTokens(expectedPathsPerAlt)} but found ${describeToken(actual[0])}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    return `expected ${firstTokens([expectedIterationPaths])} but found ${describeToken(actual[0])}`;
  },
};
