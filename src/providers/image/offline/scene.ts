// Backgrounds for the offline illustrator: one layered vector scene per kind of place, lit for
// the time of day, laid out by proportions so 16:9, 9:16 and 1:1 frames all compose well.

import type { Rng } from '../../core/random.js';
import { darken, lighten, mix } from './color.js';
import type { SceneKind, TimeOfDay } from './words.js';

export interface SceneFrame {
  width: number;
  height: number;
  /** Drawing unit: 1 at 720 px on the short side. */
  unit: number;
  /** Where the sky meets the land (or the wall meets the floor). */
  horizon: number;
  /** Where the characters' feet stand. */
  ground: number;
  time: TimeOfDay;
  rng: Rng;
}

export interface SceneLayers {
  defs: string;
  /** Everything behind the characters. */
  back: string;
  /** Foreground details drawn over the characters' feet (grass, foam, snow drifts). */
  front: string;
  /** True for rooms: no sky weather, different lighting. */
  indoor: boolean;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

interface Light {
  skyTop: string;
  skyBottom: string;
  /** Colour the land is tinted towards, and how much. */
  tint: string;
  amount: number;
  sun: string;
}

const LIGHT: Record<TimeOfDay, Light> = {
  morning: { skyTop: '#8ecdf2', skyBottom: '#ffe4c4', tint: '#ffe2bd', amount: 0.12, sun: '#fff0b0' },
  day: { skyTop: '#62b2ec', skyBottom: '#d4f0ff', tint: '#ffffff', amount: 0, sun: '#ffe36a' },
  sunset: { skyTop: '#5e5aa6', skyBottom: '#ffc47e', tint: '#ff9a62', amount: 0.2, sun: '#ffb055' },
  night: { skyTop: '#121a3c', skyBottom: '#3b4a86', tint: '#1e2756', amount: 0.5, sun: '#fff4c8' },
};

/** A land colour as it looks at this time of day. */
export function lit(colour: string, time: TimeOfDay): string {
  const l = LIGHT[time];
  return l.amount ? mix(colour, l.tint, l.amount) : colour;
}

/** A smooth rolling ridge across the frame, filled down to `bottom`. */
function ridge(
  frame: SceneFrame,
  baseY: number,
  amplitude: number,
  bumps: number,
  colour: string,
  bottom = frame.height,
  extra = '',
): string {
  const { width, rng } = frame;
  const step = width / bumps;
  let d = `M0 ${f(bottom)} L0 ${f(baseY + rng.range(-amplitude, amplitude) * 0.5)}`;
  for (let i = 0; i < bumps; i++) {
    const x0 = i * step;
    const cx = x0 + step / 2;
    const peak = baseY - rng.range(0.3, 1) * amplitude;
    const endY = baseY + rng.range(-0.2, 0.3) * amplitude;
    d += ` Q${f(cx)} ${f(peak)} ${f(x0 + step)} ${f(endY)}`;
  }
  d += ` L${f(width)} ${f(bottom)} Z`;
  return `<path d="${d}" fill="${colour}" ${extra}/>`;
}

function cloud(x: number, y: number, s: number, colour: string, opacity = 0.95): string {
  return (
    `<g opacity="${opacity}" fill="${colour}">` +
    `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(60 * s)}" ry="${f(26 * s)}"/>` +
    `<circle cx="${f(x - 26 * s)}" cy="${f(y - 14 * s)}" r="${f(26 * s)}"/>` +
    `<circle cx="${f(x + 12 * s)}" cy="${f(y - 24 * s)}" r="${f(32 * s)}"/>` +
    `<circle cx="${f(x + 40 * s)}" cy="${f(y - 8 * s)}" r="${f(22 * s)}"/>` +
    `</g>`
  );
}

function star(x: number, y: number, r: number, colour: string, opacity = 1): string {
  let d = '';
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.45;
    d += `${i === 0 ? 'M' : 'L'}${f(x + Math.cos(a) * rr)} ${f(y + Math.sin(a) * rr)}`;
  }
  return `<path d="${d}Z" fill="${colour}" opacity="${opacity}"/>`;
}

/** Sky gradient, sun or moon, clouds or stars down to `bottom`. */
function sky(frame: SceneFrame, bottom: number, clouds = 3): { defs: string; svg: string } {
  const { width, unit, time, rng } = frame;
  const l = LIGHT[time];
  const defs =
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${l.skyTop}"/>` +
    (time === 'sunset' ? `<stop offset="0.55" stop-color="#f39a86"/>` : '') +
    `<stop offset="1" stop-color="${l.skyBottom}"/></linearGradient>` +
    `<radialGradient id="sunglow"><stop offset="0" stop-color="${l.sun}" stop-opacity="0.85"/><stop offset="0.35" stop-color="${l.sun}" stop-opacity="0.35"/><stop offset="1" stop-color="${l.sun}" stop-opacity="0"/></radialGradient>`;
  let svg = `<rect width="${width}" height="${f(bottom + 4)}" fill="url(#sky)"/>`;
  const side = rng.chance(0.5) ? 0.2 : 0.8;
  const sunX = width * (time === 'day' ? rng.range(0.65, 0.85) : side);
  const sunY =
    time === 'day'
      ? bottom * 0.22
      : time === 'night'
        ? bottom * 0.22
        : bottom * (time === 'sunset' ? 0.78 : 0.62);
  const r = 46 * unit;
  svg += `<circle cx="${f(sunX)}" cy="${f(sunY)}" r="${f(r * 4)}" fill="url(#sunglow)"/>`;
  if (time === 'night') {
    for (let i = 0; i < 46; i++) {
      const sx = rng.range(0, width);
      const sy = rng.range(0, bottom * 0.9);
      if (i % 4 === 0) svg += star(sx, sy, rng.range(5, 9) * unit, '#fff6cc', rng.range(0.6, 1));
      else
        svg += `<circle cx="${f(sx)}" cy="${f(sy)}" r="${f(rng.range(1.2, 2.6) * unit)}" fill="#fffbe8" opacity="${f(rng.range(0.5, 1))}"/>`;
    }
    // A crescent: the disc minus an offset disc, as a mask so the glow behind stays visible.
    svg += `<mask id="crescent"><rect width="${width}" height="${f(bottom)}" fill="#fff"/><circle cx="${f(sunX + r * 0.5)}" cy="${f(sunY - r * 0.25)}" r="${f(r * 0.85)}" fill="#000"/></mask>`;
    svg += `<circle cx="${f(sunX)}" cy="${f(sunY)}" r="${f(r)}" fill="${l.sun}" mask="url(#crescent)"/>`;
  } else {
    svg += `<circle cx="${f(sunX)}" cy="${f(sunY)}" r="${f(r)}" fill="${l.sun}"/>`;
  }
  const cloudColour = time === 'night' ? '#5d6aa3' : time === 'sunset' ? '#ffd9c4' : '#ffffff';
  if (time !== 'night' && rng.chance(0.7)) {
    // A few far-off birds: life in the sky, and they fill a tall portrait sky.
    const bx = rng.range(0.15, 0.85) * width;
    const by = rng.range(0.15, 0.45) * bottom;
    for (let i = 0; i < 3; i++) {
      const x = bx + i * rng.range(20, 40) * unit;
      const y = by + rng.range(-16, 16) * unit;
      const w = rng.range(8, 12) * unit;
      svg += `<path d="M${f(x - w)} ${f(y)} q${f(w / 2)} ${f(-w * 0.7)} ${f(w)} 0 q${f(w / 2)} ${f(-w * 0.7)} ${f(w)} 0" stroke="#4a4458" stroke-width="${f(2.4 * unit)}" fill="none" stroke-linecap="round" opacity="0.7"/>`;
    }
  }
  for (let i = 0; i < clouds; i++) {
    const cx = ((i + rng.range(0.1, 0.9)) / clouds) * width;
    const cy = rng.range(0.1, 0.5) * bottom;
    svg += cloud(cx, cy, rng.range(0.7, 1.3) * unit, cloudColour, time === 'night' ? 0.5 : 0.92);
  }
  return { defs, svg };
}

