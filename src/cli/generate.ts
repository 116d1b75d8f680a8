// `storyagent generate`: runs the five segments on one topic in this process, with progress,
// and prints the MP4 path last. No server, database or network needed.
import { existsSync } from 'node:fs';
import { readdir, rmdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config.js';
import { AppError, isAbortError, SegmentError } from '../errors.js';
import { runSegment } from '../pipeline/run.js';
import {
  ASPECTS,
  LANGUAGES,
  type RenderOptions,
  RenderOptionsSchema,
  type StoryRequest,
  StoryRequestSchema,
} from '../pipeline/script.js';
import { segmentSettingsOf } from '../pipeline/segment.js';
import { parseSegment, WORKFLOW } from '../pipeline/workflow.js';
import { createProviders, parseProviderId } from '../providers/registry.js';
import { SCRIPT_FILE, TaskFolder, TaskFolders } from '../storage/task-folder.js';
import { wholeNumber } from './options.js';
import { createProgressView } from './progress.js';

interface GenerateFlags {
  topic?: string;
  role?: string;
  scene?: string;
  lang?: string;
  pages?: number;
  aspect?: string;
  seed?: number;
  out?: string;
  from?: string;
  only?: string;
  burnSubtitles: boolean;
  subtitleStyle: string;
  music?: string;
  musicGain: number;
  rate: number;
  voice?: string;
  storyProvider?: string;
  imageProvider?: string;
  speechProvider?: string;
}

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number`);
  return n;
};

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Make a narrated, illustrated storybook video from a topic (all five segments)')
    .option('--topic <text>', 'what the story is about, e.g. "一只想学飞的小企鹅"')
    .option('--role <name>', 'main character (default: taken from the topic)')
    .option('--scene <place>', 'where it happens (default: chosen from the topic)')
    // No commander defaults here: with --from on an existing story, unset flags keep its values.
    .addOption(new Option('--lang <code>', 'story language (default: zh)').choices([...LANGUAGES]))
    .option('--pages <n>', 'number of pages, 1-20 (default: 6)', wholeNumber('--pages', 1, 20))
    .addOption(new Option('--aspect <ratio>', 'video shape (default: 16:9)').choices([...ASPECTS]))
    .option(
      '--seed <n>',
      'same seed + same inputs = same story and pictures (default: 1)',
      wholeNumber('--seed', 0, 2 ** 31 - 1),
    )
    .option('--out <dir>', 'write the task files into DIR (default: a new folder under ./generated_stories)')
    .option('--from <segment>', 'with --out on an existing story: redo this segment and the ones after it')
    .option('--only <segment>', 'with --out on an existing story: redo just this segment')
    .option('--no-burn-subtitles', 'keep subtitles soft (subtitles.srt only), not drawn on the video')
    .addOption(
      new Option('--subtitle-style <style>', 'burned subtitle style')
        .choices(['plain', 'karaoke'])
        .default('plain'),
    )
    .option('--music <file>', 'background music mixed under the narration')
    .option('--music-gain <dB>', 'music level under the voice', num('--music-gain'), -20)
    .option('--rate <x>', 'speech speed, 0.5-2', num('--rate'), 1)
    .option('--voice <name>', 'speech voice of the speech provider')
    .option('--story-provider <id>', 'story writer, e.g. offline, openai:gpt-4o-mini')
    .option('--image-provider <id>', 'illustrator, e.g. offline, comfyui:http://127.0.0.1:8188')
    .option('--speech-provider <id>', 'speech engine, e.g. offline, openai-tts:gpt-4o-mini-tts#alloy')
    .action(async (flags: GenerateFlags) => {
      process.exitCode = await generate(flags);
    });
}

class UsageError extends Error {}

async function generate(flags: GenerateFlags): Promise<number> {
  let plan: Awaited<ReturnType<typeof planRun>>;
  try {
    plan = await planRun(flags);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`storyagent generate: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const { request, render, segments } = plan;
  // Provider flags act like the server's settings: the person at the terminal owns this run.
  const config = loadConfig(process.env, {
    ...(flags.storyProvider && { STORY_PROVIDER: flags.storyProvider }),
    ...(flags.imageProvider && { IMAGE_PROVIDER: flags.imageProvider }),
    ...(flags.speechProvider && { SPEECH_PROVIDER: flags.speechProvider }),
  });
  const providers = createProviders(config);
  // Only now, with everything checked, does a new numbered folder appear: a run refused above
  // leaves nothing behind.
  const folder = plan.taskDir
    ? new TaskFolder(plan.taskDir)
    : await new TaskFolders(config.storageRoot).allocate();
  const taskDir = folder.dir;

  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const view = createProgressView(WORKFLOW.length);
  // Provider warnings (a setting ignored, a fallback used), once each, printed when the bars stop.
  const warnings = new Set<string>();
  const printWarnings = () => {
    for (const w of warnings) console.error(`storyagent generate: warning: ${w}`);
  };
  console.error(`Writing to ${display(taskDir)}`);
  try {
    for (const seg of segments) {
      const started = performance.now();
      view.start(seg.segment_id, seg.name);
      await runSegment(seg.segment_id, {
        folder,
        request,
        render,
        providers,
        settings: segmentSettingsOf(config),
        signal: controller.signal,
        progress: (fraction, message) => view.update(seg.segment_id, fraction, message),
        warn: (message) => warnings.add(`${seg.name}: ${message}`),
      });
      view.done(seg.segment_id, (performance.now() - started) / 1000);
    }
  } catch (err) {
    // Mark the failed bar before stopping the view: a stopped bar display no longer redraws.
    if (err instanceof SegmentError && !controller.signal.aborted) view.fail(err.segmentId);
    view.stop();
    printWarnings();
    if (isAbortError(err) || controller.signal.aborted) {
      console.error('storyagent generate: stopped; the files written so far are kept');
      return 130;
    }
    if (err instanceof SegmentError) {
      console.error(`storyagent generate: segment ${err.segmentId} ${err.message}`);
      if (err.segmentId === segments[0]!.segment_id && err.segmentId === 1) {
        // Nothing was written: a folder this run made is removed again, and the hint is the same command.
        const made = !plan.taskDir && (await folderKind(taskDir)) === 'empty';
        if (made) await rmdir(taskDir).catch(() => undefined);
        console.error(
          `Nothing was written${made ? '' : ` to ${display(taskDir)}`}; fix the cause and run the same command again`,
        );
        return 1;
      }
      console.error(
        `The files of earlier segments are kept in ${display(taskDir)}; fix the cause and run with --out ${display(taskDir)} --from ${err.segmentName.toLowerCase()}`,
      );
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  view.stop();
  printWarnings();
  const mp4 = join(taskDir, 'video', 'output.mp4');
  console.log(existsSync(mp4) ? display(mp4) : display(taskDir));
  return 0;
}

/** Validates the flags and decides the folder (if given) and the segments to run, without touching anything. */
async function planRun(flags: GenerateFlags) {
  if (flags.from && flags.only) throw new UsageError('use --from or --only, not both');
  const partial = flags.from ?? flags.only;
  const first = partial ? parseSegment(partial) : WORKFLOW[0];
  if (!first) {
    throw new UsageError(
      `unknown segment "${partial}"; use one of ${WORKFLOW.map((s) => s.name.toLowerCase()).join(', ')} or 1-5`,
    );
  }
  const segments = flags.only ? [first] : WORKFLOW.filter((s) => s.segment_id >= first.segment_id);

  // A mistyped provider id is bad input: one line naming the flag, before any folder is made.
  for (const [kind, flag, id] of [
    ['story', '--story-provider', flags.storyProvider],
    ['image', '--image-provider', flags.imageProvider],
    ['speech', '--speech-provider', flags.speechProvider],
  ] as const) {
    if (id === undefined) continue;
    try {
      parseProviderId(kind, id, flag);
    } catch (err) {
      if (err instanceof AppError) throw new UsageError(err.message);
      throw err;
    }
  }

  const render = parseOr(
    RenderOptionsSchema,
    {
      speechRate: flags.rate,
      voice: flags.voice,
      burnSubtitles: flags.burnSubtitles,
      subtitleStyle: flags.subtitleStyle,
      musicPath: flags.music ? resolve(flags.music) : undefined,
      musicGainDb: flags.musicGain,
    },
    { speechRate: '--rate', musicGainDb: '--music-gain' },
  ) as RenderOptions;
  if (render.musicPath && !existsSync(render.musicPath))
    throw new UsageError(`--music: no such file ${flags.music}`);

  /** Undefined: a new numbered folder, allocated once the whole run has been checked. */
  let taskDir: string | undefined;
  let existing = null;
  if (flags.out) {
    taskDir = resolve(flags.out);
    const kind = await folderKind(taskDir);
    if (kind === 'file') throw new UsageError(`--out ${flags.out} is a file, not a folder`);
    if (kind === 'other')
      throw new UsageError(`--out ${flags.out} holds other files; choose an empty or new folder`);
    if (kind === 'story' && !partial) {
      throw new UsageError(
        `--out ${flags.out} already holds a story; add --from story to write a new one there, or choose another folder`,
      );
    }
    if (kind === 'story')
      existing = await new TaskFolder(taskDir).readScript().catch((e: Error) => {
        throw new UsageError(`${join(flags.out!, SCRIPT_FILE)} is not valid: ${e.message}`);
      });
    if (partial && first.segment_id > 1 && kind !== 'story') {
      throw new UsageError(`--out ${flags.out} has no story yet; run without --from/--only first`);
    }
  } else {
    if (partial)
      throw new UsageError('--from and --only need --out DIR pointing at an existing story folder');
  }

  const request = parseOr(
    StoryRequestSchema,
    {
      topic: flags.topic ?? existing?.topic,
      mainRole: flags.role ?? existing?.main_role ?? '',
      scene: flags.scene ?? existing?.scene ?? '',
      language: flags.lang ?? existing?.language,
      pages: flags.pages ?? existing?.pages.length,
      aspect: flags.aspect ?? existing?.settings?.aspect,
      seed: flags.seed ?? existing?.settings?.seed,
    },
    { mainRole: '--role', language: '--lang' },
  ) as StoryRequest;

  // These flags shape the story itself; redoing a later segment would silently ignore a new value.
  if (existing && first.segment_id > 1) {
    const kept: [string, unknown, unknown][] = [
      ['--topic', flags.topic, existing.topic],
      ['--role', flags.role, existing.main_role],
      ['--scene', flags.scene, existing.scene],
      ['--lang', flags.lang, existing.language],
      ['--pages', flags.pages, existing.pages.length],
      ['--aspect', flags.aspect, existing.settings?.aspect],
      ['--seed', flags.seed, existing.settings?.seed],
    ];
    const changed = kept.find(([, given, had]) => given !== undefined && had !== undefined && given !== had);
    if (changed) {
      throw new UsageError(
        `${changed[0]} differs from the existing story's (${String(changed[2])}); it applies only when the story is rewritten: use --from story`,
      );
    }
  }

  return { taskDir, request, render, segments };
}

function parseOr(
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      data?: unknown;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  value: unknown,
  flagNames: Record<string, string>,
) {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error!.issues[0]!;
  const key = String(issue.path[0] ?? '');
  throw new UsageError(`${flagNames[key] ?? `--${key}`}: ${issue.message}`);
}

async function folderKind(dir: string): Promise<'missing' | 'empty' | 'story' | 'other' | 'file'> {
  const st = await stat(dir).catch(() => null);
  if (!st) return 'missing';
  if (!st.isDirectory()) return 'file';
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.'));
  if (names.length === 0) return 'empty';
  if (names.includes(SCRIPT_FILE)) return 'story';
  return 'other';
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
