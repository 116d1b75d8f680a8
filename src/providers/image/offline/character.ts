// Draws a character as SVG in a local frame (feet at 0,0, about 200 units tall, facing right):
// one body plan per kind, the palette from its look, and the pose and mood of the page.
import { darken, lighten, luminance, mix } from './color.js';
import type { CharacterLook, CharacterPalette } from './look.js';
import type { Mood, Pose } from './words.js';

export interface Drawn {
  svg: string;
  /** Hand positions in the local frame: `front` is the hand on the facing side. */
  front: [number, number];
  back: [number, number];
  /** Top of the head in the local frame (negative). */
  top: number;
}

interface PoseShape {
  /** Arm angles in degrees from hanging straight down, positive = raised outward. */
  front: number;
  back: number;
  /** How far the whole body is lifted off the ground (jumping, flying). */
  lift: number;
  sit: boolean;
  walk: boolean;
  /** Head tilt in degrees (negative looks up). */
  tilt: number;
}

const POSE_SHAPES: Record<Pose, PoseShape> = {
  stand: { front: 22, back: 18, lift: 0, sit: false, walk: false, tilt: 0 },
  wave: { front: 150, back: 18, lift: 0, sit: false, walk: false, tilt: -3 },
  cheer: { front: 145, back: 145, lift: 0, sit: false, walk: false, tilt: -4 },
  jump: { front: 135, back: 130, lift: 46, sit: false, walk: false, tilt: -6 },
  sit: { front: 38, back: 30, lift: -16, sit: true, walk: false, tilt: 0 },
  walk: { front: 48, back: -20, lift: 0, sit: false, walk: true, tilt: 0 },
  look: { front: 100, back: 16, lift: 0, sit: false, walk: false, tilt: -10 },
  fly: { front: 100, back: 100, lift: 70, sit: false, walk: false, tilt: -5 },
  sad: { front: 6, back: 6, lift: 0, sit: false, walk: false, tilt: 8 },
};

const INK = '#2a2230';
const f = (n: number) => (Math.round(n * 10) / 10).toString();

function stroke(p: CharacterPalette, width = 4): string {
  return `stroke="${p.outline}" stroke-width="${width}" stroke-linejoin="round"`;
}

function ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, extra = ''): string {
  return `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(rx)}" ry="${f(ry)}" fill="${fill}" ${extra}/>`;
}

/** A rounded limb from (x, y) at `angle` (0 = down), outlined; returns the hand point. */
function limb(
  x: number,
  y: number,
  side: 1 | -1,
  angle: number,
  length: number,
  width: number,
  fill: string,
  outline: string,
  hand?: string,
): { svg: string; end: [number, number] } {
  const a = (angle * Math.PI) / 180;
  const ex = x + side * Math.sin(a) * length;
  const ey = y + Math.cos(a) * length;
  const d = `M${f(x)} ${f(y)} L${f(ex)} ${f(ey)}`;
  let svg =
    `<path d="${d}" stroke="${outline}" stroke-width="${width + 8}" stroke-linecap="round" fill="none"/>` +
    `<path d="${d}" stroke="${fill}" stroke-width="${width}" stroke-linecap="round" fill="none"/>`;
  if (hand) svg += `<circle cx="${f(ex)}" cy="${f(ey)}" r="${f(width * 0.55)}" fill="${hand}"/>`;
  return { svg, end: [ex, ey] };
}

/** Eyes, brows, cheeks and mouth around a face centre; `look` shifts the pupils. */
function face(cx: number, cy: number, spread: number, mood: Mood, lookUp: boolean, eyeSize = 1): string {
  const ex = spread;
  const er = 7.5 * eyeSize;
  const dy = lookUp ? -3 : 0;
  let s = '';
  if (mood === 'sleepy') {
    for (const sx of [-1, 1]) {
      const x = cx + sx * ex + 3;
      s += `<path d="M${f(x - er)} ${f(cy)} Q${f(x)} ${f(cy + er)} ${f(x + er)} ${f(cy)}" stroke="${INK}" stroke-width="3.5" fill="none" stroke-linecap="round"/>`;
    }
  } else {
    const ry = mood === 'surprised' ? er * 1.35 : er * 1.2;
    const rx = mood === 'surprised' ? er * 1.15 : er;
    for (const sx of [-1, 1]) {
      const x = cx + sx * ex + 3;
      s += ellipse(x, cy + dy, rx, ry, INK);
      s += `<circle cx="${f(x + rx * 0.35)}" cy="${f(cy + dy - ry * 0.4)}" r="${f(er * 0.38)}" fill="#fff"/>`;
      s += `<circle cx="${f(x - rx * 0.3)}" cy="${f(cy + dy + ry * 0.35)}" r="${f(er * 0.16)}" fill="#fff"/>`;
      if (mood === 'sad') {
        s += `<path d="M${f(x - er * 1.4)} ${f(cy - er * 2.2 + (sx > 0 ? 4 : 0))} L${f(x + er * 1.3)} ${f(cy - er * 2.2 + (sx > 0 ? 0 : 4))}" stroke="${INK}" stroke-width="3" stroke-linecap="round"/>`;
      }
    }
  }
  // Rosy cheeks: the single touch that makes shapes read as a friendly face.
  for (const sx of [-1, 1])
    s += ellipse(cx + sx * (ex + 14) + 3, cy + 15, 8, 5.5, '#ff7f8f', 'opacity="0.45"');
  const my = cy + 20;
  const mx = cx + 3;
  switch (mood) {
    case 'grin':
      s += `<path d="M${f(mx - 11)} ${f(my - 2)} Q${f(mx)} ${f(my + 18)} ${f(mx + 11)} ${f(my - 2)} Z" fill="#8a2d3b" stroke="${INK}" stroke-width="2.5" stroke-linejoin="round"/>`;
      s += ellipse(mx, my + 7, 5.5, 3.2, '#ff8a9a');
      break;
    case 'surprised':
      s += ellipse(mx, my + 3, 5.5, 7, '#8a2d3b', `stroke="${INK}" stroke-width="2.5"`);
      break;
    case 'sad':
      s += `<path d="M${f(mx - 8)} ${f(my + 6)} Q${f(mx)} ${f(my - 3)} ${f(mx + 8)} ${f(my + 6)}" stroke="${INK}" stroke-width="3" fill="none" stroke-linecap="round"/>`;
      break;
    default:
      s += `<path d="M${f(mx - 9)} ${f(my)} Q${f(mx)} ${f(my + 10)} ${f(mx + 9)} ${f(my)}" stroke="${INK}" stroke-width="3" fill="none" stroke-linecap="round"/>`;
  }
  return s;
}

