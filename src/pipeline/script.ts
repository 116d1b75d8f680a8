// The story script file (`script_data.json`) in a task folder: read and written checked against
// the schema every segment reads and extends (defined in story/script.ts, re-exported here).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { writeJsonAtomic } from '../storage/atomic.js';
import { type StoryScript, StoryScriptSchema } from '../story/script.js';

// The schemas live in story/ (media and providers use them too); the pipeline's callers keep
// importing them from here.
export * from '../story/script.js';

export const SCRIPT_FILE = 'script_data.json';

/**
 * Reads and checks a task's script. A missing file is a 409 (Story has not run); a file that is not
 * JSON or not a valid script is a 422 naming the first bad field; other I/O errors pass through.
 */
export async function readScript(taskDir: string): Promise<StoryScript> {
  let raw: string;
  try {
    raw = await readFile(join(taskDir, SCRIPT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError(
        'precondition_failed',
        409,
        `${SCRIPT_FILE} is missing: run the Story segment first`,
      );
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new AppError(
      'invalid_script',
      422,
      `${SCRIPT_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const parsed = StoryScriptSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new AppError('invalid_script', 422, `${SCRIPT_FILE}: ${field}: ${issue?.message ?? 'invalid'}`, {
      field,
    });
  }
  return parsed.data;
}

export async function writeScript(taskDir: string, script: StoryScript): Promise<void> {
  await writeJsonAtomic(join(taskDir, SCRIPT_FILE), StoryScriptSchema.parse(script));
}
