// JSON inputs of the dubbing cloud (blueprints, transcripts, narration and dubbing scripts, editing
// scripts): parsed and checked against a zod schema, with every error naming the line it is on.
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { z } from 'zod';
import { badInput } from '../errors.js';

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

const READABLE: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'a quoted property name expected',
  ValueExpected: 'a value expected',
  ColonExpected: '":" expected',
  CommaExpected: '"," expected',
  CloseBraceExpected: '"}" expected',
  CloseBracketExpected: '"]" expected',
  EndOfFileExpected: 'text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'comments are not allowed',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'malformed number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/** Parses JSON text; a syntax error is a 400 naming `field` and the line ("transcript_path: line 4: "," expected"). */
export function parseJsonText(text: string, field: string): { value: unknown; tree: Node | undefined } {
  const errors: ParseError[] = [];
  const clean = text.replace(/^\uFEFF/, '');
  const tree = parseTree(clean, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    throw badInput(field, `line ${lineAt(clean, first.offset)}: not valid JSON (${READABLE[code] ?? code})`);
  }
  if (!tree) throw badInput(field, 'line 1: empty file, a JSON value expected');
  return { value: JSON.parse(clean), tree };
}

/** The line of the value at `path` (or of its nearest existing parent, for a missing key). */
export function lineOfPath(text: string, tree: Node | undefined, path: PropertyKey[]): number {
  if (!tree) return 1;
  const clean = text.replace(/^\uFEFF/, '');
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(
      tree,
      path.slice(0, n).map((p) => (typeof p === 'number' ? p : String(p))),
    );
    if (node) return lineAt(clean, node.offset);
  }
  return 1;
}

/**
 * Parses JSON text and checks it against `schema`. Errors are 400s naming `field`, the line and the
 * key: "blueprint_path: line 12: scenes.3.dialogues.0.start_time: expected HH:MM:SS.mmm".
 */
export function parseJsonInput<S extends z.ZodType>(text: string, schema: S, field: string): z.output<S> {
  const { value, tree } = parseJsonText(text, field);
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(top level)';
  throw badInput(field, `line ${lineOfPath(text, tree, issue.path)}: ${where}: ${issue.message}`);
}
