// The Image segment and the offline illustrator, checked on the pixels a viewer sees: the frame
// size, a real picture (not blank), the main character's colours on every page, scenes that follow
// the words, and the segment writing image/p{n}.png into a task folder.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImage } from '../../src/pipeline/image.js';
import {
  FRAME_SIZE,
  RenderOptionsSchema,
  StoryRequestSchema,
  type StoryScript,
} from '../../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../../src/pipeline/segment.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { characterPalette, illustratePage, OfflineIllustrator } from '../../src/providers/image/offline.js';
import { SdWebUIImage } from '../../src/providers/image/sdwebui.js';
import type { ImageRequest } from '../../src/providers/image/types.js';
import { TaskFolder } from '../../src/storage/task-folder.js';
import { startFakeSdWebUI } from '../fakes/sdwebui.js';
import { jsonBody } from '../fakes/server.js';

const sdRuntime = (): ProviderRuntime => ({
  provider: 'sdwebui',
  policy: { maxRetries: 0, timeoutMs: 10_000, baseDelayMs: 10, maxDelayMs: 100 },
  limiter: new Semaphore(2),
  secrets: [],
});

interface Pixels {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel. */
  rgb: Uint8Array;
}

/** A small PNG decoder (8-bit RGB or RGBA, not interlaced): enough to read what resvg writes. */
function decodePng(png: Uint8Array): Pixels {
  const buf = Buffer.from(png);
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      expect(channels).toBeGreaterThan(0);
      expect(data[12]).toBe(0);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let v = line[x]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = v & 255;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    rgb[i * 3] = out[i * channels]!;
    rgb[i * 3 + 1] = out[i * channels + 1]!;
    rgb[i * 3 + 2] = out[i * channels + 2]!;
  }
  return { width, height, rgb };
}

const hexRgb = (hex: string) =>
  [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Share of pixels within `tolerance` (per channel) of a colour. */
function colourShare(img: Pixels, hex: string, tolerance = 10): number {
  const [r, g, b] = hexRgb(hex);
  let n = 0;
  for (let i = 0; i < img.rgb.length; i += 3) {
    if (
      Math.abs(img.rgb[i]! - r) <= tolerance &&
      Math.abs(img.rgb[i + 1]! - g) <= tolerance &&
      Math.abs(img.rgb[i + 2]! - b) <= tolerance
    )
      n++;
  }
  return n / (img.width * img.height);
}

function lumaStats(img: Pixels, rows: [number, number] = [0, 1]): { mean: number; std: number } {
  let sum = 0;
  let sq = 0;
  let n = 0;
  const y0 = Math.floor(img.height * rows[0]);
  const y1 = Math.floor(img.height * rows[1]);
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const l = 0.299 * img.rgb[i]! + 0.587 * img.rgb[i + 1]! + 0.114 * img.rgb[i + 2]!;
      sum += l;
      sq += l * l;
      n++;
    }
  const mean = sum / n;
  return { mean, std: Math.sqrt(sq / n - mean * mean) };
}

function distinctColours(img: Pixels): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.rgb.length; i += 3)
    seen.add(((img.rgb[i]! >> 3) << 10) | ((img.rgb[i + 1]! >> 3) << 5) | (img.rgb[i + 2]! >> 3));
  return seen.size;
}

function meanAbsDiff(a: Pixels, b: Pixels): number {
  let d = 0;
  for (let i = 0; i < a.rgb.length; i++) d += Math.abs(a.rgb[i]! - b.rgb[i]!);
  return d / a.rgb.length;
}

function penguinStory(): StoryScript {
  return {
    title: '想学飞的小企鹅',
    topic: '一只想学飞的小企鹅',
    main_role: '小企鹅',
    scene: '南极的雪地',
    language: 'zh',
    characters: [
      { name: '皮皮', description: '圆滚滚的小企鹅，黑色的背，白色的肚子，戴着一条红色围巾' },
      { name: '海鸥姐姐', description: '一只白色的海鸥，黄色的嘴巴' },
    ],
    pages: [
      { page: 1, text: '清晨，皮皮抬头望着天空，它多想飞起来。', image_prompt: '小企鹅，红色围巾，雪地' },
      { page: 2, text: '皮皮拍打着翅膀用力往上跳，扑通一声摔在雪地里。', image_prompt: '' },
      { page: 3, text: '海鸥姐姐飞过来说：“别着急，我们一起想办法。”', image_prompt: '' },
      { page: 4, text: '晚上，星星亮了，皮皮坐在冰上开心地唱歌。', image_prompt: '' },
    ],
    settings: { aspect: '16:9', seed: 1 },
  };
}

