// The Story segment: asks the configured story writer for a script, checks it against the
// schema, pins the fields the user chose, and saves script_data.json.
import { AppError } from '../errors.js';
import { SCRIPT_FILE } from '../storage/task-folder.js';
import { type StoryScript, StoryScriptSchema } from './script.js';
import type { SegmentRunner } from './segment.js';

export const runStory: SegmentRunner = async (ctx) => {
  const { request } = ctx;
  ctx.progress(0, 'writing the story');
  const result = await ctx.providers.story.writeStory(request, {
    signal: ctx.signal,
    onProgress: (fraction, message) => ctx.progress(Math.min(0.95, fraction), message),
  });
  ctx.signal.throwIfAborted();
  for (const w of result.warnings ?? []) ctx.warn?.(`${ctx.providers.story.provider}: ${w}`);
  const parsed = StoryScriptSchema.safeParse(result.script);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'script';
    throw new AppError(
      'bad_story',
      502,
      `story writer ${ctx.providers.story.provider}:${ctx.providers.story.modelId} returned an invalid script (${where}: ${issue?.message ?? 'invalid'})`,
    );
  }
  const script: StoryScript = parsed.data;
  if (script.pages.length !== request.pages) {
    throw new AppError(
      'bad_story',
      502,
      `story writer returned ${script.pages.length} pages, ${request.pages} were asked for`,
    );
  }
  // What the user typed wins; when role or scene were left empty, keep what the writer chose.
  script.topic = request.topic;
  script.language = request.language;
  if (request.mainRole) script.main_role = request.mainRole;
  else if (!script.main_role) script.main_role = script.characters[0]!.name;
  if (request.scene) script.scene = request.scene;
  script.pages.forEach((page, i) => {
    page.page = i + 1;
    // A fresh story has no segments or audio yet, whatever the writer put there.
    delete page.segments;
    delete page.audio;
    delete page.duration;
  });
  script.settings = { ...script.settings, aspect: request.aspect, seed: request.seed };
  await ctx.folder.writeScript(script);
  return [SCRIPT_FILE];
};
