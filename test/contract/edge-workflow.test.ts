// Seed 002's seven-step edge workflow, end to end, as an editor's machine runs it: a 60 s source
// video and its SRT; upload; GENERATE_DUBBING; poll until COMPLETED; fetch download_url; fetch every
// audio_file_path; GENERATE_EDITING_SCRIPT; `storyagent edge render`. Once with a Bearer token,
// once with edge-instance headers (the original client's scheme), each in its own mode.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeSourceVideo } from '../helpers/source-media.js';
import { Client, type Server, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';
import { type AuthHeaders, bearer, call, edgeHeaders, fetchWith, upload, waitTask } from './v1-helpers.js';

const LINES: Array<[string, string]> = [
  ['Alice', 'We need to leave before the storm comes.'],
  ['Bob', 'The storm? The sky is perfectly clear.'],
  ['Alice', 'Look at the birds. They are all flying inland.'],
  ['Bob', 'Birds fly inland every evening, Alice.'],
  ['Carol', 'Did anyone see my keys? I left them on the table.'],
  ['Bob', 'Your keys are in the car, Carol.'],
  ['Carol', 'The car! Of course. Thank you, Bob.'],
  ['Alice', 'The wind is getting stronger. Get the boat inside.'],
  ['Bob', 'Fine, fine. I will get the boat.'],
  ['Carol', 'Is the radio working? I want the forecast.'],
  ['Alice', 'The radio says the storm arrives tonight.'],
  ['Bob', 'Then we leave in the morning, all of us.'],
];

/** Cues of 2.6 s every 3 s from 1 s, with a 3.5 s pause before lines 5, 8 and 11: scenes to find. */
function makeSrt(): string {
  const tc = (s: number) => {
    const ms = Math.round(s * 1000);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)},${p(ms % 1000, 3)}`;
  };
  let t = 1;
  return LINES.map(([who, text], i) => {
    if (i === 4 || i === 7 || i === 10) t += 3.5;
    const cue = `${i + 1}\n${tc(t)} --> ${tc(t + 2.6)}\n${who}: ${text}\n`;
    t += 3;
    return cue;
  }).join('\n');
}

const CASES = (
  [
    ['embedded', 'Bearer token'],
    ['scaled', 'edge-instance headers'],
  ] as const
).filter(([mode]) => MODES.includes(mode));

describe.each(CASES)('the edge workflow (%s, %s)', (mode, scheme) => {
  let server: Server;
  let dir: string;

  beforeAll(async () => {
    server = await startServer(mode);
    dir = await mkdtemp(join(tmpdir(), 'sa-edge-'));
    // 1. The source video (kept on the edge) and its transcript.
    makeSourceVideo(join(dir, 'movie.mp4'), { seconds: 60 });
    await writeFile(join(dir, 'movie.srt'), makeSrt());
    // Starting a server and encoding the source take minutes on a loaded 2-core machine.
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 300_000);

  it('uploads, dubs, scripts and renders an H.264 + AAC cut of the timeline length', async () => {
    const user = await new Client(server.baseUrl).login(uniqueName('editor'));
    const edge = scheme === 'edge-instance headers' ? await edgeHeaders(user) : undefined;
    const auth: AuthHeaders = edge ?? bearer(user);

    // 2. Upload the transcript.
    const up = await upload(user, auth, 'movie.srt', await readFile(join(dir, 'movie.srt'), 'utf8'));
    expect(up.status).toBe(201);

    // 3. Dubbing, written from the transcript (narration first), in eSpeak's English voice.
    const dub = await call(user, auth, 'POST', '/api/v1/tasks/', {
      task_type: 'GENERATE_DUBBING',
      payload: { transcript_path: up.json.relative_path, service_params: { template_name: 'espeak_en' } },
    });
    expect(dub.status).toBe(202);

    // 4. Poll until COMPLETED.
    const dubbed = await waitTask(user, auth, dub.json.id);
    expect(dubbed.status, dubbed.error).toBe('COMPLETED');

    // 5. The dubbing script from download_url.
    const script = (await (await fetchWith(dubbed.download_url, auth)).json()) as {
      dubbing_script: Array<{ audio_file_path: string }>;
    };
    expect(script.dubbing_script.length).toBeGreaterThanOrEqual(2);

    // 6. Every audio_file_path, into the edge's own folder.
    const audioDir = join(dir, `audio-${mode}`);
    for (const clip of script.dubbing_script) {
      const res = await call(
        user,
        auth,
        'GET',
        `/api/v1/files/download/?path=${encodeURIComponent(clip.audio_file_path)}`,
      );
      expect(res.status).toBe(200);
      const wav = Buffer.from(
        await (
          await fetchWith(
            `${server.baseUrl}/api/v1/files/download/?path=${encodeURIComponent(clip.audio_file_path)}`,
            auth,
          )
        ).arrayBuffer(),
      );
      expect(wav.subarray(0, 4).toString()).toBe('RIFF');
      const to = join(audioDir, clip.audio_file_path);
      await mkdir(dirname(to), { recursive: true });
      await writeFile(to, wav);
    }

    // 7. The editing script for the video the edge keeps.
    const ed = await call(user, auth, 'POST', '/api/v1/tasks/', {
      task_type: 'GENERATE_EDITING_SCRIPT',
      payload: {
        dubbing_script_path: dubbed.result.output_file_path,
        blueprint_path: dubbed.result.blueprint_path,
        source_media: 'movie.mp4',
        service_params: { fps: 30, aspect: '16:9', height: 360, gap_threshold: 1.0 },
      },
    });
    expect(ed.status).toBe(202);
    const edited = await waitTask(user, auth, ed.json.id);
    expect(edited.status, edited.error).toBe('COMPLETED');
    const editingText = await (await fetchWith(edited.download_url, auth)).text();
    const scriptPath = join(dir, `editing_script-${mode}.json`);
    await writeFile(scriptPath, editingText);
    const timeline = JSON.parse(editingText).timeline;
    expect(timeline).toMatchObject({ version: 1, fps: 30, width: 640, height: 360 });

    // 8. The edge renders: WAVs from the local folder (Bearer case) or fetched from the cloud
    // with the instance's key (edge case).
    const out = join(dir, `cut-${mode}.mp4`);
    const fetchArgs = edge
      ? ['--server', server.baseUrl, '--instance-id', edge['x-instance-id']!, '--api-key', edge['x-api-key']!]
      : ['--audio', audioDir];
    const run = await runCli([
      'edge',
      'render',
      scriptPath,
      '--media',
      dir,
      '--out',
      out,
      '--preset',
      'ultrafast',
      ...fetchArgs,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').pop()).toBe(out);
    expect(run.stderr).toMatch(/render .*100%|done in/);

    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', out], {
        encoding: 'utf8',
      }),
    );
    const streams = probe.streams as Array<{ codec_type: string; codec_name: string }>;
    expect(streams.find((s) => s.codec_type === 'video')?.codec_name).toBe('h264');
    expect(streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    expect(Math.abs(Number(probe.format.duration) - timeline.duration)).toBeLessThanOrEqual(0.25);

    // And the cut can be finished in an editing suite.
    for (const format of ['otio', 'fcpxml', 'edl']) {
      const exp = await runCli(['edge', 'export', scriptPath, '--format', format, '--media', dir]);
      expect(exp.code, exp.stderr).toBe(0);
      expect((await readFile(exp.stdout.trim(), 'utf8')).length).toBeGreaterThan(100);
    }
  }, 600_000);
});