function groundGradient(id: string, top: string, bottom: string): string {
  return `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`;
}

function roundTree(x: number, y: number, s: number, leaf: string, trunk: string): string {
  return (
    `<rect x="${f(x - 9 * s)}" y="${f(y - 70 * s)}" width="${f(18 * s)}" height="${f(72 * s)}" rx="${f(6 * s)}" fill="${trunk}"/>` +
    `<circle cx="${f(x)}" cy="${f(y - 100 * s)}" r="${f(52 * s)}" fill="${leaf}"/>` +
    `<circle cx="${f(x - 36 * s)}" cy="${f(y - 76 * s)}" r="${f(34 * s)}" fill="${leaf}"/>` +
    `<circle cx="${f(x + 36 * s)}" cy="${f(y - 78 * s)}" r="${f(36 * s)}" fill="${leaf}"/>` +
    `<circle cx="${f(x - 16 * s)}" cy="${f(y - 118 * s)}" r="${f(22 * s)}" fill="${lighten(leaf, 0.18)}"/>`
  );
}

function pineTree(x: number, y: number, s: number, leaf: string, trunk: string, snow = false): string {
  let t = `<rect x="${f(x - 7 * s)}" y="${f(y - 30 * s)}" width="${f(14 * s)}" height="${f(32 * s)}" fill="${trunk}"/>`;
  for (let i = 0; i < 3; i++) {
    const top = y - (70 + i * 40) * s;
    const half = (58 - i * 13) * s;
    const base = y - (22 + i * 40) * s;
    t += `<path d="M${f(x)} ${f(top - 20 * s)} L${f(x + half)} ${f(base)} L${f(x - half)} ${f(base)} Z" fill="${leaf}"/>`;
    if (snow)
      t += `<path d="M${f(x)} ${f(top - 20 * s)} L${f(x + half * 0.45)} ${f(top + 12 * s)} Q${f(x)} ${f(top + 4 * s)} ${f(x - half * 0.45)} ${f(top + 12 * s)} Z" fill="#f4f9ff"/>`;
  }
  return t;
}

function flowerDot(x: number, y: number, r: number, petal: string): string {
  let s = '';
  for (let i = 0; i < 5; i++) {
    const a = (i / 5) * Math.PI * 2;
    s += `<circle cx="${f(x + Math.cos(a) * r)}" cy="${f(y + Math.sin(a) * r)}" r="${f(r * 0.75)}" fill="${petal}"/>`;
  }
  return `${s}<circle cx="${f(x)}" cy="${f(y)}" r="${f(r * 0.6)}" fill="#ffd54a"/>`;
}

function grassTufts(frame: SceneFrame, colour: string, count: number, yFrom: number, yTo: number): string {
  const { width, unit, rng } = frame;
  let s = '';
  for (let i = 0; i < count; i++) {
    const x = rng.range(0, width);
    const y = rng.range(yFrom, yTo);
    const h = rng.range(10, 20) * unit;
    s += `<path d="M${f(x - 8 * unit)} ${f(y)} Q${f(x - 6 * unit)} ${f(y - h * 0.6)} ${f(x - 10 * unit)} ${f(y - h)} Q${f(x - 2 * unit)} ${f(y - h * 0.5)} ${f(x)} ${f(y)} Q${f(x + 2 * unit)} ${f(y - h * 0.7)} ${f(x + 8 * unit)} ${f(y - h * 1.1)} Q${f(x + 5 * unit)} ${f(y - h * 0.4)} ${f(x + 8 * unit)} ${f(y)} Z" fill="${colour}"/>`;
  }
  return s;
}

/** Spread `count` x positions over the frame, avoiding none (scenery sits behind the characters). */
function spread(frame: SceneFrame, count: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i < count; i++) xs.push(((i + frame.rng.range(0.15, 0.85)) / count) * frame.width);
  return xs;
}

function meadow(frame: SceneFrame, flowers = true): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon + 40 * unit);
  let back = s.svg;
  back += ridge(frame, horizon - 30 * unit, 50 * unit, 3, lit('#a9d7a0', time));
  back += ridge(frame, horizon + 10 * unit, 36 * unit, 4, lit('#8cc97a', time));
  for (const x of spread(frame, Math.max(2, Math.round(width / 420))))
    back += roundTree(
      x,
      horizon + 22 * unit,
      rng.range(0.55, 0.8) * unit,
      lit('#5fae5a', time),
      lit('#8a5a3b', time),
    );
  back += ridge(frame, horizon + 60 * unit, 22 * unit, 3, 'url(#land)');
  if (flowers) {
    const petals = ['#ff8fab', '#fff3f3', '#ffd166', '#c3a3e6'];
    for (let i = 0; i < Math.round(width / 40); i++)
      back += flowerDot(
        rng.range(0, width),
        rng.range(horizon + 80 * unit, height),
        rng.range(4, 7) * unit,
        lit(rng.pick(petals), time),
      );
  }
  const defs = s.defs + groundGradient('land', lit('#7cc46a', time), lit('#57a34f', time));
  const front = grassTufts(frame, lit('#3f8c45', time), Math.round(width / 60), height * 0.93, height * 1.01);
  return { defs, back, front, indoor: false };
}

function forest(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon, 2);
  let back = s.svg;
  const far = lit('#4f8f63', time);
  for (let x = -40 * unit; x < width + 60 * unit; x += rng.range(50, 80) * unit)
    back += pineTree(x, horizon + 10 * unit, rng.range(0.8, 1.2) * unit, far, far);
  back += ridge(frame, horizon, 14 * unit, 5, lit('#6aa866', time));
  const xs = spread(frame, Math.max(3, Math.round(width / 300)));
  for (const x of xs) {
    const big = rng.range(0.9, 1.25) * unit;
    if (rng.chance(0.5))
      back += roundTree(x, horizon + 50 * unit, big, lit('#3f9a4f', time), lit('#7a4e31', time));
    else back += pineTree(x, horizon + 50 * unit, big * 1.1, lit('#2f7d4a', time), lit('#6b4429', time));
  }
  back += ridge(frame, horizon + 60 * unit, 16 * unit, 3, 'url(#land)');
  for (let i = 0; i < 4; i++) {
    const mx = rng.range(0.05, 0.95) * width;
    const my = rng.range(horizon + 120 * unit, height * 0.97);
    back +=
      `<rect x="${f(mx - 4 * unit)}" y="${f(my - 14 * unit)}" width="${f(8 * unit)}" height="${f(14 * unit)}" rx="${f(3 * unit)}" fill="#f6eedc"/>` +
      `<path d="M${f(mx - 14 * unit)} ${f(my - 12 * unit)} Q${f(mx)} ${f(my - 32 * unit)} ${f(mx + 14 * unit)} ${f(my - 12 * unit)} Z" fill="${lit('#e5534b', time)}"/>` +
      `<circle cx="${f(mx - 4 * unit)}" cy="${f(my - 19 * unit)}" r="${f(2.5 * unit)}" fill="#fff"/>`;
  }
  const defs = s.defs + groundGradient('land', lit('#6fae5a', time), lit('#4c8c44', time));
  let front = grassTufts(frame, lit('#2f7a3c', time), Math.round(width / 50), height * 0.93, height * 1.01);
  // Leafy bushes framing the bottom corners.
  for (const x of [0, width]) {
    for (let i = 0; i < 3; i++)
      front += `<circle cx="${f(x + (x === 0 ? 1 : -1) * i * 40 * unit)}" cy="${f(height + 10 * unit - i * 12 * unit)}" r="${f((70 - i * 14) * unit)}" fill="${lit(i % 2 ? '#3c8f48' : '#2f7a3c', time)}"/>`;
  }
  return { defs, back, front, indoor: false };
}