/** The small snout of furry kinds, drawn over the lower face. */
function muzzle(look: CharacterLook, cx: number, cy: number): string {
  const p = look.palette;
  switch (look.kind) {
    case 'pig':
      return (
        ellipse(cx + 3, cy + 8, 15, 10.5, p.detail, stroke(p, 2.5)) +
        ellipse(cx - 2, cy + 8, 2.6, 3.6, darken(p.detail, 0.45)) +
        ellipse(cx + 8, cy + 8, 2.6, 3.6, darken(p.detail, 0.45))
      );
    case 'cat':
    case 'dog':
    case 'fox':
    case 'bear':
    case 'panda':
    case 'mouse':
    case 'tiger':
    case 'deer':
    case 'lion': {
      const light = look.kind === 'panda' || look.kind === 'tiger' ? '#ffffff' : lighten(p.belly, 0.3);
      let s = ellipse(cx + 3, cy + 11, 16, 11, light, 'opacity="0.9"');
      s += `<path d="M${f(cx - 3)} ${f(cy + 4)} Q${f(cx + 3)} ${f(cy)} ${f(cx + 9)} ${f(cy + 4)} Q${f(cx + 3)} ${f(cy + 11)} ${f(cx - 3)} ${f(cy + 4)} Z" fill="${INK}"/>`;
      if (look.kind === 'cat' || look.kind === 'mouse' || look.kind === 'tiger') {
        for (const sx of [-1, 1]) {
          const x0 = cx + 3 + sx * 18;
          s += `<path d="M${f(x0)} ${f(cy + 8)} l${f(sx * 20)} -5 M${f(x0)} ${f(cy + 13)} l${f(sx * 21)} 3" stroke="${INK}" stroke-width="1.6" opacity="0.6"/>`;
        }
      }
      return s;
    }
    default:
      return '';
  }
}

/** Ears and other head-top features drawn before the head (behind it). */
function earsBehind(look: CharacterLook, hx: number, hy: number, r: number, droop: boolean): string {
  const p = look.palette;
  const st = stroke(p);
  const inner = p.skin;
  switch (look.kind) {
    case 'rabbit': {
      let s = '';
      for (const sx of [-1, 1]) {
        const rot = sx * (droop ? 38 : 12);
        const cx = hx + sx * r * 0.38;
        const cy = hy - r * 1.25;
        s += `<g transform="rotate(${rot} ${f(cx)} ${f(hy - r * 0.6)})">${ellipse(cx, cy, r * 0.27, r * 0.78, p.body, st)}${ellipse(cx, cy + 4, r * 0.13, r * 0.58, inner)}</g>`;
      }
      return s;
    }
    case 'cat':
    case 'fox':
    case 'lion':
    case 'dragon':
    case 'creature': {
      if (look.kind === 'lion') {
        let mane = '';
        for (let i = 0; i < 14; i++) {
          const a = (i / 14) * Math.PI * 2;
          mane += `<circle cx="${f(hx + Math.cos(a) * r * 1.02)}" cy="${f(hy + Math.sin(a) * r * 1.0)}" r="${f(r * 0.36)}" fill="${p.hair}" ${stroke(p, 3)}/>`;
        }
        return mane + ellipse(hx, hy, r * 1.1, r * 1.05, p.hair);
      }
      if (look.kind === 'dragon' || look.kind === 'creature') {
        let s = '';
        for (const sx of [-1, 1]) {
          const bx = hx + sx * r * 0.5;
          const by = hy - r * 0.78;
          s += `<path d="M${f(bx - 9)} ${f(by + 6)} Q${f(bx + sx * 6)} ${f(by - 30)} ${f(bx + sx * 16)} ${f(by - 34)} Q${f(bx + sx * 8)} ${f(by - 12)} ${f(bx + 10)} ${f(by + 4)} Z" fill="${look.kind === 'dragon' ? p.detail : p.accent}" ${st}/>`;
        }
        return s;
      }
      let s = '';
      const tall = look.kind === 'fox' ? 1.25 : 1;
      for (const sx of [-1, 1]) {
        const bx = hx + sx * r * 0.62;
        const by = hy - r * 0.55;
        const tipX = hx + sx * r * 0.8;
        const tipY = hy - r * (1.25 * tall);
        s += `<path d="M${f(bx - sx * r * 0.42)} ${f(by - r * 0.2)} L${f(tipX)} ${f(tipY)} L${f(bx + sx * r * 0.22)} ${f(by + r * 0.15)} Z" fill="${p.body}" ${st}/>`;
        s += `<path d="M${f(bx - sx * r * 0.25)} ${f(by - r * 0.2)} L${f(tipX - sx * 2)} ${f(tipY + r * 0.22)} L${f(bx + sx * r * 0.08)} ${f(by)} Z" fill="${look.kind === 'fox' ? INK : inner}" opacity="0.85"/>`;
      }
      return s;
    }
    case 'bear':
    case 'panda':
    case 'tiger':
    case 'mouse': {
      const er = look.kind === 'mouse' ? r * 0.48 : r * 0.3;
      const ear = look.kind === 'panda' ? p.hair : p.body;
      let s = '';
      for (const sx of [-1, 1]) {
        const cx = hx + sx * r * (look.kind === 'mouse' ? 0.78 : 0.72);
        const cy = hy - r * (look.kind === 'mouse' ? 0.75 : 0.72);
        s += `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(er)}" fill="${ear}" ${st}/>`;
        s += `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(er * 0.55)}" fill="${look.kind === 'panda' ? lighten(p.hair, 0.2) : inner}"/>`;
      }
      return s;
    }
    case 'monkey': {
      let s = '';
      for (const sx of [-1, 1]) {
        s += `<circle cx="${f(hx + sx * r * 0.98)}" cy="${f(hy + 2)}" r="${f(r * 0.3)}" fill="${p.body}" ${st}/>`;
        s += `<circle cx="${f(hx + sx * r * 0.98)}" cy="${f(hy + 2)}" r="${f(r * 0.17)}" fill="${p.hair}"/>`;
      }
      return s;
    }
    case 'deer': {
      let s = '';
      for (const sx of [-1, 1]) {
        const ax = hx + sx * r * 0.32;
        const ay = hy - r * 0.82;
        if ((look.hoofed ?? 'deer') === 'deer')
          s += `<path d="M${f(ax)} ${f(ay + 10)} L${f(ax + sx * 4)} ${f(ay - 30)} M${f(ax + sx * 2)} ${f(ay - 12)} L${f(ax + sx * 16)} ${f(ay - 24)}" stroke="${p.detail}" stroke-width="7" stroke-linecap="round"/>`;
        s += `<g transform="rotate(${sx * 62} ${f(hx + sx * r * 0.8)} ${f(hy - r * 0.5)})">${ellipse(hx + sx * r * 0.8, hy - r * 0.5, r * 0.18, r * 0.4, p.body, st)}${ellipse(hx + sx * r * 0.8, hy - r * 0.5, r * 0.08, r * 0.26, p.skin)}</g>`;
      }
      return s;
    }
    case 'elephant': {
      let s = '';
      for (const sx of [-1, 1]) {
        s += ellipse(hx + sx * r * 1.0, hy + 4, r * 0.58, r * 0.72, p.body, st);
        s += ellipse(hx + sx * r * 1.0, hy + 6, r * 0.38, r * 0.52, p.skin, 'opacity="0.8"');
      }
      return s;
    }
    case 'pig': {
      let s = '';
      for (const sx of [-1, 1]) {
        const bx = hx + sx * r * 0.6;
        const by = hy - r * 0.7;
        s += `<path d="M${f(bx - 12)} ${f(by + 8)} L${f(bx + sx * 10)} ${f(by - 18)} L${f(bx + 14)} ${f(by + 6)} Z" fill="${p.body}" ${st}/>`;
      }
      return s;
    }
    default:
      return '';
  }
}

