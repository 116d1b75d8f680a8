// The three dubbing steps on real voices: narration lines that fit their scenes when eSpeak speaks
// them, the LLM narrator through a fake OpenAI server, WAVs with measured durations, and editing
// scripts whose clips cover every line and whose timeline tiles.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Blueprint } from '../../src/dubbing/blueprint.js';
import { dubLines } from '../../src/dubbing/dubbing.js';
import { BREATH_SECONDS, buildEditingScript, candidatePool, coverLength } from '../../src/dubbing/editing.js';
import { LlmNarrator, OfflineNarrator, planGroups } from '../../src/dubbing/narration.js';
import { cutLength } from '../../src/dubbing/timeline.js';
import { parseTranscript, transcriptToBlueprint } from '../../src/dubbing/transcript.js';
import { wavDurationSeconds } from '../../src/media/wav.js';
import {
  createSpeechModel,
  createTextModel,
  findSpeechTemplate,
  listSpeechTemplates,
} from '../../src/providers/registry.js';
import { EspeakSpeech } from '../../src/providers/tts/espeak.js';
import { startFakeCosyVoice, zeroShotForm } from '../fakes/cosyvoice.js';
import { sineWav } from '../fakes/media.js';
import { type ChatBody, messageText, startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';
import { STORM_SRT } from '../helpers/source-media.js';

const EN = STORM_SRT;

const ZH = `1
00:00:01,000 --> 00:00:03,500
小明：我们明天一起去海边看日出吧。

2
00:00:04,000 --> 00:00:06,000
小红：海边太远了，而且明天要下雨。

3
00:00:06,500 --> 00:00:09,000
小明：下雨也没关系，我带伞。

4
00:00:14,000 --> 00:00:17,000
老师：同学们，明天的考试不要迟到。

5
00:00:17,500 --> 00:00:20,000
小红：老师，考试会很难吗？
`;

const config = loadConfig({});
const signal = new AbortController().signal;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sa-dub-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const blueprintOf = (srt: string): Blueprint =>
  transcriptToBlueprint(parseTranscript(srt), { minSceneSeconds: 4 });

describe.each([
  ['en', EN, 'espeak_en'],
  ['zh', ZH, 'espeak_zh'],
] as const)('offline narration and dubbing in %s', (lang, srt, templateName) => {
  it('every line fits its scenes when eSpeak says it, names its scenes, and reads as narration', async () => {
    const bp = blueprintOf(srt);
    const template = findSpeechTemplate(config, templateName)!;
    const { lines } = await new OfflineNarrator().narrate(
      bp,
      {
        lang,
        style: 'objective',
        perspective: 'third_person',
        unitsPerSecond: template.unitsPerSecond[lang],
      },
      {},
    );
    expect(lines.length).toBe(planGroups(bp).length);
    const allIds = lines.flatMap((l) => l.source_scene_ids);
    expect(allIds).toEqual(bp.scenes.map((s) => s.id));
    const out = join(dir, lang);
    const { clips } = await dubLines(
      lines,
      { model: new EspeakSpeech(), template, language: lang, speed: 1 },
      { dir: out, relDir: `x/${lang}` },
      { signal },
    );
    for (const [i, clip] of clips.entries()) {
      const scenes = bp.scenes.filter((s) => clip.source_scene_ids.includes(s.id));
      const span = Math.max(...scenes.map((s) => s.end)) - Math.min(...scenes.map((s) => s.start));
      expect(clip.duration_seconds, clip.narration).toBeLessThanOrEqual(span);
      expect(clip.audio_file_path).toBe(`x/${lang}/audio_00${i + 1}.wav`);
      const wav = await readFile(join(out, `audio_00${i + 1}.wav`));
      expect(Math.abs(wavDurationSeconds(wav) - clip.duration_seconds)).toBeLessThan(0.002);
    }
    // A speaker of the scene and a line of theirs is in the narration.
    if (lang === 'en') expect(clips[0]!.narration).toMatch(/Alice|Bob/);
    else expect(clips[0]!.narration).toMatch(/小明|小红/);
  });
});

describe('narration choices', () => {
  it('first person speaks as the main character', async () => {
    const { lines } = await new OfflineNarrator().narrate(
      blueprintOf(EN),
      { lang: 'en', style: 'objective', perspective: 'first_person' },
      {},
    );
    expect(lines.map((l) => l.narration).join(' ')).toMatch(/\b(I|me)\b/);
    expect(lines.map((l) => l.narration).join(' ')).not.toMatch(/\bAlice (tells|says)\b/);
  });

  it('a style adds its flavour where there is room', async () => {
    const bp = blueprintOf(EN);
    const plain = await new OfflineNarrator().narrate(
      bp,
      { lang: 'en', style: 'objective', perspective: 'third_person', unitsPerSecond: 6 },
      {},
    );
    const tense = await new OfflineNarrator().narrate(
      bp,
      { lang: 'en', style: 'suspense', perspective: 'third_person', unitsPerSecond: 6 },
      {},
    );
    expect(tense.lines.map((l) => l.narration).join(' ')).toMatch(/silence|not right|changes everything/);
    expect(plain.lines.map((l) => l.narration).join(' ')).not.toMatch(/silence|not right|changes everything/);
  });

  it('a target duration keeps the liveliest groups within it', () => {
    const bp = blueprintOf(EN);
    const all = planGroups(bp);
    const short = planGroups(bp, 6);
    expect(short.length).toBeLessThan(all.length);
    expect(short.reduce((n, g) => n + g.budget, 0)).toBeLessThanOrEqual(6 + 1e-9);
  });
});

describe('LLM narrator through a fake OpenAI server', () => {
  let fake: FakeServer;
  const answers: string[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: 'sk-test',
      chat: (body: ChatBody) => {
        answers.push(messageText(body.messages[body.messages.length - 1]!));
        // First answer: one line far too long and an unknown scene; then a good one.
        if (answers.length === 1)
          return JSON.stringify({
            narration_script: [{ narration: 'word '.repeat(80), source_scene_ids: ['1', '99'] }],
          });
        return JSON.stringify({
          narration_script: [
            { narration: 'Alice smells a storm that Bob cannot see.', source_scene_ids: ['1'] },
            { narration: 'Carol hunts for her keys.', source_scene_ids: ['2'] },
            { narration: 'The wind proves Alice right.', source_scene_ids: ['3'] },
          ],
        });
      },
    });
  });
  afterAll(() => fake.close());

  it('sends wrong answers back with the reason and keeps the fitting one', async () => {
    const model = createTextModel(loadConfig({}, { STORY_PROVIDER: 'openai:gpt-4o-mini' }), undefined, {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `${fake.url}/v1`,
    })!;
    const result = await new LlmNarrator(model).narrate(
      blueprintOf(EN),
      { lang: 'en', style: 'humorous', perspective: 'third_person' },
      {},
    );
    expect(result.lines.map((l) => l.source_scene_ids)).toEqual([[1], [2], [3]]);
    expect(result.usage.inputTokens).toBe(200);
    expect(answers[1]).toMatch(/unknown scene ids 99/);
    expect(answers[1]).toMatch(/shorten it/);
  });
});