function sea(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon + 2);
  let back = s.svg;
  const shore = horizon + (height - horizon) * 0.5;
  back += `<rect y="${f(horizon)}" width="${width}" height="${f(shore - horizon + 40 * unit)}" fill="url(#water)"/>`;
  for (let i = 0; i < 12; i++) {
    const y = horizon + rng.range(0.08, 0.9) * (shore - horizon);
    const x = rng.range(0, width);
    const w = rng.range(20, 44) * unit;
    back += `<path d="M${f(x)} ${f(y)} q${f(w / 4)} ${f(-6 * unit)} ${f(w / 2)} 0 q${f(w / 4)} ${f(6 * unit)} ${f(w / 2)} 0" stroke="#ffffff" stroke-width="${f(3 * unit)}" fill="none" opacity="0.6" stroke-linecap="round"/>`;
  }
  if (rng.chance(0.7)) {
    const bx = rng.range(0.15, 0.85) * width;
    const by = horizon + 16 * unit;
    back +=
      `<path d="M${f(bx - 26 * unit)} ${f(by)} L${f(bx + 26 * unit)} ${f(by)} L${f(bx + 18 * unit)} ${f(by + 10 * unit)} L${f(bx - 18 * unit)} ${f(by + 10 * unit)} Z" fill="${lit('#b5553c', time)}"/>` +
      `<path d="M${f(bx)} ${f(by - 2 * unit)} L${f(bx)} ${f(by - 50 * unit)} L${f(bx + 24 * unit)} ${f(by - 8 * unit)} Z" fill="${lit('#fdf8ee', time)}"/>`;
  }
  // Sandy beach curving in from the bottom, with foam along its edge.
  const sand = `M0 ${f(height)} L0 ${f(shore + 10 * unit)} Q${f(width * 0.3)} ${f(shore - 26 * unit)} ${f(width * 0.6)} ${f(shore)} T${f(width)} ${f(shore - 6 * unit)} L${f(width)} ${f(height)} Z`;
  back += `<path d="${sand}" fill="#ffffff" opacity="0.8" transform="translate(0 ${f(-8 * unit)})"/>`;
  back += `<path d="${sand}" fill="url(#land)"/>`;
  for (let i = 0; i < 6; i++) {
    const x = rng.range(0.04, 0.96) * width;
    const y = rng.range(shore + 60 * unit, height * 0.98);
    back += rng.chance(0.5)
      ? star(x, y, 10 * unit, lit('#f28a6b', time))
      : `<path d="M${f(x - 9 * unit)} ${f(y)} Q${f(x)} ${f(y - 18 * unit)} ${f(x + 9 * unit)} ${f(y)} Z" fill="${lit('#fbe3ee', time)}"/>`;
  }
  // A palm on one side.
  const px = rng.chance(0.5) ? width * 0.07 : width * 0.93;
  const py = shore + 40 * unit;
  back += `<path d="M${f(px)} ${f(py)} Q${f(px + 20 * unit)} ${f(py - 120 * unit)} ${f(px + 6 * unit)} ${f(py - 220 * unit)}" stroke="${lit('#9a6a42', time)}" stroke-width="${f(16 * unit)}" fill="none" stroke-linecap="round"/>`;
  for (let i = 0; i < 5; i++) {
    const a = -Math.PI + (i / 4) * Math.PI;
    const tx = px + 6 * unit + Math.cos(a) * 90 * unit;
    const ty = py - 220 * unit + Math.sin(a) * 40 * unit + 40 * unit;
    back += `<path d="M${f(px + 6 * unit)} ${f(py - 220 * unit)} Q${f((px + tx) / 2)} ${f(ty - 60 * unit)} ${f(tx)} ${f(ty)} Q${f((px + tx) / 2)} ${f(ty - 30 * unit)} ${f(px + 6 * unit)} ${f(py - 212 * unit)} Z" fill="${lit('#3f9a4f', time)}"/>`;
  }
  const defs =
    s.defs +
    groundGradient('water', lit('#3fa9d8', time), lit('#7fd3e8', time)) +
    groundGradient('land', lit('#fbe2ae', time), lit('#efc98a', time));
  return { defs, back, front: '', indoor: false };
}

function underwater(frame: SceneFrame): SceneLayers {
  const { width, height, unit, time, rng } = frame;
  const deep = time === 'night' ? '#0c2344' : '#1c6fa8';
  let back = `<rect width="${width}" height="${height}" fill="url(#deep)"/>`;
  for (let i = 0; i < 5; i++) {
    const x = rng.range(0, width);
    back += `<path d="M${f(x)} 0 L${f(x + 60 * unit)} 0 L${f(x + 200 * unit)} ${f(height)} L${f(x + 90 * unit)} ${f(height)} Z" fill="#ffffff" opacity="0.07"/>`;
  }
  back += ridge(frame, height * 0.82, 20 * unit, 4, lit('#e9d29a', time));
  for (let i = 0; i < Math.round(width / 110); i++) {
    const x = rng.range(0, width);
    const y = height * rng.range(0.83, 0.95);
    const h = rng.range(90, 200) * unit;
    const c = rng.pick(['#3f9a4f', '#58b368', '#2f8a5a']);
    back += `<path d="M${f(x)} ${f(y)} q${f(-18 * unit)} ${f(-h / 4)} 0 ${f(-h / 2)} t0 ${f(-h / 2)}" stroke="${lit(c, time)}" stroke-width="${f(12 * unit)}" fill="none" stroke-linecap="round"/>`;
  }
  for (let i = 0; i < 4; i++) {
    const x = rng.range(0, width);
    const y = height * rng.range(0.88, 0.98);
    const c = lit(rng.pick(['#ff8f8f', '#ffb36b', '#f59ab8']), time);
    for (let k = -1; k <= 1; k++)
      back += `<path d="M${f(x)} ${f(y)} L${f(x + k * 24 * unit)} ${f(y - 50 * unit - Math.abs(k) * -10 * unit)}" stroke="${c}" stroke-width="${f(10 * unit)}" stroke-linecap="round"/>`;
  }
  let front = '';
  for (let i = 0; i < 14; i++)
    front += `<circle cx="${f(rng.range(0, width))}" cy="${f(rng.range(0, height * 0.85))}" r="${f(rng.range(4, 12) * unit)}" fill="none" stroke="#ffffff" stroke-width="${f(2 * unit)}" opacity="0.6"/>`;
  const defs = groundGradient('deep', lighten(deep, 0.35), deep);
  return { defs, back, front, indoor: false };
}

function skyScene(frame: SceneFrame): SceneLayers {
  const { width, height, unit, time, rng } = frame;
  const s = sky(frame, height, 6);
  let back = s.svg;
  const cloudColour = time === 'night' ? '#8d97c9' : time === 'sunset' ? '#ffe1cf' : '#ffffff';
  for (let i = 0; i < 4; i++) {
    back += `<g transform="translate(${f(rng.range(-0.1, 0.8) * width)} ${f(height * rng.range(0.25, 0.55))}) scale(${f(unit * rng.range(0.8, 1.6))})"><path d="M30 0 q20 -30 50 0 q30 10 10 20 l-80 0 q-20 -10 20 -20Z" fill="#ffffff" opacity="0.5"/></g>`;
  }
  // A floor of big clouds the characters stand on.
  let floor = '';
  for (let x = -40 * unit; x < width + 80 * unit; x += rng.range(70, 110) * unit)
    floor += `<circle cx="${f(x)}" cy="${f(frame.ground + rng.range(10, 40) * unit)}" r="${f(rng.range(60, 90) * unit)}"/>`;
  back += `<g fill="${darken(cloudColour, 0.08)}" transform="translate(0 ${f(-22 * unit)})">${floor}</g>`;
  back += `<g fill="${cloudColour}">${floor}<rect y="${f(frame.ground + 30 * unit)}" width="${width}" height="${height}"/></g>`;
  return { defs: s.defs, back, front: '', indoor: false };
}

