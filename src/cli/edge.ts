// `storyagent edge`: the editor's side of seed 002. `render` plays an editing script's timeline
// against the source video kept on this machine (narration WAVs from a local folder or fetched
// from the cloud) in one ffmpeg run; `export` writes the timeline for editing suites.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { type Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { EXPORT_EXTENSION, EXPORT_FORMATS, type ExportFormat, exportTimeline } from '../dubbing/exports.js';
import { buildEdgeRenderArgs, EDGE_RENDER_DEFAULTS, type SourceFacts } from '../dubbing/render-args.js';
import { parseTimelineFile, type Timeline } from '../dubbing/timeline.js';
import { probe, runFfmpeg } from '../media/ffmpeg.js';
import { formatAss, layoutCues, subtitleLayout } from '../media/subtitles.js';
import { produceAtomic } from '../storage/atomic.js';
import { resolveInside } from '../storage/paths.js';
import { wholeNumber } from './options.js';
import { createProgressView } from './progress.js';

interface ServerFlags {
  server?: string;
  token?: string;
  instanceId?: string;
  apiKey?: string;
}

interface RenderFlags extends ServerFlags {
  media: string;
  out: string;
  audio?: string;
  subtitles: boolean;
  crf: number;
  preset: string;
  font?: string;
}

interface ExportFlags {
  format: ExportFormat;
  out?: string;
  media?: string;
  audio?: string;
}

const fail = (message: string): never => {
  throw new Error(message);
};