describe('editing script', () => {
  it('clips cover each line, trimmed to it, and the timeline tiles on whole frames', () => {
    const bp = blueprintOf(EN);
    const dubbing = {
      dubbing_script: [
        {
          narration: 'One.',
          source_scene_ids: [1],
          metadata: {},
          audio_file_path: 'a/1.wav',
          duration_seconds: 4.2,
        },
        {
          narration: 'Two.',
          source_scene_ids: [2],
          metadata: {},
          audio_file_path: 'a/2.wav',
          duration_seconds: 3.1,
        },
        {
          narration: 'Three.',
          source_scene_ids: [3],
          metadata: {},
          audio_file_path: 'a/3.wav',
          duration_seconds: 12,
        },
      ],
    };
    const ed = buildEditingScript(dubbing, bp, {
      sourceMedia: 'movie.mp4',
      gapThreshold: 1,
      fps: 30,
      aspect: '9:16',
      originalAudioGainDb: -18,
    });
    const t = ed.timeline;
    expect([t.width, t.height, t.fps]).toEqual([1080, 1920, 30]);
    expect(ed.total_sequences).toBe(3);
    let at = 0;
    for (const cut of t.video) {
      expect(cut.at).toBeCloseTo(at, 3);
      expect(Math.abs(cut.at * 30 - Math.round(cut.at * 30))).toBeLessThan(1e-6);
      at += cutLength(cut);
    }
    expect(at).toBeCloseTo(t.duration, 2);
    expect(t.duration).toBeCloseTo(4.2 + 3.1 + 12 + 3 * BREATH_SECONDS, 1);
    expect(t.audio.map((a) => a.source)).toEqual(['a/1.wav', 'a/2.wav', 'a/3.wav']);
    expect(t.subtitles[1]).toEqual({
      start: t.audio[1]!.at,
      end: expect.closeTo(t.audio[1]!.at + 3.1, 3),
      text: 'Two.',
    });
    // Scene 1's lines are less than a second apart: one group, trimmed to the line.
    expect(ed.editing_script[0]!.b_roll_clips[0]).toMatchObject({
      type: 'dialogue_group',
      is_group: true,
      scene_id: 1,
      chapter_id: '1',
    });
    // Scene 3 has 5.6 s of talk for 12.3 s: extended into its pauses, then slowed.
    const long = ed.editing_script[2]!.b_roll_clips;
    expect(long.every((c) => c.speed < 1)).toBe(true);
  });

  it('gaps over gap_threshold split dialogue into single lines', () => {
    const bp = blueprintOf(EN);
    expect(candidatePool([bp.scenes[0]!], 1).map((c) => c.type)).toEqual(['dialogue_group']);
    expect(candidatePool([bp.scenes[0]!], 0.3).map((c) => c.type)).toEqual([
      'dialogue_single',
      'dialogue_single',
      'dialogue_single',
    ]);
  });

  it('a last cut shorter than half a second is dropped and the one before runs on', () => {
    const bp = blueprintOf(EN);
    const cuts = coverLength(candidatePool([bp.scenes[0]!], 0.3), 2.8);
    expect(cuts).toHaveLength(1);
    expect(cuts[0]!.end - cuts[0]!.start).toBeCloseTo(2.8, 6);
  });
});