function city(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon, 2);
  let back = s.svg;
  const night = time === 'night' || time === 'sunset';
  for (let x = -20 * unit; x < width; ) {
    const w = rng.range(60, 110) * unit;
    const h = rng.range(120, 260) * unit;
    back += `<rect x="${f(x)}" y="${f(horizon - h)}" width="${f(w)}" height="${f(h + 10)}" fill="${lit('#a3b3cc', time)}"/>`;
    x += w + rng.range(4, 14) * unit;
  }
  const palette = ['#f2a65a', '#e66f5c', '#7fb2d9', '#f3d36b', '#9ccf8c', '#c99bd8'];
  for (let x = -10 * unit; x < width; ) {
    const w = rng.range(110, 180) * unit;
    const h = rng.range(150, 300) * unit;
    const top = horizon + 30 * unit - h;
    const c = lit(rng.pick(palette), time);
    back += `<rect x="${f(x)}" y="${f(top)}" width="${f(w)}" height="${f(h)}" fill="${c}"/>`;
    back += `<rect x="${f(x - 4 * unit)}" y="${f(top - 10 * unit)}" width="${f(w + 8 * unit)}" height="${f(12 * unit)}" fill="${darken(c, 0.2)}"/>`;
    const cols = Math.max(2, Math.floor(w / (36 * unit)));
    const rows = Math.max(2, Math.floor(h / (46 * unit)) - 1);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < cols; k++) {
        const on = night ? rng.chance(0.7) : false;
        const wx = x + ((k + 0.5) * w) / cols - 9 * unit;
        const wy = top + 18 * unit + r * 46 * unit;
        back += `<rect x="${f(wx)}" y="${f(wy)}" width="${f(18 * unit)}" height="${f(24 * unit)}" rx="${f(3 * unit)}" fill="${on ? '#ffe08a' : lit('#dff1ff', time)}"/>`;
      }
    x += w + rng.range(6, 20) * unit;
  }
  // Pavement and road.
  back += `<rect y="${f(horizon + 30 * unit)}" width="${width}" height="${f(height)}" fill="url(#land)"/>`;
  const roadY = horizon + 30 * unit + (frame.ground - horizon - 30 * unit) * 0.32;
  back += `<rect y="${f(roadY)}" width="${width}" height="${f(60 * unit)}" fill="${lit('#5d6472', time)}"/>`;
  for (let x = 10 * unit; x < width; x += 90 * unit)
    back += `<rect x="${f(x)}" y="${f(roadY + 27 * unit)}" width="${f(44 * unit)}" height="${f(6 * unit)}" fill="#f4f1e8" opacity="0.8"/>`;
  for (let x = 0; x < width; x += 80 * unit)
    back += `<path d="M${f(x)} ${f(roadY + 60 * unit)} L${f(x - 40 * unit)} ${f(height)}" stroke="${lit('#b9b2a8', time)}" stroke-width="${f(2 * unit)}"/>`;
  for (const x of spread(frame, Math.max(2, Math.round(width / 500)))) {
    const ly = roadY - 4 * unit;
    back += `<rect x="${f(x - 3 * unit)}" y="${f(ly - 150 * unit)}" width="${f(6 * unit)}" height="${f(150 * unit)}" fill="#4a4f5c"/>`;
    if (night)
      back += `<circle cx="${f(x)}" cy="${f(ly - 150 * unit)}" r="${f(60 * unit)}" fill="url(#sunglow)" opacity="0.7"/>`;
    back += `<circle cx="${f(x)}" cy="${f(ly - 152 * unit)}" r="${f(12 * unit)}" fill="${night ? '#ffe9a8' : '#f6f2e6'}"/>`;
  }
  const defs = s.defs + groundGradient('land', lit('#d8cfc2', time), lit('#c2b6a6', time));
  return { defs, back, front: '', indoor: false };
}

function snow(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon + 30 * unit);
  let back = s.svg;
  // Icy peaks, then rolling snow.
  for (let i = 0; i < 4; i++) {
    const x = rng.range(-0.1, 1.1) * width;
    const h = rng.range(120, 220) * unit;
    const w = rng.range(160, 260) * unit;
    back += `<path d="M${f(x - w)} ${f(horizon + 10 * unit)} L${f(x)} ${f(horizon - h)} L${f(x + w)} ${f(horizon + 10 * unit)} Z" fill="${lit('#dcecf8', time)}"/>`;
    back += `<path d="M${f(x)} ${f(horizon - h)} L${f(x + w)} ${f(horizon + 10 * unit)} L${f(x + w * 0.2)} ${f(horizon + 10 * unit)} Z" fill="${lit('#b9d3ea', time)}"/>`;
  }
  back += ridge(frame, horizon + 20 * unit, 30 * unit, 3, lit('#eef6fc', time));
  for (const x of spread(frame, Math.max(2, Math.round(width / 480))))
    back += pineTree(
      x,
      horizon + 40 * unit,
      rng.range(0.6, 0.9) * unit,
      lit('#3f7d6a', time),
      lit('#6b4a33', time),
      true,
    );
  if (rng.chance(0.6)) {
    const ix = rng.chance(0.5) ? width * 0.12 : width * 0.86;
    const iy = horizon + 70 * unit;
    back += `<path d="M${f(ix - 70 * unit)} ${f(iy)} A${f(70 * unit)} ${f(60 * unit)} 0 0 1 ${f(ix + 70 * unit)} ${f(iy)} Z" fill="${lit('#f7fbff', time)}" stroke="${lit('#b9d3ea', time)}" stroke-width="${f(3 * unit)}"/>`;
    back += `<path d="M${f(ix - 20 * unit)} ${f(iy)} A${f(20 * unit)} ${f(24 * unit)} 0 0 1 ${f(ix + 20 * unit)} ${f(iy)} Z" fill="${lit('#5d7a99', time)}"/>`;
    for (let k = 1; k < 3; k++)
      back += `<path d="M${f(ix - 66 * unit + k * 6 * unit)} ${f(iy - k * 20 * unit)} L${f(ix + 66 * unit - k * 6 * unit)} ${f(iy - k * 20 * unit)}" stroke="${lit('#c9dcec', time)}" stroke-width="${f(2 * unit)}"/>`;
  }
  back += ridge(frame, horizon + 70 * unit, 18 * unit, 3, 'url(#land)');
  let front = '';
  for (let i = 0; i < 30; i++)
    front += `<circle cx="${f(rng.range(0, width))}" cy="${f(rng.range(0, height))}" r="${f(rng.range(2, 5) * unit)}" fill="#ffffff" opacity="${f(rng.range(0.5, 0.95))}"/>`;
  const defs = s.defs + groundGradient('land', lit('#f7fbff', time), lit('#d3e5f3', time));
  return { defs, back, front, indoor: false };
}

/** A window onto the outside, showing the page's time of day. */
function windowPane(frame: SceneFrame, x: number, y: number, w: number, h: number): string {
  const { unit, time } = frame;
  const l = LIGHT[time];
  let s = `<rect x="${f(x - 8 * unit)}" y="${f(y - 8 * unit)}" width="${f(w + 16 * unit)}" height="${f(h + 16 * unit)}" rx="${f(6 * unit)}" fill="#fdf6e8"/>`;
  s += `<rect x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" fill="${l.skyTop}"/>`;
  s += `<rect x="${f(x)}" y="${f(y + h * 0.5)}" width="${f(w)}" height="${f(h * 0.5)}" fill="${l.skyBottom}" opacity="0.7"/>`;
  if (time === 'night') {
    s += `<circle cx="${f(x + w * 0.7)}" cy="${f(y + h * 0.3)}" r="${f(16 * unit)}" fill="#fff4c8"/>`;
    s += star(x + w * 0.25, y + h * 0.25, 6 * unit, '#fff6cc');
    s += star(x + w * 0.4, y + h * 0.6, 4 * unit, '#fff6cc');
  } else {
    s += `<circle cx="${f(x + w * 0.7)}" cy="${f(y + h * 0.32)}" r="${f(18 * unit)}" fill="${l.sun}"/>`;
    s += cloud(x + w * 0.3, y + h * 0.55, 0.45 * unit, '#ffffff');
  }
  s += `<path d="M${f(x + w / 2)} ${f(y)} L${f(x + w / 2)} ${f(y + h)} M${f(x)} ${f(y + h / 2)} L${f(x + w)} ${f(y + h / 2)}" stroke="#fdf6e8" stroke-width="${f(8 * unit)}"/>`;
  return s;
}