function rabbitStory(): StoryScript {
  return {
    title: 'Milo and the Kite',
    topic: 'a rabbit looking for a lost kite',
    main_role: 'rabbit',
    scene: 'forest',
    language: 'en',
    characters: [{ name: 'Milo', description: 'a small blue rabbit with long ears and a yellow scarf' }],
    pages: [
      { page: 1, text: 'One morning Milo flew his kite at the edge of the forest.', image_prompt: '' },
      { page: 2, text: 'The wind took the kite away, and Milo felt sad.', image_prompt: '' },
      { page: 3, text: 'At sunset Milo found the kite in a tree and jumped with joy.', image_prompt: '' },
    ],
    settings: { aspect: '9:16', seed: 7 },
  };
}

const illustrator = new OfflineIllustrator();

function request(script: StoryScript, index: number, size = FRAME_SIZE['16:9']): ImageRequest {
  const page = script.pages[index]!;
  return { prompt: page.image_prompt, ...size, seed: 1000 + page.page, page, script };
}

async function draw(script: StoryScript, index: number, size = FRAME_SIZE['16:9']): Promise<Pixels> {
  const { png } = await illustrator.generate(request(script, index, size), {});
  return decodePng(png);
}

describe('OfflineIllustrator', () => {
  it.each(['16:9', '9:16', '1:1'] as const)('draws a PNG exactly the %s frame size', async (aspect) => {
    const size = FRAME_SIZE[aspect];
    const img = await draw(rabbitStory(), 0, size);
    expect([img.width, img.height]).toEqual([size.width, size.height]);
    // A picture, not a blank or flat title card: varied light and many colours.
    expect(lumaStats(img).std).toBeGreaterThan(20);
    expect(distinctColours(img)).toBeGreaterThan(300);
  });

  it('puts the main character, in its described colours, on every page', async () => {
    const script = penguinStory();
    const palette = characterPalette(script.characters[0]!);
    expect(palette.kind).toBe('penguin');
    // "红色围巾": the scarf is red; "白色的肚子": the belly is white.
    expect(palette.accent).toBe('#e5534b');
    expect(palette.belly).toBe('#f7f6f2');
    for (let i = 0; i < script.pages.length; i++) {
      const img = await draw(script, i);
      expect(colourShare(img, palette.body), `body on page ${i + 1}`).toBeGreaterThan(0.01);
      expect(colourShare(img, palette.accent), `scarf on page ${i + 1}`).toBeGreaterThan(0.001);
    }
  });

  it('keeps an English character the same across pages and aspect ratios', async () => {
    const script = rabbitStory();
    const palette = characterPalette(script.characters[0]!);
    expect(palette.kind).toBe('rabbit');
    expect(palette.body).toBe('#4a8fe0');
    expect(palette.accent).toBe('#f6cf48');
    // The same description always gives the same look, whatever the page.
    expect(characterPalette({ ...script.characters[0]! })).toEqual(palette);
    for (let i = 0; i < script.pages.length; i++) {
      const img = await draw(script, i, FRAME_SIZE['9:16']);
      expect(colourShare(img, palette.body), `body on page ${i + 1}`).toBeGreaterThan(0.01);
      expect(colourShare(img, palette.accent), `scarf on page ${i + 1}`).toBeGreaterThan(0.0005);
    }
  });

  it('draws different places for different scene words', async () => {
    const base = rabbitStory();
    const at = (scene: string, text: string): StoryScript => ({
      ...base,
      scene,
      pages: [{ page: 2, text, image_prompt: '' }],
    });
    const scripts = [
      at('forest', 'Milo walked deep into the forest among the tall trees.'),
      at('beach', 'Milo walked along the beach by the sea.'),
      at('city', 'Milo walked down a busy city street.'),
      at('snow', 'Milo walked across the snow and ice.'),
    ];
    expect(scripts.map((s) => illustratePage(request(s, 0)).plan.scene)).toEqual([
      'forest',
      'sea',
      'city',
      'snow',
    ]);
    const images = await Promise.all(scripts.map((s) => draw(s, 0)));
    for (let i = 0; i < images.length; i++)
      for (let j = i + 1; j < images.length; j++)
        expect(meanAbsDiff(images[i]!, images[j]!), `scenes ${i} and ${j}`).toBeGreaterThan(15);
    // The snow scene's ground is bright, the city's pavement is not as bright.
    expect(lumaStats(images[3]!, [0.75, 1]).mean).toBeGreaterThan(lumaStats(images[2]!, [0.75, 1]).mean);
  });

  it('lights the page for the time of day the words say', async () => {
    const base = penguinStory();
    const one = (text: string): StoryScript => ({ ...base, pages: [{ page: 1, text, image_prompt: '' }] });
    const night = one('夜晚，月亮升起来了，皮皮站在雪地上。');
    const day = one('中午，皮皮站在雪地上晒太阳。');
    expect(illustratePage(request(night, 0)).plan.time).toBe('night');
    const [n, d] = await Promise.all([draw(night, 0), draw(day, 0)]);
    expect(lumaStats(n, [0, 0.3]).mean).toBeLessThan(lumaStats(d, [0, 0.3]).mean - 60);
  });

  it('varies pose and position from page to page but repeats a page exactly', async () => {
    const script = penguinStory();
    const first = await illustrator.generate(request(script, 0), {});
    const again = await illustrator.generate(request(script, 0), {});
    expect(Buffer.from(again.png).equals(Buffer.from(first.png))).toBe(true);
    const plans = script.pages.map((_, i) => illustratePage(request(script, i)).plan);
    expect(new Set(plans.map((p) => p.pose)).size).toBeGreaterThan(1);
    expect(plans[2]!.companions).toEqual(['海鸥姐姐']);
    expect(plans[3]!.time).toBe('night');
  });

  it('still varies pose and position when every page gets the same character seed', () => {
    // Pages whose words name no pose, place or time: only the page number can vary the picture.
    const base = rabbitStory();
    const script: StoryScript = {
      ...base,
      pages: [1, 2, 3, 4].map((page) => ({ page, text: 'Milo is here.', image_prompt: '' })),
    };
    const sameSeed = (i: number) => ({ ...request(script, i), seed: 123456 });
    const plans = script.pages.map((_, i) => illustratePage(sameSeed(i)).plan);
    expect(new Set(plans.map((p) => p.pose)).size).toBeGreaterThan(1);
    const svgs = script.pages.map((_, i) => illustratePage(sameSeed(i)).svg);
    expect(new Set(svgs).size).toBe(script.pages.length);
    // …and the same page with the same seed is still drawn exactly the same.
    expect(illustratePage(sameSeed(1)).svg).toBe(svgs[1]);
  });

  it('reads a character sheet the way a reader would', () => {
    const zh = characterPalette({
      name: '皮皮',
      description: '皮皮是一只圆滚滚的小企鹅，黑白相间的羽毛，橙色的小嘴，围着一条红色的围巾',
    });
    const en = characterPalette({
      name: 'Pip',
      description: 'a round little penguin with black-and-white feathers, an orange beak and a red scarf',
    });
    for (const p of [zh, en]) {
      expect(p.kind).toBe('penguin');
      expect(p.body).toBe('#2c3340');
      expect(p.accent).toBe('#e5534b');
      expect(p.detail).toBe('#f5923c');
    }
    // Eyes and hair colours do not colour the body; a colour in the name yields to the description.
    const girl = characterPalette({
      name: 'Lily',
      description: 'a girl with blue eyes, black hair and a yellow dress',
    });
    expect([girl.kind, girl.body, girl.hair]).toEqual(['girl', '#f6cf48', '#2c3340']);
    expect(characterPalette({ name: '小红', description: '一只橘红色的小狐狸' }).body).toBe('#ef6a3a');
    expect(characterPalette({ name: '熊猫圆圆', description: '一只胖乎乎的熊猫' }).kind).toBe('panda');
  });

  it('prefers a structured appearance a story writer adds over guessing from the words', () => {
    const owl = characterPalette({
      name: 'Maple',
      description: 'a fluffy little friend who loves the night',
      appearance: {
        kind: 'owl',
        body_colors: ['brown', 'white'],
        accessory: 'raincoat',
        accessory_color: 'red',
      },
    });
    expect([owl.kind, owl.body, owl.accent]).toEqual(['bird', '#a0693f', '#e5534b']);
    // Without the hint the same words give a generic creature.
    expect(
      characterPalette({ name: 'Maple', description: 'a fluffy little friend who loves the night' }).kind,
    ).toBe('creature');
  });

  it('draws a companion only on the pages that name it, in its own colours', async () => {
    const script: StoryScript = {
      ...rabbitStory(),
      characters: [
        { name: 'Milo', description: 'a small blue rabbit with a yellow scarf' },
        { name: 'Fern', description: 'a clever orange fox' },
      ],
      pages: [
        { page: 2, text: 'Milo walked alone in the forest.', image_prompt: '' },
        { page: 3, text: 'Fern the fox met Milo in the forest.', image_prompt: '' },
      ],
    };
    const fox = characterPalette(script.characters[1]!);
    expect(fox.kind).toBe('fox');
    const [alone, together] = await Promise.all([draw(script, 0), draw(script, 1)]);
    expect(colourShare(alone, fox.body)).toBeLessThan(0.001);
    expect(colourShare(together, fox.body)).toBeGreaterThan(0.005);
    expect(colourShare(together, characterPalette(script.characters[0]!).body)).toBeGreaterThan(0.01);
  });

  it('draws every kind of place and character without broken shapes', () => {
    const places = [
      'meadow',
      'farm',
      'forest',
      'beach',
      '海底',
      'sky',
      'city',
      'snow',
      'home',
      'mountain',
      'river',
      'desert',
      'school',
      'garden',
      'space',
    ];
    const kinds = [
      'penguin',
      'rabbit',
      'cat',
      'dog',
      'bear',
      'panda',
      'fox',
      'owl',
      'goldfish',
      'mouse',
      'dragon',
      'pig',
      'frog',
      'lion',
      'tiger',
      'monkey',
      'deer',
      'elephant',
      'turtle',
      'robot',
      'girl',
      'boy',
      'blob',
    ];
    const poses = ['jumped', 'sat', 'cried', 'walked', 'cheered', 'waved', 'looked', 'flew', 'stood'];
    const props = [
      'ball',
      'book',
      'kite',
      'star',
      'flower',
      'umbrella',
      'boat',
      'cake',
      'balloon',
      'gift',
      'apple',
      'lantern',
      'letter',
      'song',
      'hug',
      'rainbow',
      'butterfly',
      'feather',
    ];
    const scenes = new Set<string>();
    let n = 0;
    for (const place of places)
      for (const kind of kinds) {
        n++;
        const text = `In the ${place} the ${kind} ${poses[n % poses.length]} with a ${props[n % props.length]} and Bo.`;
        const script: StoryScript = {
          ...rabbitStory(),
          scene: place,
          characters: [
            { name: 'Hero', description: `a ${kind} with a hat` },
            { name: 'Bo', description: `a ${kinds[(n * 5) % kinds.length]}` },
          ],
          pages: [{ page: 1, text, image_prompt: '' }],
        };
        const size = Object.values(FRAME_SIZE)[n % 3]!;
        const { svg, plan } = illustratePage(request(script, 0, size));
        expect(svg, `${place} / ${kind}`).not.toMatch(/NaN|undefined|Infinity/);
        expect(plan.companions).toEqual(['Bo']);
        scenes.add(plan.scene);
      }
    expect(scenes.size).toBe(places.length);
  });

  it('rejects a frame size it cannot draw, naming the field', async () => {
    const bad = { ...request(penguinStory(), 0), width: 0 };
    await expect(illustrator.generate(bad, {})).rejects.toThrow(/width/);
  });
});