/** Dog ears flop over the sides of the head, so they are drawn after it. */
function earsFront(look: CharacterLook, hx: number, hy: number, r: number): string {
  if (look.kind !== 'dog') return '';
  const p = look.palette;
  const ear = darken(p.body, 0.25);
  let s = '';
  for (const sx of [-1, 1]) {
    const cx = hx + sx * r * 0.88;
    const cy = hy - r * 0.15;
    s += `<g transform="rotate(${sx * 18} ${f(cx)} ${f(cy - r * 0.4)})">${ellipse(cx, cy, r * 0.26, r * 0.55, ear, stroke(p))}</g>`;
  }
  return s;
}

function tail(look: CharacterLook, bodyY: number): string {
  const p = look.palette;
  const st = stroke(p);
  const x = -42;
  const y = bodyY + 22;
  switch (look.kind) {
    case 'rabbit':
      return `<circle cx="${x - 6}" cy="${y}" r="15" fill="${lighten(p.body, 0.5)}" ${st}/>`;
    case 'cat':
    case 'tiger':
    case 'monkey':
    case 'lion':
      return (
        `<path d="M${x} ${y} C${x - 40} ${y - 5} ${x - 30} ${y - 60} ${x - 52} ${y - 70}" stroke="${p.outline}" stroke-width="16" fill="none" stroke-linecap="round"/>` +
        `<path d="M${x} ${y} C${x - 40} ${y - 5} ${x - 30} ${y - 60} ${x - 52} ${y - 70}" stroke="${p.body}" stroke-width="10" fill="none" stroke-linecap="round"/>` +
        (look.kind === 'lion' ? `<circle cx="${x - 53}" cy="${y - 72}" r="11" fill="${p.hair}" ${st}/>` : '')
      );
    case 'fox':
      return (
        `<path d="M${x + 4} ${y + 10} C${x - 50} ${y + 10} ${x - 80} ${y - 40} ${x - 60} ${y - 80} C${x - 40} ${y - 50} ${x - 10} ${y - 30} ${x + 4} ${y - 10} Z" fill="${p.body}" ${st}/>` +
        `<path d="M${x - 60} ${y - 80} C${x - 72} ${y - 58} ${x - 66} ${y - 48} ${x - 56} ${y - 44} C${x - 50} ${y - 54} ${x - 50} ${y - 66} ${x - 60} ${y - 80} Z" fill="#fbf3e6"/>`
      );
    case 'deer':
    case 'dog':
      return `<path d="M${x} ${y} Q${x - 28} ${y - 10} ${x - 32} ${y - 38}" stroke="${p.outline}" stroke-width="15" fill="none" stroke-linecap="round"/><path d="M${x} ${y} Q${x - 28} ${y - 10} ${x - 32} ${y - 38}" stroke="${p.body}" stroke-width="9" fill="none" stroke-linecap="round"/>`;
    case 'mouse':
      return `<path d="M${x} ${y + 10} C${x - 50} ${y + 20} ${x - 40} ${y - 40} ${x - 80} ${y - 30}" stroke="${p.skin}" stroke-width="5" fill="none" stroke-linecap="round"/>`;
    case 'pig':
      return `<path d="M${x} ${y} c-10 -4 -16 6 -8 10 c8 4 12 -10 2 -14" stroke="${p.detail}" stroke-width="5" fill="none" stroke-linecap="round"/>`;
    case 'dragon':
      return `<path d="M${x + 6} ${y + 14} Q${x - 50} ${y + 20} ${x - 78} ${y - 20} L${x - 58} ${y - 12} L${x - 62} ${y - 34} L${x - 44} ${y - 10} Q${x - 24} ${y} ${x + 6} ${y - 8} Z" fill="${p.body}" ${st}/>`;
    case 'bear':
    case 'panda':
      return `<circle cx="${x + 2}" cy="${y + 6}" r="10" fill="${look.kind === 'panda' ? p.hair : p.body}" ${st}/>`;
    default:
      return '';
  }
}