function home(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const night = time === 'night';
  const wall = rng.pick(['#f6dcc0', '#e8d9f2', '#d8ecd8', '#fbe6b8', '#d9e8f5']);
  const wallLit = night ? mix(wall, '#3a3560', 0.45) : wall;
  let back = `<rect width="${width}" height="${f(horizon + 60 * unit)}" fill="${wallLit}"/>`;
  for (let x = 30 * unit; x < width; x += 60 * unit)
    for (let y = 30 * unit; y < horizon + 40 * unit; y += 60 * unit)
      back += `<circle cx="${f(x + ((y / (60 * unit)) % 2) * 30 * unit)}" cy="${f(y)}" r="${f(5 * unit)}" fill="${darken(wallLit, 0.08)}"/>`;
  const floorTop = horizon + 50 * unit;
  back += `<rect y="${f(floorTop)}" width="${width}" height="${f(height - floorTop)}" fill="url(#land)"/>`;
  for (let y = floorTop + 26 * unit; y < height; y += 34 * unit)
    back += `<path d="M0 ${f(y)} L${width} ${f(y)}" stroke="${night ? '#5a4030' : '#b07a4f'}" stroke-width="${f(2 * unit)}" opacity="0.5"/>`;
  back += `<rect y="${f(floorTop - 12 * unit)}" width="${width}" height="${f(14 * unit)}" fill="${darken(wallLit, 0.25)}"/>`;
  // Window with curtains on one side, furniture on the other.
  const left = rng.chance(0.5);
  const ww = Math.min(width * 0.26, 260 * unit);
  const wh = Math.min((horizon - 60 * unit) * 0.75, 220 * unit);
  const wx = left ? width * 0.1 : width * 0.9 - ww;
  const wy = Math.max(40 * unit, horizon - wh - 60 * unit);
  back += windowPane(frame, wx, wy, ww, wh);
  const curtain = lit(
    rng.pick(['#e5534b', '#4a8fe0', '#f5923c', '#9b6ad6', '#3fb7ad']),
    night ? 'sunset' : 'day',
  );
  for (const cx of [wx - 24 * unit, wx + ww - 6 * unit])
    back += `<path d="M${f(cx)} ${f(wy - 20 * unit)} L${f(cx + 30 * unit)} ${f(wy - 20 * unit)} Q${f(cx + 16 * unit)} ${f(wy + wh * 0.6)} ${f(cx + 30 * unit)} ${f(wy + wh + 30 * unit)} L${f(cx)} ${f(wy + wh + 30 * unit)} Z" fill="${curtain}"/>`;
  back += `<rect x="${f(wx - 40 * unit)}" y="${f(wy - 26 * unit)}" width="${f(ww + 80 * unit)}" height="${f(8 * unit)}" rx="${f(4 * unit)}" fill="#8a5a3b"/>`;
  const fx = left ? width * 0.78 : width * 0.1;
  // A bookshelf.
  const sh = 190 * unit;
  const sw = 120 * unit;
  back += `<rect x="${f(fx)}" y="${f(floorTop - sh)}" width="${f(sw)}" height="${f(sh)}" rx="${f(6 * unit)}" fill="${lit('#a0693f', night ? 'sunset' : 'day')}"/>`;
  for (let k = 0; k < 3; k++) {
    const sy = floorTop - sh + 12 * unit + k * 60 * unit;
    back += `<rect x="${f(fx + 8 * unit)}" y="${f(sy)}" width="${f(sw - 16 * unit)}" height="${f(50 * unit)}" fill="${darken('#a0693f', 0.35)}"/>`;
    let bx = fx + 12 * unit;
    while (bx < fx + sw - 24 * unit) {
      const bw = rng.range(9, 15) * unit;
      const bh = rng.range(30, 46) * unit;
      back += `<rect x="${f(bx)}" y="${f(sy + 50 * unit - bh)}" width="${f(bw)}" height="${f(bh)}" fill="${rng.pick(['#e5534b', '#4a8fe0', '#f6cf48', '#6bbf59', '#f59ab8'])}"/>`;
      bx += bw + 2 * unit;
    }
  }
  // A picture frame and a lamp.
  const px = left ? width * 0.55 : width * 0.35;
  back += `<rect x="${f(px)}" y="${f(horizon * 0.35)}" width="${f(90 * unit)}" height="${f(70 * unit)}" rx="${f(4 * unit)}" fill="#fdf6e8" stroke="#c08a50" stroke-width="${f(6 * unit)}"/>`;
  back += `<path d="M${f(px + 10 * unit)} ${f(horizon * 0.35 + 60 * unit)} L${f(px + 36 * unit)} ${f(horizon * 0.35 + 24 * unit)} L${f(px + 56 * unit)} ${f(horizon * 0.35 + 48 * unit)} L${f(px + 66 * unit)} ${f(horizon * 0.35 + 38 * unit)} L${f(px + 80 * unit)} ${f(horizon * 0.35 + 60 * unit)} Z" fill="#7cc46a"/>`;
  back += `<circle cx="${f(px + 66 * unit)}" cy="${f(horizon * 0.35 + 20 * unit)}" r="${f(8 * unit)}" fill="#f6cf48"/>`;
  const lx = left ? fx - 60 * unit : fx + sw + 60 * unit;
  if (night)
    back += `<circle cx="${f(lx)}" cy="${f(floorTop - 150 * unit)}" r="${f(150 * unit)}" fill="url(#sunglow)"/>`;
  back += `<rect x="${f(lx - 3 * unit)}" y="${f(floorTop - 150 * unit)}" width="${f(6 * unit)}" height="${f(150 * unit)}" fill="#5a4a40"/>`;
  back += `<path d="M${f(lx - 30 * unit)} ${f(floorTop - 140 * unit)} L${f(lx + 30 * unit)} ${f(floorTop - 140 * unit)} L${f(lx + 18 * unit)} ${f(floorTop - 186 * unit)} L${f(lx - 18 * unit)} ${f(floorTop - 186 * unit)} Z" fill="${night ? '#ffe08a' : '#f6dca0'}"/>`;
  // A round rug under the characters.
  back += `<ellipse cx="${f(width / 2)}" cy="${f(frame.ground - 4 * unit)}" rx="${f(Math.min(width * 0.36, 380 * unit))}" ry="${f(40 * unit)}" fill="${lit('#e8917a', night ? 'sunset' : 'day')}"/>`;
  back += `<ellipse cx="${f(width / 2)}" cy="${f(frame.ground - 4 * unit)}" rx="${f(Math.min(width * 0.3, 320 * unit))}" ry="${f(30 * unit)}" fill="none" stroke="#fff3e0" stroke-width="${f(4 * unit)}" stroke-dasharray="${f(12 * unit)} ${f(8 * unit)}"/>`;
  const defs =
    `<radialGradient id="sunglow"><stop offset="0" stop-color="#ffe9a8" stop-opacity="0.7"/><stop offset="1" stop-color="#ffe9a8" stop-opacity="0"/></radialGradient>` +
    groundGradient('land', night ? '#7a5a44' : '#d39a66', night ? '#5a4030' : '#b9804f');
  return { defs, back, front: '', indoor: true };
}