describe('runImage', () => {
  let taskDir: string;
  let progress: { fraction: number; message?: string }[];

  const unused = (what: string) => () => Promise.reject(new Error(`${what} must not be called by Image`));
  const providers: Providers = {
    story: { provider: 'test', modelId: 'unused', writeStory: unused('story'), rewritePage: unused('story') },
    image: illustrator,
    speech: { provider: 'test', modelId: 'unused', synthesize: unused('speech') },
  };

  function context(signal = new AbortController().signal): SegmentContext {
    return {
      folder: new TaskFolder(taskDir),
      request: StoryRequestSchema.parse({ topic: 'a rabbit', aspect: '9:16' }),
      render: RenderOptionsSchema.parse({}),
      providers,
      signal,
      progress: (fraction, message) => progress.push({ fraction, message }),
    };
  }

  beforeEach(async () => {
    taskDir = await mkdtemp(join(tmpdir(), 'storyagent-image-'));
    progress = [];
  });
  afterEach(async () => {
    await rm(taskDir, { recursive: true, force: true });
  });

  it('writes image/p1..pN.png at the script aspect and reports progress per page', async () => {
    await new TaskFolder(taskDir).writeScript(rabbitStory());
    const resources = await runImage(context());
    expect(resources).toEqual(['image/p1.png', 'image/p2.png', 'image/p3.png']);
    expect((await readdir(join(taskDir, 'image'))).sort()).toEqual(['p1.png', 'p2.png', 'p3.png']);
    for (const rel of resources) {
      const img = decodePng(await readFile(join(taskDir, rel)));
      expect([img.width, img.height]).toEqual([720, 1280]);
    }
    expect(progress.at(-1)).toEqual({ fraction: 1, message: 'page 3/3' });
    expect(progress.map((p) => p.fraction)).toEqual([1 / 3, 2 / 3, 1]);
    // The script records where each page's main character stands (for the subtitles to avoid),
    // and the character's body colour is drawn inside that box.
    const script = await new TaskFolder(taskDir).readScript();
    const body = hexRgb(characterPalette(script.characters[0]!).body);
    for (const [i, rel] of resources.entries()) {
      const box = script.pages[i]!.main_box!;
      const img = decodePng(await readFile(join(taskDir, rel)));
      let inside = 0;
      let all = 0;
      for (let k = 0; k < img.width * img.height; k++) {
        if (body.some((c, j) => Math.abs(img.rgb[k * 3 + j]! - c) > 10)) continue;
        all++;
        const [x, y] = [(k % img.width) / img.width, Math.floor(k / img.width) / img.height];
        if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3]) inside++;
      }
      expect(all, `body drawn on page ${i + 1}`).toBeGreaterThan(1000);
      expect(inside / all, `body inside the box on page ${i + 1}`).toBeGreaterThan(0.95);
    }
  });

  it('replaces an earlier run and drops pictures of pages the script no longer has', async () => {
    await mkdir(join(taskDir, 'image'), { recursive: true });
    await writeFile(join(taskDir, 'image', 'p1.png'), 'old');
    await writeFile(join(taskDir, 'image', 'p9.png'), 'old');
    await new TaskFolder(taskDir).writeScript({ ...rabbitStory(), pages: rabbitStory().pages.slice(0, 1) });
    expect(await runImage(context())).toEqual(['image/p1.png']);
    expect(await readdir(join(taskDir, 'image'))).toEqual(['p1.png']);
    expect(decodePng(await readFile(join(taskDir, 'image', 'p1.png'))).height).toBe(1280);
  });

  it('stops when the task is cancelled and leaves no half-written file', async () => {
    await new TaskFolder(taskDir).writeScript(rabbitStory());
    const controller = new AbortController();
    controller.abort();
    await expect(runImage(context(controller.signal))).rejects.toThrow();
    const files = await readdir(join(taskDir, 'image')).catch(() => []);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toEqual([]);
  });

  it("gives a real image model the main character's seed on every page", async () => {
    const sd = await startFakeSdWebUI();
    try {
      const sdProviders = { ...providers, image: new SdWebUIImage(sdRuntime(), { baseURL: sd.url }) };
      const story = rabbitStory();
      // The writer's sheet lists a friend first; main_role says who the story is about.
      story.main_role = 'Milo';
      story.characters = [
        { name: 'Owl', description: 'a grey owl with round glasses', seed: 777 },
        { ...story.characters[0]!, seed: 424242 },
      ];
      await new TaskFolder(taskDir).writeScript(story);
      await runImage({ ...context(), providers: sdProviders });
      const seeds = sd.calls(/txt2img/).map((r) => jsonBody<{ seed: number }>(r).seed);
      expect(seeds).toEqual([424242, 424242, 424242]);

      // A script without character seeds (the offline writer's) keeps one seed per page.
      sd.requests.length = 0;
      await new TaskFolder(taskDir).writeScript(rabbitStory());
      await runImage({ ...context(), providers: sdProviders });
      const perPage = sd.calls(/txt2img/).map((r) => jsonBody<{ seed: number }>(r).seed);
      expect(perPage.sort()).toEqual([7001, 7002, 7003]);
    } finally {
      await sd.close();
    }
  });

  it('names the bad field of a hand-edited script_data.json', async () => {
    const story = rabbitStory();
    await writeFile(
      join(taskDir, 'script_data.json'),
      JSON.stringify({ ...story, pages: [story.pages[0], { ...story.pages[1], text: '' }] }),
    );
    await expect(runImage(context())).rejects.toThrow(/script_data\.json: pages\.1\.text: /);
    await writeFile(join(taskDir, 'script_data.json'), '{"title": ');
    await expect(runImage(context())).rejects.toThrow(/script_data\.json is not valid JSON/);
  });

  it('says the script is missing when Story has not run', async () => {
    await expect(runImage(context())).rejects.toThrow(/script_data\.json/);
  });
});