describe('voices beyond eSpeak', () => {
  let cosy: FakeServer;
  let openai: FakeServer;
  let media: string;
  beforeAll(async () => {
    cosy = await startFakeCosyVoice({ sampleRate: 24000, announceRate: true });
    openai = await startFakeOpenAI({ apiKey: 'sk-voice', speech: () => sineWav(0.9, 24000) });
    media = await mkdtemp(join(tmpdir(), 'sa-refs-'));
    const refs = join(media, 'resources', 'tts_references');
    await mkdir(refs, { recursive: true });
    await writeFile(join(refs, 'zero_shot_prompt.wav'), sineWav(1, 16000));
    await writeFile(join(refs, 'zero_shot_prompt.txt'), '希望你以后能够做得比我还好哟\n');
    await writeFile(join(refs, 'narrator_b.wav'), sineWav(1, 16000)); // no transcript: not offered
  });
  afterAll(async () => {
    await cosy.close();
    await openai.close();
    await rm(media, { recursive: true, force: true });
  });

  it('CosyVoice clones each reference clip that has its transcript; the original template name works', async () => {
    const config = loadConfig({}, { SHARED_MEDIA_DIR: media, SPEECH_PROVIDER: `cosyvoice:${cosy.url}` });
    const names = listSpeechTemplates(config, {}).map((t) => t.name);
    expect(names).toEqual(['espeak_zh', 'espeak_en', 'cosyvoice_zero_shot_prompt']);
    const template = findSpeechTemplate(config, 'chinese_paieas_replication', {})!;
    expect(template.name).toBe('cosyvoice_zero_shot_prompt');
    const model = createSpeechModel(config, template.provider, {});
    const out = join(media, 'out');
    const { clips } = await dubLines(
      [{ narration: '小明走向大海。', source_scene_ids: [1], metadata: {} }],
      { model, template, language: 'zh', speed: 1 },
      { dir: out, relDir: 'tasks/1/audio' },
      { signal },
    );
    expect(clips[0]!.duration_seconds).toBeCloseTo(0.7, 2); // the fake speaks 0.1 s a character
    const form = await zeroShotForm(cosy.calls(/inference_zero_shot/)[0]!);
    expect(form.prompt_text).toBe('希望你以后能够做得比我还好哟');
    expect(form.tts_text).toBe('小明走向大海。');
  });

  it('OpenAI voices are offered when configured with a key, and speak through the API', async () => {
    const env = { OPENAI_API_KEY: 'sk-voice', OPENAI_BASE_URL: `${openai.url}/v1` };
    const config = loadConfig({}, { ALLOWED_PROVIDERS: 'openai-tts:gpt-4o-mini-tts' });
    expect(listSpeechTemplates(config, {}).map((t) => t.name)).not.toContain('openai_gpt-4o-mini-tts');
    const template = findSpeechTemplate(config, 'openai_gpt-4o-mini-tts', env)!;
    expect(template.voices).toContain('nova');
    const { clips } = await dubLines(
      [{ narration: 'The storm is here.', source_scene_ids: [1], metadata: {} }],
      {
        model: createSpeechModel(config, template.provider, env),
        template,
        language: 'en',
        voice: 'nova',
        speed: 1.2,
      },
      { dir: join(media, 'oa'), relDir: 'a' },
      { signal },
    );
    expect(clips[0]!.duration_seconds).toBeCloseTo(0.9, 2);
    const body = JSON.parse(Buffer.from(openai.calls(/audio\/speech/)[0]!.body).toString());
    expect(body).toMatchObject({ voice: 'nova', speed: 1.2, input: 'The storm is here.' });
  });
});