function mountain(frame: SceneFrame): SceneLayers {
  const { width, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon);
  let back = s.svg;
  const layers = [
    { c: '#9fb6d6', h: 330 },
    { c: '#7f9fc4', h: 250 },
  ];
  for (const layer of layers) {
    for (let i = 0; i < 3; i++) {
      const x = ((i + rng.range(0.1, 0.9)) / 3) * width;
      const h = rng.range(0.75, 1) * layer.h * unit;
      const w = rng.range(200, 300) * unit;
      back += `<path d="M${f(x - w)} ${f(horizon + 40 * unit)} L${f(x)} ${f(horizon - h)} L${f(x + w)} ${f(horizon + 40 * unit)} Z" fill="${lit(layer.c, time)}"/>`;
      back += `<path d="M${f(x)} ${f(horizon - h)} L${f(x + w * 0.25)} ${f(horizon - h * 0.72)} L${f(x + w * 0.08)} ${f(horizon - h * 0.78)} L${f(x - w * 0.06)} ${f(horizon - h * 0.7)} L${f(x - w * 0.25)} ${f(horizon - h * 0.74)} Z" fill="${lit('#fbfdff', time)}"/>`;
    }
  }
  back += ridge(frame, horizon + 30 * unit, 40 * unit, 3, lit('#8cc97a', time));
  for (const x of spread(frame, Math.max(3, Math.round(width / 260))))
    back += pineTree(
      x,
      horizon + 50 * unit,
      rng.range(0.55, 0.8) * unit,
      lit('#3f7d4f', time),
      lit('#6b4a33', time),
    );
  back += ridge(frame, horizon + 80 * unit, 20 * unit, 2, 'url(#land)');
  const defs = s.defs + groundGradient('land', lit('#84c26f', time), lit('#5fa352', time));
  const front = grassTufts(
    frame,
    lit('#3f8c45', time),
    Math.round(width / 70),
    frame.height * 0.94,
    frame.height,
  );
  return { defs, back, front, indoor: false };
}

function river(frame: SceneFrame): SceneLayers {
  const base = meadow(frame, false);
  const { width, height, horizon, unit, time, rng } = frame;
  const cx = width * rng.range(0.3, 0.7);
  const top = horizon + 62 * unit;
  const d = `M${f(cx - 30 * unit)} ${f(top)} Q${f(cx - 160 * unit)} ${f((top + height) / 2)} ${f(cx - width * 0.45)} ${f(height)} L${f(cx + width * 0.05)} ${f(height)} Q${f(cx + 40 * unit)} ${f((top + height) / 2)} ${f(cx + 30 * unit)} ${f(top)} Z`;
  let water = `<path d="${d}" fill="url(#water)"/>`;
  for (let i = 0; i < 8; i++) {
    const y = rng.range(top + 20 * unit, height);
    const t = (y - top) / (height - top);
    const x = cx - t * width * 0.2 + rng.range(-30, 30) * unit;
    water += `<path d="M${f(x)} ${f(y)} l${f(30 * unit)} 0" stroke="#ffffff" stroke-width="${f(3 * unit)}" opacity="0.6" stroke-linecap="round"/>`;
  }
  for (let i = 0; i < 3; i++) {
    const y = rng.range(top + 60 * unit, height * 0.95);
    const t = (y - top) / (height - top);
    const x = cx - t * width * 0.2 + rng.range(-40, 20) * unit;
    water += `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(22 * unit)}" ry="${f(9 * unit)}" fill="${lit('#5fae5a', time)}"/>`;
  }
  for (let i = 0; i < 10; i++) {
    const x = rng.range(0, width);
    const y = rng.range(horizon + 80 * unit, height);
    water += `<path d="M${f(x)} ${f(y)} l0 ${f(-50 * unit)}" stroke="${lit('#4c8c44', time)}" stroke-width="${f(4 * unit)}"/><ellipse cx="${f(x)}" cy="${f(y - 50 * unit)}" rx="${f(5 * unit)}" ry="${f(14 * unit)}" fill="${lit('#8a5a3b', time)}"/>`;
  }
  const defs = `${base.defs}${groundGradient('water', lit('#6cc4e8', time), lit('#3a9fd0', time))}`;
  return { defs, back: base.back + water, front: base.front, indoor: false };
}

