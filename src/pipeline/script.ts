// The story script file (`script_data.json`) in a task folder: read and written checked against
// the schema every segment reads and extends (defined in story/script.ts, re-exported here).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../storage/atomic.js';
import { type StoryScript, StoryScriptSchema } from '../story/script.js';

// The schemas live in story/ (media and providers use them too); the pipeline's callers keep
// importing them from here.
export * from '../story/script.js';

export const SCRIPT_FILE = 'script_data.json';

export async function readScript(taskDir: string): Promise<StoryScript> {
  let raw: string;
  try {
    raw = await readFile(join(taskDir, SCRIPT_FILE), 'utf8');
  } catch {
    throw new Error(`${SCRIPT_FILE} is missing: run the Story segment first`);
  }
  return StoryScriptSchema.parse(JSON.parse(raw));
}

export async function writeScript(taskDir: string, script: StoryScript): Promise<void> {
  await writeJsonAtomic(join(taskDir, SCRIPT_FILE), StoryScriptSchema.parse(script));
}
