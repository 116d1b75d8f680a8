// Validation habits shared by every layer that checks input with zod (HTTP bodies, task options,
// stored settings): strict objects name the fields they do not know.

/** For z.strictObject: unknown fields are a 400 that names them (a typo must not be silently ignored). */
export const unknownFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : undefined,
};