function desert(frame: SceneFrame): SceneLayers {
  const { width, horizon, unit, time, rng } = frame;
  const s = sky(frame, horizon + 30 * unit, 1);
  let back = s.svg;
  back += ridge(frame, horizon, 40 * unit, 2, lit('#f2c98a', time));
  back += ridge(frame, horizon + 40 * unit, 30 * unit, 3, lit('#eab872', time));
  for (const x of spread(frame, Math.max(2, Math.round(width / 500)))) {
    const y = horizon + rng.range(60, 100) * unit;
    const c = lit('#5fa352', time);
    const sc = rng.range(0.7, 1.1) * unit;
    back += `<rect x="${f(x - 14 * sc)}" y="${f(y - 130 * sc)}" width="${f(28 * sc)}" height="${f(130 * sc)}" rx="${f(14 * sc)}" fill="${c}"/>`;
    back += `<path d="M${f(x - 10 * sc)} ${f(y - 60 * sc)} l${f(-34 * sc)} 0 l0 ${f(-40 * sc)}" stroke="${c}" stroke-width="${f(18 * sc)}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;
    back += `<path d="M${f(x + 10 * sc)} ${f(y - 80 * sc)} l${f(30 * sc)} 0 l0 ${f(-30 * sc)}" stroke="${c}" stroke-width="${f(16 * sc)}" fill="none" stroke-linecap="round" stroke-linejoin="round"/>`;
  }
  back += ridge(frame, horizon + 90 * unit, 24 * unit, 2, 'url(#land)');
  const defs = s.defs + groundGradient('land', lit('#f6d59c', time), lit('#e8b777', time));
  return { defs, back, front: '', indoor: false };
}

function school(frame: SceneFrame): SceneLayers {
  const room = home(frame);
  const { width, horizon, unit, rng } = frame;
  // Cover the bookshelf side with a blackboard full of chalk doodles, no writing.
  const bw = Math.min(width * 0.42, 420 * unit);
  const bh = Math.min(horizon * 0.55, 200 * unit);
  const bx = (width - bw) / 2;
  const by = Math.max(30 * unit, horizon * 0.15);
  let board = `<rect x="${f(bx - 10 * unit)}" y="${f(by - 10 * unit)}" width="${f(bw + 20 * unit)}" height="${f(bh + 20 * unit)}" rx="${f(6 * unit)}" fill="#a0693f"/>`;
  board += `<rect x="${f(bx)}" y="${f(by)}" width="${f(bw)}" height="${f(bh)}" fill="#2f5a48"/>`;
  board += `<circle cx="${f(bx + bw * 0.2)}" cy="${f(by + bh * 0.35)}" r="${f(20 * unit)}" fill="none" stroke="#f6f2e6" stroke-width="${f(3 * unit)}"/>`;
  board += `<path d="M${f(bx + bw * 0.4)} ${f(by + bh * 0.7)} l${f(30 * unit)} ${f(-50 * unit)} l${f(30 * unit)} ${f(50 * unit)} Z" fill="none" stroke="#f6cf48" stroke-width="${f(3 * unit)}"/>`;
  board += star(bx + bw * 0.78, by + bh * 0.4, 20 * unit, '#f59ab8');
  board += `<path d="M${f(bx + bw * 0.1)} ${f(by + bh * 0.8)} q${f(20 * unit)} ${f(-20 * unit)} ${f(40 * unit)} 0 t${f(40 * unit)} 0" fill="none" stroke="#8cc8f0" stroke-width="${f(3 * unit)}"/>`;
  // Little desks in front of the wall.
  let desks = '';
  for (const x of spread(frame, Math.max(2, Math.round(width / 420)))) {
    const y = horizon + 60 * unit;
    desks += `<rect x="${f(x - 50 * unit)}" y="${f(y - 50 * unit)}" width="${f(100 * unit)}" height="${f(12 * unit)}" rx="${f(3 * unit)}" fill="#c98f5a"/>`;
    desks += `<path d="M${f(x - 40 * unit)} ${f(y - 40 * unit)} l0 ${f(40 * unit)} M${f(x + 40 * unit)} ${f(y - 40 * unit)} l0 ${f(40 * unit)}" stroke="#8a5a3b" stroke-width="${f(6 * unit)}"/>`;
    desks += `<rect x="${f(x - 16 * unit)}" y="${f(y - 62 * unit)}" width="${f(28 * unit)}" height="${f(12 * unit)}" fill="${rng.pick(['#e5534b', '#4a8fe0', '#f6cf48'])}"/>`;
  }
  return { ...room, back: room.back + board + desks };
}

function garden(frame: SceneFrame): SceneLayers {
  const base = meadow(frame, false);
  const { width, height, horizon, unit, time, rng } = frame;
  let extra = '';
  // Hedge and a white fence, then flower beds.
  for (let x = -20 * unit; x < width + 40 * unit; x += 46 * unit)
    extra += `<circle cx="${f(x)}" cy="${f(horizon + 40 * unit)}" r="${f(34 * unit)}" fill="${lit('#4f9a4f', time)}"/>`;
  for (let x = 10 * unit; x < width; x += 36 * unit)
    extra += `<path d="M${f(x)} ${f(horizon + 90 * unit)} l0 ${f(-54 * unit)} l${f(8 * unit)} ${f(-10 * unit)} l${f(8 * unit)} ${f(10 * unit)} l0 ${f(54 * unit)} Z" fill="${lit('#fbf7ef', time)}"/>`;
  extra += `<rect y="${f(horizon + 50 * unit)}" width="${width}" height="${f(8 * unit)}" fill="${lit('#efe6d6', time)}"/>`;
  const petals = ['#ff6f91', '#ffd166', '#c3a3e6', '#ff9f6b', '#fff3f3', '#7cc4f2'];
  for (let i = 0; i < Math.round(width / 22); i++) {
    const x = rng.range(0, width);
    const y = rng.range(horizon + 100 * unit, height);
    const r = rng.range(6, 11) * unit;
    extra += `<path d="M${f(x)} ${f(y)} l0 ${f(24 * unit)}" stroke="${lit('#3f8c45', time)}" stroke-width="${f(3 * unit)}"/>`;
    extra += flowerDot(x, y, r, lit(rng.pick(petals), time));
  }
  return { ...base, back: base.back + extra };
}

function space(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, rng } = frame;
  let back = `<rect width="${width}" height="${height}" fill="url(#space)"/>`;
  for (let i = 0; i < 80; i++)
    back += `<circle cx="${f(rng.range(0, width))}" cy="${f(rng.range(0, horizon))}" r="${f(rng.range(1, 3) * unit)}" fill="#ffffff" opacity="${f(rng.range(0.4, 1))}"/>`;
  for (let i = 0; i < 5; i++)
    back += star(rng.range(0, width), rng.range(0, horizon), rng.range(6, 10) * unit, '#fff3b0');
  const px = rng.range(0.15, 0.85) * width;
  const py = horizon * 0.35;
  const pr = 60 * unit;
  back += `<circle cx="${f(px)}" cy="${f(py)}" r="${f(pr)}" fill="#f2a65a"/>`;
  back += `<path d="M${f(px - pr)} ${f(py - 10 * unit)} Q${f(px)} ${f(py + 10 * unit)} ${f(px + pr)} ${f(py - 10 * unit)}" stroke="#e66f5c" stroke-width="${f(10 * unit)}" fill="none"/>`;
  back += `<ellipse cx="${f(px)}" cy="${f(py)}" rx="${f(pr * 1.7)}" ry="${f(pr * 0.35)}" fill="none" stroke="#f6dca0" stroke-width="${f(6 * unit)}" transform="rotate(-15 ${f(px)} ${f(py)})"/>`;
  back += `<circle cx="${f(width - px)}" cy="${f(horizon * 0.6)}" r="${f(26 * unit)}" fill="#7fd1c7"/>`;
  back += ridge(frame, horizon + 60 * unit, 30 * unit, 3, 'url(#land)');
  for (let i = 0; i < 7; i++) {
    const x = rng.range(0, width);
    const y = rng.range(horizon + 110 * unit, height);
    back += `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(rng.range(20, 40) * unit)}" ry="${f(rng.range(6, 12) * unit)}" fill="#9a98b0"/>`;
  }
  const defs =
    groundGradient('space', '#0b0f2e', '#2a2d6b') +
    groundGradient('land', '#d8d6e6', '#b4b1c9') +
    `<radialGradient id="sunglow"><stop offset="0" stop-color="#fff" stop-opacity="0.5"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>`;
  return { defs, back, front: '', indoor: false };
}

function farm(frame: SceneFrame): SceneLayers {
  const base = meadow(frame, false);
  const { width, height, horizon, unit, time, rng } = frame;
  let extra = '';
  // Ploughed rows in the far field, a red barn, a haystack and a rail fence.
  for (let i = 0; i < 5; i++) {
    const y = horizon + 14 * unit + i * 9 * unit;
    extra += `<path d="M0 ${f(y)} L${width} ${f(y + 6 * unit)}" stroke="${lit('#b9a15a', time)}" stroke-width="${f(3 * unit)}" opacity="0.5"/>`;
  }
  const left = rng.chance(0.5);
  const bw = 190 * unit;
  const bx = left ? width * 0.06 : width * 0.94 - bw;
  const by = horizon + 70 * unit;
  const red = lit('#d0473f', time);
  extra += `<path d="M${f(bx)} ${f(by)} L${f(bx)} ${f(by - 110 * unit)} L${f(bx + bw / 2)} ${f(by - 170 * unit)} L${f(bx + bw)} ${f(by - 110 * unit)} L${f(bx + bw)} ${f(by)} Z" fill="${red}"/>`;
  extra += `<path d="M${f(bx - 10 * unit)} ${f(by - 106 * unit)} L${f(bx + bw / 2)} ${f(by - 176 * unit)} L${f(bx + bw + 10 * unit)} ${f(by - 106 * unit)}" stroke="${lit('#6b4a3a', time)}" stroke-width="${f(12 * unit)}" fill="none" stroke-linejoin="round"/>`;
  extra += `<rect x="${f(bx + bw * 0.3)}" y="${f(by - 80 * unit)}" width="${f(bw * 0.4)}" height="${f(80 * unit)}" fill="${lit('#fbf3e6', time)}"/>`;
  extra += `<path d="M${f(bx + bw * 0.3)} ${f(by - 80 * unit)} L${f(bx + bw * 0.7)} ${f(by)} M${f(bx + bw * 0.7)} ${f(by - 80 * unit)} L${f(bx + bw * 0.3)} ${f(by)}" stroke="${red}" stroke-width="${f(6 * unit)}"/>`;
  extra += `<circle cx="${f(bx + bw / 2)}" cy="${f(by - 124 * unit)}" r="${f(14 * unit)}" fill="${lit('#fbf3e6', time)}"/>`;
  const hx = left ? bx + bw + 70 * unit : bx - 70 * unit;
  extra += `<path d="M${f(hx - 50 * unit)} ${f(by + 4 * unit)} Q${f(hx - 50 * unit)} ${f(by - 70 * unit)} ${f(hx)} ${f(by - 74 * unit)} Q${f(hx + 50 * unit)} ${f(by - 70 * unit)} ${f(hx + 50 * unit)} ${f(by + 4 * unit)} Z" fill="${lit('#f0c95a', time)}"/>`;
  for (let k = 0; k < 5; k++)
    extra += `<path d="M${f(hx - 40 * unit + k * 20 * unit)} ${f(by - 50 * unit)} l${f(6 * unit)} ${f(40 * unit)}" stroke="${lit('#d9a83c', time)}" stroke-width="${f(3 * unit)}"/>`;
  const fy = horizon + 110 * unit;
  for (let x = 0; x < width; x += 70 * unit)
    extra += `<rect x="${f(x)}" y="${f(fy - 50 * unit)}" width="${f(10 * unit)}" height="${f(56 * unit)}" rx="${f(3 * unit)}" fill="${lit('#c9955f', time)}"/>`;
  for (const dy of [-38, -16])
    extra += `<rect y="${f(fy + dy * unit)}" width="${width}" height="${f(8 * unit)}" fill="${lit('#b98350', time)}"/>`;
  for (let i = 0; i < Math.round(width / 60); i++)
    extra += flowerDot(
      rng.range(0, width),
      rng.range(fy + 20 * unit, height),
      rng.range(4, 6) * unit,
      lit(rng.pick(['#fff3f3', '#ffd166']), time),
    );
  return { ...base, back: base.back + extra };
}