/** Scarf, hat, bow, backpack straps, cape or glasses: the character's stable signature item. */
function accessoryBehind(look: CharacterLook, bodyY: number): string {
  const p = look.palette;
  if (look.accessory === 'cape') {
    return `<path d="M-34 ${bodyY - 40} Q-70 ${bodyY + 20} -58 ${bodyY + 48} L58 ${bodyY + 48} Q70 ${bodyY + 20} 34 ${bodyY - 40} Z" fill="${p.accent}" ${stroke(p, 3)}/>`;
  }
  if (look.accessory === 'backpack') {
    return `<rect x="-70" y="${bodyY - 34}" width="40" height="62" rx="14" fill="${p.accent}" ${stroke(p, 3)}/>`;
  }
  return '';
}

function accessoryNeck(look: CharacterLook, neckY: number, halfWidth: number): string {
  const p = look.palette;
  const a = p.accent;
  const edge = darken(a, 0.3);
  switch (look.accessory) {
    case 'scarf':
      return (
        `<path d="M${-halfWidth} ${neckY - 6} Q0 ${neckY + 10} ${halfWidth} ${neckY - 6} L${halfWidth - 2} ${neckY + 10} Q0 ${neckY + 26} ${-halfWidth + 2} ${neckY + 10} Z" fill="${a}" stroke="${edge}" stroke-width="3" stroke-linejoin="round"/>` +
        `<path d="M${-halfWidth * 0.45} ${neckY + 12} l-8 34 l18 2 l4 -32 Z" fill="${a}" stroke="${edge}" stroke-width="3" stroke-linejoin="round"/>` +
        `<path d="M${-halfWidth * 0.45 - 6} ${neckY + 40} l16 1.6" stroke="${lighten(a, 0.5)}" stroke-width="3"/>`
      );
    case 'backpack':
      return `<path d="M${-halfWidth * 0.55} ${neckY + 4} L${-halfWidth * 0.4} ${neckY + 60} M${halfWidth * 0.55} ${neckY + 4} L${halfWidth * 0.4} ${neckY + 60}" stroke="${darken(a, 0.15)}" stroke-width="7" stroke-linecap="round"/>`;
    case 'cape':
      return `<circle cx="0" cy="${neckY + 6}" r="7" fill="${darken(a, 0.2)}" stroke="${edge}" stroke-width="2"/>`;
    default:
      return '';
  }
}

function accessoryHead(
  look: CharacterLook,
  hx: number,
  hy: number,
  r: number,
  eyeY: number,
  spread: number,
): string {
  const p = look.palette;
  const a = p.accent;
  const edge = darken(a, 0.3);
  switch (look.accessory) {
    case 'hat':
      return (
        ellipse(hx, hy - r * 0.72, r * 0.82, r * 0.2, a, `stroke="${edge}" stroke-width="3"`) +
        `<path d="M${f(hx - r * 0.52)} ${f(hy - r * 0.74)} Q${f(hx - r * 0.5)} ${f(hy - r * 1.42)} ${f(hx)} ${f(hy - r * 1.42)} Q${f(hx + r * 0.5)} ${f(hy - r * 1.42)} ${f(hx + r * 0.52)} ${f(hy - r * 0.74)} Z" fill="${a}" stroke="${edge}" stroke-width="3" stroke-linejoin="round"/>` +
        `<rect x="${f(hx - r * 0.52)}" y="${f(hy - r * 0.95)}" width="${f(r * 1.04)}" height="${f(r * 0.16)}" fill="${lighten(a, 0.55)}"/>`
      );
    case 'bow': {
      const bx = hx + r * 0.55;
      const by = hy - r * 0.78;
      return (
        `<path d="M${f(bx)} ${f(by)} l-22 -13 l0 26 Z M${f(bx)} ${f(by)} l22 -13 l0 26 Z" fill="${a}" stroke="${edge}" stroke-width="3" stroke-linejoin="round"/>` +
        `<circle cx="${f(bx)}" cy="${f(by)}" r="6.5" fill="${lighten(a, 0.2)}" stroke="${edge}" stroke-width="2.5"/>`
      );
    }
    case 'glasses': {
      let s = '';
      for (const sx of [-1, 1])
        s += `<circle cx="${f(hx + sx * spread + 3)}" cy="${f(eyeY)}" r="14" fill="none" stroke="${INK}" stroke-width="3"/>`;
      return `${s}<path d="M${f(hx - spread + 17)} ${f(eyeY)} L${f(hx + spread - 11)} ${f(eyeY)}" stroke="${INK}" stroke-width="3"/>`;
    }
    default:
      return '';
  }
}

/** A little open vest (or raincoat) over a round body: two side panels and buttons. */
function vest(look: CharacterLook, cx: number, cy: number, rx: number, ry: number, open = 0.22): string {
  if (look.accessory !== 'vest') return '';
  const a = look.palette.accent;
  const edge = darken(a, 0.3);
  let s = '';
  for (const sx of [-1, 1]) {
    s += `<path d="M${f(cx + sx * rx * 0.96)} ${f(cy - ry * 0.25)} Q${f(cx + sx * rx * 1.02)} ${f(cy + ry * 0.7)} ${f(cx + sx * rx * (open + 0.08))} ${f(cy + ry * 0.97)} L${f(cx + sx * rx * open)} ${f(cy - ry * 0.86)} Q${f(cx + sx * rx * 0.7)} ${f(cy - ry * 0.82)} ${f(cx + sx * rx * 0.96)} ${f(cy - ry * 0.25)} Z" fill="${a}" stroke="${edge}" stroke-width="3" stroke-linejoin="round"/>`;
  }
  for (const k of [0, 1])
    s += `<circle cx="${f(cx + rx * (open + 0.08))}" cy="${f(cy - ry * 0.3 + k * ry * 0.45)}" r="4" fill="${lighten(a, 0.5)}"/>`;
  return s;
}