async function readTimeline(file: string): Promise<{ timeline: Timeline; raw: unknown }> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) =>
    fail(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`),
  );
  try {
    return { timeline: parseTimelineFile(text, basename(file)), raw: JSON.parse(text) };
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/** A source named in the timeline, inside `dir` (never outside it); undefined when it is not there. */
async function findIn(dir: string, source: string): Promise<string | undefined> {
  for (const rel of [source, basename(source)]) {
    let path: string;
    try {
      path = resolveInside(dir, rel);
    } catch {
      continue;
    }
    if ((await stat(path).catch(() => null))?.isFile()) return path;
  }
  return undefined;
}

function serverHeaders(flags: ServerFlags): Record<string, string> {
  if (flags.token) return { authorization: `Bearer ${flags.token}` };
  if (flags.instanceId && flags.apiKey)
    return { 'x-instance-id': flags.instanceId, 'x-api-key': flags.apiKey };
  return fail('--server needs --token, or --instance-id with --api-key');
}

/** Fetches a file of the caller's space through GET /api/v1/files/download/?path=… */
async function download(server: string, headers: Record<string, string>, source: string, to: string) {
  const url = `${server.replace(/\/+$/, '')}/api/v1/files/download/?path=${encodeURIComponent(source)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers });
  } catch (err) {
    return fail(`could not reach ${server}: ${(err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const body = await res.text().catch(() => '');
    let reason = body.slice(0, 200);
    try {
      reason = (JSON.parse(body) as { error: { message: string } }).error.message;
    } catch {
      // not our error shape
    }
    return fail(`downloading ${source}: HTTP ${res.status} ${reason}`);
  }
  await mkdir(dirname(to), { recursive: true });
  await pipeline(
    Readable.fromWeb(res.body as import('node:stream/web').ReadableStream),
    createWriteStream(to),
  );
}

async function render(script: string, flags: RenderFlags): Promise<void> {
  const config = loadConfig();
  const { timeline } = await readTimeline(script);
  const paths = new Map<string, string>();
  const mediaDir = resolve(flags.media);
  if (!existsSync(mediaDir)) fail(`--media ${flags.media}: no such folder`);
  for (const source of new Set(timeline.video.map((v) => v.source))) {
    const found = await findIn(mediaDir, source);
    if (!found) fail(`source video "${source}" is not in ${mediaDir}`);
    paths.set(source, found!);
  }
  // Narration: a local folder first (--audio, else the script's own folder), then the cloud.
  const localDirs = [flags.audio ? resolve(flags.audio) : undefined, dirname(resolve(script))].filter(
    (d): d is string => Boolean(d),
  );
  const missing: string[] = [];
  for (const source of new Set(timeline.audio.map((a) => a.source))) {
    let found: string | undefined;
    for (const dir of localDirs) found ??= await findIn(dir, source);
    if (found) paths.set(source, found);
    else missing.push(source);
  }
  let cache: string | undefined;
  try {
    if (missing.length) {
      if (!flags.server)
        fail(
          `${missing.length} narration file(s) not found locally (e.g. ${missing[0]}): pass --audio DIR, or --server URL with --token or --instance-id and --api-key`,
        );
      const headers = serverHeaders(flags);
      cache = await mkdtemp(join(tmpdir(), 'storyagent-edge-'));
      for (const [i, source] of missing.entries()) {
        const to = join(cache, `${i}${extname(source) || '.wav'}`);
        await download(flags.server!, headers, source, to);
        paths.set(source, to);
      }
    }
    const facts = new Map<string, SourceFacts>();
    for (const source of new Set(timeline.video.map((v) => v.source))) {
      const info = await probe(paths.get(source)!, { ffprobePath: config.FFPROBE_PATH });
      if (!info.video) fail(`"${source}" has no video stream`);
      facts.set(source, { hasAudio: Boolean(info.audio) });
    }
    const audioLengths = new Map<string, number>();
    for (const source of new Set(timeline.audio.map((a) => a.source))) {
      const info = await probe(paths.get(source)!, { ffprobePath: config.FFPROBE_PATH });
      if (!info.audio) fail(`"${source}" has no audio stream`);
      audioLengths.set(source, info.durationSeconds);
    }
    let subtitlesPath: string | undefined;
    if (flags.subtitles && timeline.subtitles.length) {
      cache ??= await mkdtemp(join(tmpdir(), 'storyagent-edge-'));
      const lang = timeline.language ?? 'zh';
      const layout = subtitleLayout(lang, timeline.width, timeline.height);
      const fontName = flags.font ?? config.SUBTITLE_FONT;
      subtitlesPath = join(cache, 'subtitles.ass');
      await writeFile(
        subtitlesPath,
        formatAss(layoutCues(timeline.subtitles, layout), {
          width: timeline.width,
          height: timeline.height,
          fontName,
          layout,
          karaoke: false,
        }),
      );
    }
    const out = resolve(flags.out);
    const view = createProgressView(1);
    view.start(1, 'render');
    const t0 = performance.now();
    try {
      await produceAtomic(out, (tmp) =>
        runFfmpeg(
          buildEdgeRenderArgs(timeline, {
            paths,
            facts,
            audioLengths,
            subtitlesPath,
            crf: flags.crf,
            preset: flags.preset,
            outPath: tmp,
          }),
          {
            ffmpegPath: config.FFMPEG_PATH,
            totalSeconds: timeline.duration,
            onProgress: (f) =>
              view.update(1, f, `${Math.round(f * timeline.duration)}/${Math.round(timeline.duration)} s`),
          },
        ),
      );
      view.done(1, (performance.now() - t0) / 1000);
    } catch (err) {
      view.fail(1);
      throw err;
    } finally {
      view.stop();
    }
    console.log(out);
  } finally {
    if (cache) await rm(cache, { recursive: true, force: true });
  }
}

/** Narration lengths the editing script states (narration_audio_path → narration_duration). */
function statedAudioLengths(raw: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const seqs = (raw as { editing_script?: unknown }).editing_script;
  if (!Array.isArray(seqs)) return out;
  for (const s of seqs as Array<{ narration_audio_path?: unknown; narration_duration?: unknown }>) {
    if (typeof s.narration_audio_path === 'string' && typeof s.narration_duration === 'number')
      out.set(s.narration_audio_path, s.narration_duration);
  }
  return out;
}

async function exportCommand(script: string, flags: ExportFlags): Promise<void> {
  const { timeline, raw } = await readTimeline(script);
  const url = (source: string, kind: 'video' | 'audio') => {
    const dir = kind === 'video' ? flags.media : flags.audio;
    if (!dir) return source;
    try {
      return pathToFileURL(resolveInside(resolve(dir), kind === 'video' ? source : basename(source))).href;
    } catch {
      return source;
    }
  };
  const name = basename(script, extname(script));
  const text = exportTimeline(flags.format, timeline, { name, url, audioLengths: statedAudioLengths(raw) });
  if (flags.out === '-') {
    process.stdout.write(text);
    return;
  }
  const out = resolve(flags.out ?? join(dirname(script), `${name}${EXPORT_EXTENSION[flags.format]}`));
  await writeFile(out, text);
  console.log(out);
}

export function registerEdge(program: Command): void {
  const edge = program
    .command('edge')
    .description(
      "The editor's machine (seed 002): render an editing script, or export it for an editing suite",
    );
  const crf = wholeNumber('--crf', 0, 51);
  edge
    .command('render')
    .description('Render EDITING_SCRIPT.json against your own source video in one ffmpeg run')
    .argument('<editing_script>', 'GENERATE_EDITING_SCRIPT result (or a bare timeline JSON)')
    .requiredOption('--media <dir>', 'folder holding the source video(s) the timeline names')
    .requiredOption('--out <file>', 'the MP4 to write (H.264 + AAC)')
    .option(
      '--audio <dir>',
      "folder holding the narration WAVs (default: the script's folder, then --server)",
    )
    .option(
      '--server <url>',
      'the cloud to fetch missing narration WAVs from, e.g. https://cloud.example.com',
    )
    .option('--token <access_token>', 'a Bearer access token for --server')
    .option('--instance-id <uuid>', 'edge instance id for --server (with --api-key)')
    .option('--api-key <key>', 'edge instance API key for --server')
    .option('--no-subtitles', 'do not burn the narration subtitles into the picture')
    .option('--crf <n>', 'x264 quality, lower is better', crf, EDGE_RENDER_DEFAULTS.crf)
    .addOption(
      new Option('--preset <name>', 'x264 preset')
        .choices(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow'])
        .default(EDGE_RENDER_DEFAULTS.preset),
    )
    .option('--font <family>', 'subtitle font (default SUBTITLE_FONT or Noto Sans CJK SC)')
    .action((script: string, flags: RenderFlags) => render(script, flags));
  edge
    .command('export')
    .description('Write the timeline as OpenTimelineIO JSON, FCPXML or a CMX 3600 EDL')
    .argument('<editing_script>', 'GENERATE_EDITING_SCRIPT result (or a bare timeline JSON)')
    .addOption(
      new Option('--format <format>', 'otio, fcpxml or edl')
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'where to write it ("-" for standard output; default: beside the script)')
    .option('--media <dir>', 'refer to the source video by its absolute file URL in this folder')
    .option('--audio <dir>', 'refer to the narration WAVs by their absolute file URLs in this folder')
    .action((script: string, flags: ExportFlags) => exportCommand(script, flags));
}