/** Mountains with a smoking volcano in the middle and lava running down it. */
function volcano(frame: SceneFrame): SceneLayers {
  const base = mountain(frame);
  const { width, horizon, unit, time, rng } = frame;
  const cx = width * rng.range(0.35, 0.65);
  const h = 300 * unit;
  const w = 320 * unit;
  const top = horizon - h;
  let extra = `<path d="M${f(cx - w)} ${f(horizon + 40 * unit)} L${f(cx - 50 * unit)} ${f(top)} L${f(cx + 50 * unit)} ${f(top)} L${f(cx + w)} ${f(horizon + 40 * unit)} Z" fill="${lit('#6b4a3a', time)}"/>`;
  extra += `<path d="M${f(cx - 40 * unit)} ${f(top + 4 * unit)} Q${f(cx - 60 * unit)} ${f(top + 120 * unit)} ${f(cx - 110 * unit)} ${f(horizon)} L${f(cx - 80 * unit)} ${f(horizon)} Q${f(cx - 20 * unit)} ${f(top + 110 * unit)} ${f(cx + 10 * unit)} ${f(top + 4 * unit)} Z" fill="#f0612e"/>`;
  extra += `<path d="M${f(cx + 20 * unit)} ${f(top + 4 * unit)} Q${f(cx + 60 * unit)} ${f(top + 140 * unit)} ${f(cx + 40 * unit)} ${f(horizon - 40 * unit)} L${f(cx + 60 * unit)} ${f(horizon - 40 * unit)} Q${f(cx + 80 * unit)} ${f(top + 100 * unit)} ${f(cx + 44 * unit)} ${f(top + 4 * unit)} Z" fill="#ffb347"/>`;
  extra += `<ellipse cx="${f(cx)}" cy="${f(top + 2 * unit)}" rx="${f(52 * unit)}" ry="${f(12 * unit)}" fill="#ff7a3d"/>`;
  for (let i = 0; i < 4; i++)
    extra += `<circle cx="${f(cx + (i % 2 ? 30 : -20) * unit + i * 12 * unit)}" cy="${f(top - 40 * unit - i * 45 * unit)}" r="${f((34 + i * 10) * unit)}" fill="${lit('#9a9aa6', time)}" opacity="${f(0.75 - i * 0.12)}"/>`;
  return { ...base, back: base.back + extra };
}

/** A kitchen: tiled wall, a window, a counter with a stove, a pot and hanging pans. */
function kitchen(frame: SceneFrame): SceneLayers {
  const { width, height, horizon, unit, time, rng } = frame;
  const night = time === 'night';
  const wall = night ? '#8a8fb0' : rng.pick(['#fdf1d8', '#e6f2ea', '#fbe3dc']);
  let back = `<rect width="${width}" height="${f(horizon + 60 * unit)}" fill="${wall}"/>`;
  const tile = 36 * unit;
  for (let x = 0; x < width; x += tile)
    for (let y = horizon - 120 * unit; y < horizon + 50 * unit; y += tile)
      back += `<rect x="${f(x + 2 * unit)}" y="${f(y + 2 * unit)}" width="${f(tile - 4 * unit)}" height="${f(tile - 4 * unit)}" rx="${f(3 * unit)}" fill="${darken(wall, 0.06)}"/>`;
  const floorTop = horizon + 50 * unit;
  back += `<rect y="${f(floorTop)}" width="${width}" height="${f(height - floorTop)}" fill="url(#land)"/>`;
  const ww = Math.min(width * 0.22, 220 * unit);
  const wh = Math.min(horizon * 0.45, 160 * unit);
  const wx = width * (rng.chance(0.5) ? 0.12 : 0.66);
  back += windowPane(frame, wx, Math.max(30 * unit, horizon - 140 * unit - wh), ww, wh);
  // The counter along the back wall, with a stove, a steaming pot and pans on hooks.
  const ct = floorTop - 110 * unit;
  back += `<rect y="${f(ct)}" width="${width}" height="${f(110 * unit)}" fill="${lit('#c98b55', time)}"/>`;
  back += `<rect y="${f(ct - 12 * unit)}" width="${width}" height="${f(14 * unit)}" fill="${lit('#efe6d8', time)}"/>`;
  for (let x = 30 * unit; x < width; x += 150 * unit)
    back += `<rect x="${f(x)}" y="${f(ct + 16 * unit)}" width="${f(120 * unit)}" height="${f(80 * unit)}" rx="${f(6 * unit)}" fill="${lit('#b87a46', time)}"/><circle cx="${f(x + 60 * unit)}" cy="${f(ct + 30 * unit)}" r="${f(5 * unit)}" fill="#f6cf48"/>`;
  const sx = width * (wx < width / 2 ? 0.7 : 0.2);
  back += `<rect x="${f(sx - 70 * unit)}" y="${f(ct - 14 * unit)}" width="${f(140 * unit)}" height="${f(16 * unit)}" fill="#3d3d48"/>`;
  back += `<rect x="${f(sx - 40 * unit)}" y="${f(ct - 70 * unit)}" width="${f(80 * unit)}" height="${f(56 * unit)}" rx="${f(12 * unit)}" fill="#6c7a89"/>`;
  for (const dx of [-20, 0, 20])
    back += `<path d="M${f(sx + dx * unit)} ${f(ct - 80 * unit)} q${f(-10 * unit)} ${f(-16 * unit)} 0 ${f(-32 * unit)} t0 ${f(-32 * unit)}" stroke="#ffffff" stroke-width="${f(4 * unit)}" fill="none" opacity="0.8" stroke-linecap="round"/>`;
  back += `<path d="M0 ${f(horizon - 150 * unit)} L${width} ${f(horizon - 150 * unit)}" stroke="#8a5a3b" stroke-width="${f(6 * unit)}"/>`;
  for (let x = width * 0.4; x < width * 0.6; x += 60 * unit)
    back += `<circle cx="${f(x)}" cy="${f(horizon - 110 * unit)}" r="${f(24 * unit)}" fill="${lit('#e5534b', time)}"/><path d="M${f(x)} ${f(horizon - 150 * unit)} L${f(x)} ${f(horizon - 134 * unit)}" stroke="#5a4a40" stroke-width="${f(4 * unit)}"/>`;
  const defs = groundGradient('land', night ? '#6a6a7a' : '#e9dcc8', night ? '#4a4a5a' : '#cdbb9f');
  return { defs, back, front: '', indoor: true };
}

const SCENE_DRAWERS: Record<SceneKind, (frame: SceneFrame) => SceneLayers> = {
  volcano,
  kitchen,
  meadow: (frame) => meadow(frame),
  farm,
  forest,
  sea,
  underwater,
  sky: skyScene,
  city,
  snow,
  home,
  mountain,
  river,
  desert,
  school,
  garden,
  space,
};

export function drawScene(kind: SceneKind, frame: SceneFrame): SceneLayers {
  return SCENE_DRAWERS[kind](frame);
}

export { cloud, star };
