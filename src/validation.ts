// Validation habits shared by every layer that checks input (HTTP bodies and paths, task options,
// stored settings): strict objects name the fields they do not know, ids are canonical, and text
// holds nothing a database or a reader would choke on.

/** For z.strictObject: unknown fields are a 400 that names them (a typo must not be silently ignored). */
export const unknownFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : undefined,
};

/** Largest id a row can have (PostgreSQL integer). */
export const MAX_ID = 2 ** 31 - 1;

/** `"12"` → 12; anything but canonical decimal in 1..MAX_ID (`012`, `0x10`, `1e1`, ` 1`, `+1`) → undefined. */
export function canonicalId(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_ID ? n : undefined;
}

/** Deepest nesting of arrays and objects a JSON body may have (a story script needs 5). */
export const MAX_JSON_DEPTH = 32;

// C0 controls but tab, line feed and carriage return; DEL; C1 controls. PostgreSQL refuses NUL in
// text and JSON, and none of them belongs in a name, a topic or a story.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A UTF-16 half without its other half cannot be stored as UTF-8 (PostgreSQL jsonb refuses it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text cannot be stored as it is, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (U+${code})`;
  }
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * Checks every key and string of a parsed JSON value, without recursion: the first problem as
 * `{field, message}` (field in dotted form, `pages.0.text`), or undefined when all is well.
 */
export function jsonProblem(value: unknown): { field: string; message: string } | undefined {
  const stack: Array<{ node: unknown; path: string[]; depth: number }> = [
    { node: value, path: [], depth: 0 },
  ];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    const field = () => path.join('.') || 'body';
    if (typeof node === 'string') {
      const problem = textProblem(node);
      if (problem) return { field: field(), message: problem };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    // Named by its outermost field: the full path of a too-deep value is as absurd as the value.
    if (depth >= MAX_JSON_DEPTH)
      return { field: path[0] ?? 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        stack.push({ node: item, path: [...path, String(i)], depth: depth + 1 });
      });
      continue;
    }
    for (const [key, item] of Object.entries(node)) {
      const problem = textProblem(key);
      if (problem) return { field: [...path, key].join('.'), message: `field name ${problem}` };
      stack.push({ node: item, path: [...path, key], depth: depth + 1 });
    }
  }
  return undefined;
}