/** Chibi animals and children: round body, big head, short limbs. */
function drawChibi(look: CharacterLook, pose: PoseShape, mood: Mood): Drawn {
  const p = look.palette;
  const st = stroke(p);
  const kid = look.kind === 'girl' || look.kind === 'boy';
  const robot = look.kind === 'robot';
  const bodyY = pose.sit ? -50 : -62;
  const headR = 58;
  const hx = 0;
  const hy = bodyY - 80;
  let back = '';
  let front = '';

  back += accessoryBehind(look, bodyY);
  back += tail(look, bodyY);
  if (look.kind === 'dragon') {
    for (const sx of [-1, 1])
      back += `<path d="M${sx * 30} ${bodyY - 30} Q${sx * 80} ${bodyY - 90} ${sx * 96} ${bodyY - 50} Q${sx * 78} ${bodyY - 46} ${sx * 80} ${bodyY - 20} Q${sx * 60} ${bodyY - 26} ${sx * 30} ${bodyY - 4} Z" fill="${lighten(p.body, 0.25)}" ${st}/>`;
  }
  if (look.kind === 'turtle') back += ellipse(0, bodyY - 4, 62, 56, p.detail, st);

  // Legs
  const legColour = kid ? p.skin : robot ? darken(p.body, 0.2) : p.body;
  if (pose.sit) {
    for (const sx of [-1, 1]) {
      back += ellipse(sx * 26, -12, 20, 13, legColour, st);
      if (kid) back += ellipse(sx * 30, -10, 13, 9, darken(p.accent, 0.2));
    }
  } else {
    const spread = pose.walk ? 14 : 0;
    for (const sx of [-1, 1] as const) {
      const lx = sx * 20 + (sx > 0 ? spread : -spread);
      const ly = pose.lift > 0 ? -14 : -12;
      back += `<path d="M${lx} ${bodyY + 20} L${lx} ${ly}" stroke="${p.outline}" stroke-width="28" stroke-linecap="round"/>`;
      back += `<path d="M${lx} ${bodyY + 20} L${lx} ${ly}" stroke="${legColour}" stroke-width="20" stroke-linecap="round"/>`;
      if (look.accessory === 'boots')
        back += `<path d="M${lx - 13} -30 L${lx + 12} -30 L${lx + 13} -10 Q${lx + 24} -8 ${lx + 22} 0 L${lx - 14} 0 Z" fill="${p.accent}" ${stroke(p, 3)}/>`;
      else if (kid)
        back += ellipse(lx + 3, -6, 16, 9, darken(p.accent, 0.25), `stroke="${INK}" stroke-width="2.5"`);
    }
  }

  // Body
  if (robot) {
    back += `<rect x="-50" y="${bodyY - 46}" width="100" height="92" rx="20" fill="${p.body}" ${st}/>`;
    back += `<rect x="-30" y="${bodyY - 28}" width="60" height="46" rx="10" fill="${p.belly}" ${stroke(p, 3)}/>`;
    back += `<circle cx="-12" cy="${bodyY - 6}" r="6" fill="${p.accent}"/><circle cx="10" cy="${bodyY - 6}" r="6" fill="${p.detail}"/>`;
  } else if (kid) {
    const dress = look.kind === 'girl';
    back += dress
      ? `<path d="M-34 ${bodyY - 44} Q0 ${bodyY - 56} 34 ${bodyY - 44} L58 ${bodyY + 40} Q0 ${bodyY + 56} -58 ${bodyY + 40} Z" fill="${p.body}" ${st}/>`
      : `<path d="M-40 ${bodyY - 42} Q0 ${bodyY - 54} 40 ${bodyY - 42} L44 ${bodyY + 22} L-44 ${bodyY + 22} Z" fill="${p.body}" ${st}/>` +
        `<path d="M-42 ${bodyY + 16} L42 ${bodyY + 16} L40 ${bodyY + 44} L-40 ${bodyY + 44} Z" fill="${darken(p.accent, 0.35)}" ${stroke(p, 3)}/>`;
    back += `<path d="M-14 ${bodyY - 46} Q0 ${bodyY - 30} 14 ${bodyY - 46}" fill="${lighten(p.body, 0.6)}" ${stroke(p, 2)}/>`;
    if (dress)
      back += `<path d="M-52 ${bodyY + 28} Q0 ${bodyY + 42} 52 ${bodyY + 28}" stroke="${lighten(p.body, 0.6)}" stroke-width="5" fill="none"/>`;
  } else {
    back += ellipse(0, bodyY, 48, 52, p.body, st);
    if (look.kind === 'turtle') {
      back += ellipse(0, bodyY + 4, 30, 36, p.belly);
    } else {
      back += ellipse(0, bodyY + 6, 31, 36, p.belly);
    }
    if (look.kind === 'dragon') {
      for (let i = 0; i < 3; i++)
        back += `<path d="M-22 ${bodyY - 10 + i * 16} Q0 ${bodyY - 4 + i * 16} 22 ${bodyY - 10 + i * 16}" stroke="${darken(p.belly, 0.15)}" stroke-width="3" fill="none"/>`;
    }
    if (look.kind === 'tiger') {
      for (const sx of [-1, 1])
        for (const dy of [-20, 0, 20])
          back += `<path d="M${sx * 47} ${bodyY + dy - 6} l${-sx * 16} 6 l${sx * 16} 6 Z" fill="${p.hair}"/>`;
    }
    if (look.kind === 'deer' && (look.hoofed ?? 'deer') === 'deer') {
      for (const [dx, dy] of [
        [-30, -24],
        [-36, 4],
        [32, -16],
        [36, 12],
      ])
        back += `<circle cx="${dx}" cy="${bodyY + dy!}" r="5" fill="${lighten(p.body, 0.6)}"/>`;
    }
    if (look.kind === 'panda') {
      back += `<path d="M-46 ${bodyY - 18} Q0 ${bodyY - 4} 46 ${bodyY - 18} L42 ${bodyY - 36} Q0 ${bodyY - 24} -42 ${bodyY - 36} Z" fill="${p.hair}"/>`;
    }
    // Soft light from the upper left.
    back += ellipse(-16, bodyY - 22, 16, 10, '#ffffff', 'opacity="0.22"');
  }
  if (!robot) back += vest(look, 0, bodyY, 48, 52);
  // Scarf and straps sit at the chin, over the bottom of the head, like a picture-book chibi.
  const neck = accessoryNeck(look, hy + headR - 12, 40);

  // Arms (drawn over the body)
  const shoulderY = bodyY - 30;
  const armColour = look.kind === 'panda' ? p.hair : robot ? darken(p.body, 0.15) : p.body;
  const handColour = kid ? p.skin : undefined;
  const armF = limb(40, shoulderY, 1, pose.front, 42, 17, armColour, p.outline, handColour);
  const armB = limb(-40, shoulderY, -1, pose.back, 42, 17, armColour, p.outline, handColour);

  // Head, tilted as a group about the neck.
  let head = earsBehind(look, hx, hy, headR, pose.tilt > 4);
  if (robot) {
    head += `<path d="M0 ${hy - headR} L0 ${hy - headR - 26}" stroke="${p.outline}" stroke-width="5"/><circle cx="0" cy="${hy - headR - 30}" r="9" fill="${p.detail}" ${stroke(p, 3)}/>`;
    head += `<rect x="${-headR}" y="${hy - headR}" width="${headR * 2}" height="${headR * 1.8}" rx="26" fill="${p.body}" ${st}/>`;
    head += `<rect x="${-headR + 12}" y="${hy - headR + 14}" width="${headR * 2 - 24}" height="${headR * 1.3}" rx="18" fill="#2d3a4f"/>`;
    for (const sx of [-1, 1])
      head += `<rect x="${sx * headR - (sx > 0 ? 0 : 10)}" y="${hy - 14}" width="10" height="28" rx="4" fill="${p.accent}"/>`;
  } else {
    const headFill = kid ? p.skin : p.body;
    if (kid) {
      // Hair behind the head: long for girls, short for boys.
      head +=
        look.kind === 'girl' && !look.elder
          ? `<path d="M${-headR - 8} ${hy} Q${-headR - 14} ${hy + 70} ${-headR + 6} ${hy + 78} L${headR - 6} ${hy + 78} Q${headR + 14} ${hy + 70} ${headR + 8} ${hy} Z" fill="${p.hair}" ${stroke(p, 3)}/>`
          : '';
    }
    head += `<circle cx="${hx}" cy="${hy}" r="${headR}" fill="${headFill}" ${st}/>`;
    if (look.kind === 'panda') {
      for (const sx of [-1, 1])
        head += `<ellipse cx="${sx * 22 + 3}" cy="${hy + 2}" rx="15" ry="19" fill="${p.hair}" transform="rotate(${sx * -25} ${sx * 22 + 3} ${hy + 2})"/>`;
    }
    if (kid) {
      // A hair cap over the top of the head with a scalloped fringe above the eyes.
      const r = headR;
      const fringe = look.kind === 'girl' ? 22 : 30;
      head +=
        `<path d="M${-r - 3} ${hy + 14} C${-r - 6} ${hy - r * 1.45} ${r + 6} ${hy - r * 1.45} ${r + 3} ${hy + 14} ` +
        `Q${r - 4} ${hy - fringe + 6} ${r * 0.5} ${hy - fringe} Q${r * 0.25} ${hy - fringe + 12} 0 ${hy - fringe} ` +
        `Q${-r * 0.25} ${hy - fringe + 12} ${-r * 0.5} ${hy - fringe} Q${-r + 4} ${hy - fringe + 6} ${-r - 3} ${hy + 14} Z" fill="${p.hair}" ${stroke(p, 3)}/>`;
      head += ellipse(hx - 18, hy - r * 0.72, 14, 6, '#ffffff', 'opacity="0.22"');
      if (look.kind === 'girl' && look.elder) {
        // A grandmother's bun sits on top of the head: two side buns read as a bear's ears.
        head += `<ellipse cx="${hx}" cy="${hy - headR - 8}" rx="22" ry="16" fill="${p.hair}" ${stroke(p, 3)}/>`;
      } else if (look.kind === 'girl') {
        for (const sx of [-1, 1])
          head += `<circle cx="${sx * (headR + 6)}" cy="${hy - 20}" r="16" fill="${p.hair}" ${stroke(p, 3)}/>`;
      }
    } else if (look.kind === 'monkey') {
      head += `<path d="M${hx + 3} ${hy - 22} C${hx - 30} ${hy - 44} ${hx - 52} ${hy + 2} ${hx - 30} ${hy + 22} C${hx - 14} ${hy + 44} ${hx + 20} ${hy + 44} ${hx + 36} ${hy + 22} C${hx + 58} ${hy + 2} ${hx + 36} ${hy - 44} ${hx + 3} ${hy - 22} Z" fill="${p.hair}"/>`;
    } else if (look.kind === 'tiger') {
      for (const sx of [-1, 0, 1])
        head += `<path d="M${hx + sx * 18 - 6} ${hy - headR + 2} L${hx + sx * 18} ${hy - headR + 22} L${hx + sx * 18 + 6} ${hy - headR + 2} Z" fill="${p.hair}"/>`;
      for (const sx of [-1, 1])
        head += `<path d="M${hx + sx * headR} ${hy - 6} l${-sx * 16} 4 l${sx * 16} 6 Z" fill="${p.hair}"/>`;
      head += ellipse(hx + 3, hy + 16, 34, 26, mix(p.body, p.belly, 0.7));
    } else if (
      look.kind === 'fox' ||
      look.kind === 'cat' ||
      look.kind === 'bear' ||
      look.kind === 'dog' ||
      look.kind === 'deer'
    ) {
      head += ellipse(hx + 3, hy + 16, 34, 26, mix(p.body, p.belly, 0.7));
    }
    if (!kid) head += ellipse(hx - 20, hy - 26, 16, 9, '#ffffff', 'opacity="0.25"');
  }
  const eyeY = hy - 4;
  const spread = 21;
  if (look.kind === 'frog') {
    for (const sx of [-1, 1])
      head += `<circle cx="${sx * 26}" cy="${hy - headR + 6}" r="22" fill="${p.body}" ${st}/>`;
    head += face(hx, hy - headR + 8, 26, mood, pose.tilt < 0, 1.05).replace(
      /<ellipse[^>]*opacity="0.45"\/>/g,
      '',
    );
    head += `<path d="M${hx - 24} ${hy + 12} Q${hx + 3} ${hy + 30} ${hx + 30} ${hy + 12}" stroke="${INK}" stroke-width="3.5" fill="none" stroke-linecap="round"/>`;
  } else if (robot) {
    head += face(hx, eyeY, spread, mood, pose.tilt < 0, 1.1).replace(/#2a2230/g, '#8ff0ff');
  } else {
    head += face(hx, eyeY, spread, mood, pose.tilt < 0, 1);
    head += muzzle(look, hx, hy + 6);
  }
  if (look.kind === 'elephant') {
    head += `<path d="M${hx - 8} ${hy + 8} Q${hx - 4} ${hy + 60} ${hx + 26} ${hy + 54}" stroke="${p.outline}" stroke-width="24" fill="none" stroke-linecap="round"/><path d="M${hx - 8} ${hy + 8} Q${hx - 4} ${hy + 60} ${hx + 26} ${hy + 54}" stroke="${p.body}" stroke-width="17" fill="none" stroke-linecap="round"/>`;
  }
  head += earsFront(look, hx, hy, headR);
  head += accessoryHead(look.elder ? { ...look, accessory: 'glasses' } : look, hx, hy, headR, eyeY, spread);
  front += `<g transform="rotate(${pose.tilt} 0 ${bodyY - 50})">${head}</g>${neck}`;

  const svg = back + armB.svg + armF.svg + front;
  return { svg, front: armF.end, back: armB.end, top: hy - headR };
}

/** Penguins: one egg-shaped body with a white face, flippers and orange feet. */
function drawPenguin(look: CharacterLook, pose: PoseShape, mood: Mood): Drawn {
  const p = look.palette;
  const st = stroke(p);
  const cy = pose.sit ? -88 : -98;
  let s = accessoryBehind(look, cy + 30);
  for (const sx of [-1, 1]) {
    const fx = sx * 22 + (pose.walk ? sx * 8 : 0);
    s += ellipse(fx + 6, -5, 20, 9, look.accessory === 'boots' ? p.accent : p.detail, stroke(p, 3));
  }
  s += ellipse(0, cy, 64, 96, p.body, st);
  s += ellipse(4, cy + 22, 45, 66, p.belly);
  // A penguin's white front stays visible between the vest panels.
  s += vest(look, 0, cy + 38, 60, 52, 0.5);
  for (const sx of [-1, 1]) s += `<circle cx="${sx * 20 + 4}" cy="${cy - 44}" r="27" fill="${p.belly}"/>`;
  s += ellipse(-34, cy - 58, 8, 14, '#ffffff', 'opacity="0.16"');
  s += accessoryNeck(look, cy - 10, 56);
  // Flippers taper from the shoulder to a rounded tip.
  const flip = (sx: 1 | -1, angle: number) => {
    const a = ((Math.min(angle, 130) - 10) * Math.PI) / 180;
    const x = sx * 54;
    const y = cy - 24;
    const len = 54;
    const ex = x + sx * Math.sin(a) * len;
    const ey = y + Math.cos(a) * len;
    const rot = (Math.atan2(ey - y, ex - x) * 180) / Math.PI;
    return {
      svg: `<path d="M0 -14 Q${len * 0.7} -15 ${len} 0 Q${len * 0.7} 11 0 14 Z" fill="${p.body}" ${st} transform="translate(${f(x)} ${f(y)}) rotate(${f(rot)})"/>`,
      end: [ex, ey] as [number, number],
    };
  };
  const fb = flip(-1, pose.back);
  const ff = flip(1, pose.front);
  let head = face(2, cy - 46, 19, mood, pose.tilt < 0, 1);
  head += `<path d="M-8 ${cy - 34} Q6 ${cy - 46} 22 ${cy - 32} Q8 ${cy - 22} -8 ${cy - 34} Z" fill="${p.detail}" stroke="${darken(p.detail, 0.35)}" stroke-width="2.5" stroke-linejoin="round"/>`;
  head += accessoryHead(look, 0, cy - 40, 56, cy - 46, 19);
  s += `<g transform="rotate(${pose.tilt} 0 ${cy})">${head}</g>`;
  return { svg: fb.svg + s + ff.svg, front: ff.end, back: fb.end, top: cy - 96 };
}

/** Birds: a round chick with wings, a beak and a crest. */
function drawBird(look: CharacterLook, pose: PoseShape, mood: Mood): Drawn {
  const p = look.palette;
  const st = stroke(p);
  const cy = -82;
  let s = accessoryBehind(look, cy + 20);
  s += `<path d="M-58 ${cy + 10} l-30 -12 l6 22 l-12 10 Z" fill="${darken(p.body, 0.2)}" ${st}/>`;
  for (const sx of [-1, 1])
    s += `<path d="M${sx * 14} -30 L${sx * 14} -2 m-8 0 l16 0" stroke="${p.detail}" stroke-width="5" stroke-linecap="round"/>`;
  s += `<path d="M-6 ${cy - 70} q-6 -24 8 -30 q-2 16 8 20 q2 -14 16 -14 q-10 12 -8 24 Z" fill="${p.accent}" ${stroke(p, 3)}/>`;
  s += ellipse(0, cy, 64, 70, p.body, st);
  s += ellipse(6, cy + 22, 40, 40, p.belly);
  s += vest(look, 0, cy + 10, 60, 58);
  s += ellipse(-22, cy - 34, 16, 10, '#ffffff', 'opacity="0.25"');
  s += accessoryNeck(look, cy + 8, 52).replace(/l-8 34 l18 2 l4 -32 Z/, 'l-6 20 l14 2 l3 -18 Z');
  const wing = (sx: 1 | -1, angle: number) => {
    const a = ((angle - 10) * Math.PI) / 180;
    const x = sx * 54;
    const y = cy;
    const ex = x + sx * Math.sin(a) * 46;
    const ey = y + Math.cos(a) * 46;
    const rot = (Math.atan2(ey - y, ex - x) * 180) / Math.PI;
    const mx = (x + ex) / 2;
    const my = (y + ey) / 2;
    return {
      svg: `<ellipse cx="${f(mx)}" cy="${f(my)}" rx="30" ry="15" fill="${darken(p.body, 0.12)}" ${st} transform="rotate(${f(rot)} ${f(mx)} ${f(my)})"/>`,
      end: [ex, ey] as [number, number],
    };
  };
  const wb = wing(-1, pose.back);
  const wf = wing(1, pose.front);
  let head = face(2, cy - 18, 22, mood, pose.tilt < 0, 1);
  head += `<path d="M-6 ${cy - 6} L26 ${cy - 2} L-4 ${cy + 10} Z" fill="${p.detail}" stroke="${darken(p.detail, 0.35)}" stroke-width="2.5" stroke-linejoin="round"/>`;
  head += accessoryHead(look, 0, cy - 10, 58, cy - 18, 22);
  s += `<g transform="rotate(${pose.tilt} 0 ${cy})">${head}</g>`;
  return { svg: wb.svg + s + wf.svg, front: wf.end, back: wb.end, top: cy - 100 };
}

/** Fish: sideways, floating, with fins, a tail and stripes in the accent colour. */
function drawFish(look: CharacterLook, pose: PoseShape, mood: Mood): Drawn {
  const p = look.palette;
  const st = stroke(p);
  const cy = -110 - Math.max(0, pose.lift) * 0.3;
  const tilt = pose.lift > 0 ? -14 : pose.sit ? 6 : -4;
  let s = `<path d="M-70 ${cy} L-118 ${cy - 40} Q-108 ${cy} -118 ${cy + 40} Z" fill="${p.accent}" ${st}/>`;
  s += `<path d="M-20 ${cy - 52} Q10 ${cy - 92} 40 ${cy - 50} Z" fill="${p.accent}" ${st}/>`;
  s += ellipse(0, cy, 84, 58, p.body, st);
  s += `<path d="M-50 ${cy - 44} Q-40 ${cy} -50 ${cy + 44}" stroke="${p.accent}" stroke-width="12" fill="none"/>`;
  s += `<path d="M-18 ${cy - 56} Q-8 ${cy} -18 ${cy + 56}" stroke="${p.accent}" stroke-width="10" fill="none" opacity="0.9"/>`;
  s += ellipse(20, cy + 22, 46, 22, p.belly, 'opacity="0.8"');
  s += `<path d="M4 ${cy + 8} q16 26 -6 34 q-4 -20 6 -34 Z" fill="${p.accent}" ${stroke(p, 3)}/>`;
  s += ellipse(-20, cy - 30, 20, 10, '#ffffff', 'opacity="0.25"');
  const eye = face(40, cy - 12, 12, mood, pose.tilt < 0, 0.95);
  s += eye;
  return {
    svg: `<g transform="rotate(${tilt} 0 ${cy})">${s}</g>`,
    front: [70, cy + 20],
    back: [-40, cy + 40],
    top: cy - 80,
  };
}

export interface CharacterPose {
  pose: Pose;
  mood: Mood;
}

/** The character in its local frame (feet at 0,0 facing right, ~200 units tall). */
export function drawCharacter(look: CharacterLook, { pose, mood }: CharacterPose): Drawn {
  const shape = POSE_SHAPES[pose];
  let drawn: Drawn;
  switch (look.kind) {
    case 'penguin':
      drawn = drawPenguin(look, shape, mood);
      break;
    case 'bird':
      drawn = drawBird(look, shape, mood);
      break;
    case 'fish':
      drawn = drawFish(look, shape, mood);
      break;
    default:
      drawn = drawChibi(look, shape, mood);
  }
  const lift = look.kind === 'fish' ? 0 : shape.lift;
  if (lift === 0) return drawn;
  // Jumping and flying lift the whole figure; motion lines below say it is in the air.
  let lines = '';
  if (lift > 20) {
    for (const [x, k] of [
      [-28, 0.4],
      [0, 0.25],
      [28, 0.4],
    ] as const) {
      lines += `<path d="M${x} ${f(-lift + 14)} L${x} ${f(-lift * k)}" stroke="#ffffff" stroke-width="5" stroke-linecap="round" opacity="0.65"/>`;
    }
  }
  return {
    svg: `${lines}<g transform="translate(0 ${-lift})">${drawn.svg}</g>`,
    front: [drawn.front[0], drawn.front[1] - lift],
    back: [drawn.back[0], drawn.back[1] - lift],
    top: drawn.top - lift,
  };
}

/** True when the palette's body colour is dark, so a scene can add a rim light behind it. */
export const isDark = (p: CharacterPalette) => luminance(p.body) < 0.3;
