// Props the page text mentions (a ball, a kite, a cake…), drawn in picture-book style at a
// character's hand, on the ground beside it, or in the sky, in world coordinates.

import type { Rng } from '../../core/random.js';
import { darken, lighten } from './color.js';
import { cloud, star } from './scene.js';
import type { PropKind } from './words.js';

const f = (n: number) => (Math.round(n * 10) / 10).toString();
const INK = '#2a2230';

/** `scenery`: a big thing standing on the ground on the far side of the frame (a treehouse). */
export type PropPlace = 'hand' | 'ground' | 'sky' | 'air' | 'behind' | 'scenery';

/** Where each prop naturally goes. */
export const PROP_PLACE: Record<PropKind, PropPlace> = {
  ball: 'ground',
  book: 'hand',
  kite: 'sky',
  star: 'hand',
  flower: 'hand',
  umbrella: 'hand',
  boat: 'ground',
  cake: 'ground',
  balloon: 'hand',
  gift: 'ground',
  apple: 'hand',
  fish: 'hand',
  lantern: 'hand',
  letter: 'hand',
  music: 'air',
  heart: 'air',
  snowman: 'ground',
  rainbow: 'behind',
  butterfly: 'air',
  feather: 'air',
  wings: 'air',
  rocket: 'behind',
  pot: 'ground',
  treehouse: 'scenery',
};

export interface PropSpot {
  /** Hand (for held props) or the ground point beside the character. */
  x: number;
  y: number;
  /** Pixels per character unit (the character is ~200 units tall). */
  s: number;
  /** Head top of the holder, for things held above it. */
  headY: number;
  /** Frame size, for sky props. */
  width: number;
  height: number;
  rng: Rng;
}

const outline = (c: string, w: number) =>
  `stroke="${darken(c, 0.35)}" stroke-width="${f(w)}" stroke-linejoin="round"`;

export function drawProp(kind: PropKind, p: PropSpot): string {
  const { x, y, s, rng } = p;
  switch (kind) {
    case 'ball': {
      const r = 30 * s;
      const cy = y - r;
      return (
        `<circle cx="${f(x)}" cy="${f(cy)}" r="${f(r)}" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>` +
        `<path d="M${f(x - r)} ${f(cy)} Q${f(x)} ${f(cy - r * 0.5)} ${f(x + r)} ${f(cy)}" stroke="#fff" stroke-width="${f(8 * s)}" fill="none"/>` +
        `<path d="M${f(x)} ${f(cy - r)} Q${f(x + r * 0.4)} ${f(cy)} ${f(x)} ${f(cy + r)}" stroke="#f6cf48" stroke-width="${f(7 * s)}" fill="none"/>` +
        `<circle cx="${f(x - r * 0.4)}" cy="${f(cy - r * 0.4)}" r="${f(r * 0.2)}" fill="#fff" opacity="0.6"/>`
      );
    }
    case 'book': {
      const w = 34 * s;
      const h = 26 * s;
      return (
        `<path d="M${f(x)} ${f(y - h / 2)} L${f(x - w)} ${f(y - h * 0.7)} L${f(x - w)} ${f(y + h * 0.6)} L${f(x)} ${f(y + h * 0.8)} L${f(x + w)} ${f(y + h * 0.6)} L${f(x + w)} ${f(y - h * 0.7)} Z" fill="#4a8fe0" ${outline('#4a8fe0', 3 * s)}/>` +
        `<path d="M${f(x)} ${f(y - h * 0.4)} L${f(x - w * 0.88)} ${f(y - h * 0.58)} L${f(x - w * 0.88)} ${f(y + h * 0.46)} L${f(x)} ${f(y + h * 0.64)} L${f(x + w * 0.88)} ${f(y + h * 0.46)} L${f(x + w * 0.88)} ${f(y - h * 0.58)} Z" fill="#fffaf0"/>` +
        `<path d="M${f(x - w * 0.7)} ${f(y - h * 0.2)} l${f(w * 0.5)} ${f(h * 0.08)} M${f(x - w * 0.7)} ${f(y + h * 0.05)} l${f(w * 0.5)} ${f(h * 0.08)} M${f(x + w * 0.2)} ${f(y - h * 0.12)} l${f(w * 0.5)} ${f(-h * 0.08)} M${f(x + w * 0.2)} ${f(y + h * 0.13)} l${f(w * 0.5)} ${f(-h * 0.08)}" stroke="#b9c4d6" stroke-width="${f(2.5 * s)}"/>`
      );
    }
    case 'kite': {
      const kx = x + rng.range(0.1, 0.3) * p.width * (x < p.width / 2 ? 1 : -1);
      const ky = Math.max(p.height * 0.12, p.headY - 180 * s);
      const k = 40 * s;
      let svg = `<path d="M${f(x)} ${f(y)} Q${f((x + kx) / 2)} ${f((y + ky) / 2 + 60 * s)} ${f(kx)} ${f(ky + k)}" stroke="#fdf6e8" stroke-width="${f(2 * s)}" fill="none"/>`;
      svg += `<path d="M${f(kx)} ${f(ky - k)} L${f(kx + k * 0.75)} ${f(ky)} L${f(kx)} ${f(ky + k)} L${f(kx - k * 0.75)} ${f(ky)} Z" fill="#f5923c" ${outline('#f5923c', 3 * s)}/>`;
      svg += `<path d="M${f(kx)} ${f(ky - k)} L${f(kx)} ${f(ky + k)} M${f(kx - k * 0.75)} ${f(ky)} L${f(kx + k * 0.75)} ${f(ky)}" stroke="#fff3e0" stroke-width="${f(2.5 * s)}"/>`;
      svg += `<path d="M${f(kx - k * 0.75)} ${f(ky)} L${f(kx)} ${f(ky - k)} L${f(kx)} ${f(ky)} Z" fill="#e5534b"/>`;
      svg += `<path d="M${f(kx)} ${f(ky + k)} q${f(-20 * s)} ${f(20 * s)} 0 ${f(40 * s)} t0 ${f(40 * s)}" stroke="#e5534b" stroke-width="${f(2.5 * s)}" fill="none"/>`;
      for (let i = 1; i <= 3; i++)
        svg += `<path d="M${f(kx - 8 * s)} ${f(ky + k + i * 22 * s - 5 * s)} l${f(16 * s)} ${f(10 * s)} l0 ${f(-10 * s)} l${f(-16 * s)} ${f(10 * s)} Z" fill="${i % 2 ? '#43c6c0' : '#f6cf48'}"/>`;
      return svg;
    }
    case 'star':
      return (
        `<circle cx="${f(x)}" cy="${f(y - 26 * s)}" r="${f(60 * s)}" fill="url(#propglow)"/>` +
        star(x, y - 26 * s, 32 * s, '#ffd54a') +
        star(x - 3 * s, y - 30 * s, 16 * s, '#fff3b0')
      );
    case 'flower': {
      let svg = `<path d="M${f(x)} ${f(y + 6 * s)} Q${f(x + 8 * s)} ${f(y - 20 * s)} ${f(x)} ${f(y - 46 * s)}" stroke="#4c9a4f" stroke-width="${f(5 * s)}" fill="none"/>`;
      svg += `<ellipse cx="${f(x + 10 * s)}" cy="${f(y - 18 * s)}" rx="${f(10 * s)}" ry="${f(5 * s)}" fill="#6bbf59"/>`;
      for (let i = 0; i < 6; i++) {
        const a = (i / 6) * Math.PI * 2;
        svg += `<circle cx="${f(x + Math.cos(a) * 13 * s)}" cy="${f(y - 50 * s + Math.sin(a) * 13 * s)}" r="${f(10 * s)}" fill="#ff6f91"/>`;
      }
      return `${svg}<circle cx="${f(x)}" cy="${f(y - 50 * s)}" r="${f(8 * s)}" fill="#ffd54a"/>`;
    }
    case 'umbrella': {
      const top = p.headY - 40 * s;
      const r = 95 * s;
      let svg = `<path d="M${f(x)} ${f(y)} L${f(x)} ${f(top)}" stroke="#5a4a40" stroke-width="${f(5 * s)}"/>`;
      svg += `<path d="M${f(x - r)} ${f(top + 4 * s)} A${f(r)} ${f(r * 0.8)} 0 0 1 ${f(x + r)} ${f(top + 4 * s)} Q${f(x + r * 0.75)} ${f(top - 8 * s)} ${f(x + r / 2)} ${f(top + 4 * s)} Q${f(x + r / 4)} ${f(top - 8 * s)} ${f(x)} ${f(top + 4 * s)} Q${f(x - r / 4)} ${f(top - 8 * s)} ${f(x - r / 2)} ${f(top + 4 * s)} Q${f(x - r * 0.75)} ${f(top - 8 * s)} ${f(x - r)} ${f(top + 4 * s)} Z" fill="#f6cf48" ${outline('#f6cf48', 3 * s)}/>`;
      svg += `<path d="M${f(x)} ${f(top - r * 0.78)} Q${f(x - r * 0.3)} ${f(top - r * 0.3)} ${f(x - r / 2)} ${f(top + 2 * s)} M${f(x)} ${f(top - r * 0.78)} Q${f(x + r * 0.3)} ${f(top - r * 0.3)} ${f(x + r / 2)} ${f(top + 2 * s)}" stroke="#e5a72f" stroke-width="${f(3 * s)}" fill="none"/>`;
      return svg;
    }
    case 'boat': {
      const w = 60 * s;
      return (
        `<path d="M${f(x - w)} ${f(y - 30 * s)} L${f(x + w)} ${f(y - 30 * s)} L${f(x + w * 0.6)} ${f(y)} L${f(x - w * 0.6)} ${f(y)} Z" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>` +
        `<path d="M${f(x)} ${f(y - 30 * s)} L${f(x)} ${f(y - 120 * s)}" stroke="#8a5a3b" stroke-width="${f(5 * s)}"/>` +
        `<path d="M${f(x + 3 * s)} ${f(y - 116 * s)} L${f(x + 50 * s)} ${f(y - 40 * s)} L${f(x + 3 * s)} ${f(y - 40 * s)} Z" fill="#fdf8ee" ${outline('#dcd2c0', 2 * s)}/>` +
        `<path d="M${f(x - 3 * s)} ${f(y - 100 * s)} L${f(x - 36 * s)} ${f(y - 40 * s)} L${f(x - 3 * s)} ${f(y - 40 * s)} Z" fill="#8cc8f0"/>`
      );
    }
    case 'rocket': {
      // A tall rocket standing beside the scene, its flame below.
      const h = 220 * s;
      const w = 42 * s;
      const bx = x;
      const by = y;
      let svg = `<path d="M${f(bx - w * 0.6)} ${f(by)} Q${f(bx)} ${f(by + 70 * s)} ${f(bx + w * 0.6)} ${f(by)} Z" fill="#ffb347" opacity="0.9"/>`;
      svg += `<path d="M${f(bx - w)} ${f(by - 10 * s)} L${f(bx - w * 1.7)} ${f(by + 10 * s)} L${f(bx - w)} ${f(by - 60 * s)} Z" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>`;
      svg += `<path d="M${f(bx + w)} ${f(by - 10 * s)} L${f(bx + w * 1.7)} ${f(by + 10 * s)} L${f(bx + w)} ${f(by - 60 * s)} Z" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>`;
      svg += `<path d="M${f(bx - w)} ${f(by)} L${f(bx - w)} ${f(by - h * 0.7)} Q${f(bx)} ${f(by - h * 1.15)} ${f(bx + w)} ${f(by - h * 0.7)} L${f(bx + w)} ${f(by)} Z" fill="#eef2f7" ${outline('#eef2f7', 3 * s)}/>`;
      svg += `<circle cx="${f(bx)}" cy="${f(by - h * 0.55)}" r="${f(w * 0.45)}" fill="#7cc4f2" ${outline('#7cc4f2', 3 * s)}/>`;
      svg += `<path d="M${f(bx - w * 0.55)} ${f(by - h * 0.93)} Q${f(bx)} ${f(by - h * 1.15)} ${f(bx + w * 0.55)} ${f(by - h * 0.93)} Z" fill="#e5534b"/>`;
      return svg;
    }
    case 'treehouse': {
      // A leafy tree with a little wooden house on a platform in its branches, and a ladder up.
      const trunkTop = y - 330 * s;
      const deck = y - 205 * s;
      let svg = `<path d="M${f(x - 24 * s)} ${f(y)} L${f(x - 15 * s)} ${f(trunkTop)} L${f(x + 15 * s)} ${f(trunkTop)} L${f(x + 24 * s)} ${f(y)} Z" fill="#8a5a3b" ${outline('#8a5a3b', 3 * s)}/>`;
      for (const [dx, dy, r] of [
        [0, -345, 95],
        [-85, -300, 70],
        [85, -300, 70],
        [-50, -380, 65],
        [55, -380, 65],
      ] as const)
        svg += `<circle cx="${f(x + dx * s)}" cy="${f(y + dy * s)}" r="${f(r * s)}" fill="#5fae55" ${outline('#5fae55', 3 * s)}/>`;
      // The deck, the house on it and its red roof.
      svg += `<rect x="${f(x - 85 * s)}" y="${f(deck)}" width="${f(170 * s)}" height="${f(14 * s)}" rx="${f(3 * s)}" fill="#b07a4f" ${outline('#b07a4f', 3 * s)}/>`;
      svg += `<rect x="${f(x - 58 * s)}" y="${f(deck - 78 * s)}" width="${f(116 * s)}" height="${f(78 * s)}" fill="#d39a62" ${outline('#d39a62', 3 * s)}/>`;
      for (const k of [1, 2, 3])
        svg += `<path d="M${f(x - 58 * s)} ${f(deck - k * 19.5 * s)} L${f(x + 58 * s)} ${f(deck - k * 19.5 * s)}" stroke="#b07a4f" stroke-width="${f(2.5 * s)}"/>`;
      svg += `<path d="M${f(x - 72 * s)} ${f(deck - 76 * s)} L${f(x)} ${f(deck - 130 * s)} L${f(x + 72 * s)} ${f(deck - 76 * s)} Z" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>`;
      svg += `<rect x="${f(x - 40 * s)}" y="${f(deck - 60 * s)}" width="${f(30 * s)}" height="${f(28 * s)}" fill="#8cc8f0" ${outline('#8cc8f0', 2.5 * s)}/>`;
      svg += `<rect x="${f(x + 12 * s)}" y="${f(deck - 52 * s)}" width="${f(28 * s)}" height="${f(52 * s)}" rx="${f(4 * s)}" fill="#8a5a3b"/>`;
      // The ladder from the grass to the deck.
      const lx = x - 70 * s;
      svg += `<path d="M${f(lx - 14 * s)} ${f(y)} L${f(lx - 10 * s)} ${f(deck)} M${f(lx + 14 * s)} ${f(y)} L${f(lx + 10 * s)} ${f(deck)}" stroke="#8a5a3b" stroke-width="${f(5 * s)}" stroke-linecap="round"/>`;
      for (let k = 1; k <= 6; k++) {
        const ry = y - (k * (y - deck)) / 7;
        svg += `<path d="M${f(lx - 12 * s)} ${f(ry)} L${f(lx + 12 * s)} ${f(ry)}" stroke="#a06b45" stroke-width="${f(4 * s)}"/>`;
      }
      return svg;
    }
    case 'pot': {
      // A cooking pot with steam and a spoon.
      const w = 40 * s;
      let svg = `<rect x="${f(x - w)}" y="${f(y - 52 * s)}" width="${f(w * 2)}" height="${f(52 * s)}" rx="${f(12 * s)}" fill="#6c7a89" ${outline('#6c7a89', 3 * s)}/>`;
      svg += `<rect x="${f(x - w * 1.15)}" y="${f(y - 58 * s)}" width="${f(w * 2.3)}" height="${f(9 * s)}" rx="${f(4 * s)}" fill="#8896a5"/>`;
      svg += `<path d="M${f(x + w * 0.3)} ${f(y - 58 * s)} L${f(x + w * 0.9)} ${f(y - 100 * s)}" stroke="#b07a4f" stroke-width="${f(5 * s)}" stroke-linecap="round"/>`;
      for (const dx of [-16, 0, 16])
        svg += `<path d="M${f(x + dx * s)} ${f(y - 66 * s)} q${f(-8 * s)} ${f(-12 * s)} 0 ${f(-24 * s)} t0 ${f(-24 * s)}" stroke="#ffffff" stroke-width="${f(3.5 * s)}" fill="none" opacity="0.8" stroke-linecap="round"/>`;
      return svg;
    }
    case 'cake': {
      const w = 46 * s;
      let svg = `<rect x="${f(x - w)}" y="${f(y - 50 * s)}" width="${f(w * 2)}" height="${f(50 * s)}" rx="${f(8 * s)}" fill="#f9d7a8" ${outline('#f9d7a8', 3 * s)}/>`;
      svg += `<path d="M${f(x - w)} ${f(y - 40 * s)} Q${f(x - w / 2)} ${f(y - 26 * s)} ${f(x)} ${f(y - 40 * s)} T${f(x + w)} ${f(y - 40 * s)} L${f(x + w)} ${f(y - 50 * s)} L${f(x - w)} ${f(y - 50 * s)} Z" fill="#f59ab8"/>`;
      svg += `<rect x="${f(x - w * 0.7)}" y="${f(y - 78 * s)}" width="${f(w * 1.4)}" height="${f(30 * s)}" rx="${f(6 * s)}" fill="#fff3f6" ${outline('#f59ab8', 2.5 * s)}/>`;
      for (const dx of [-14, 0, 14]) {
        svg += `<rect x="${f(x + dx * s - 2.5 * s)}" y="${f(y - 100 * s)}" width="${f(5 * s)}" height="${f(22 * s)}" fill="#7cc4f2"/>`;
        svg += `<ellipse cx="${f(x + dx * s)}" cy="${f(y - 106 * s)}" rx="${f(4 * s)}" ry="${f(7 * s)}" fill="#ffb347"/>`;
      }
      svg += `<circle cx="${f(x - 20 * s)}" cy="${f(y - 70 * s)}" r="${f(4 * s)}" fill="#e5534b"/><circle cx="${f(x + 22 * s)}" cy="${f(y - 66 * s)}" r="${f(4 * s)}" fill="#e5534b"/>`;
      return svg;
    }
    case 'balloon': {
      const bx = x + 20 * s;
      const by = p.headY - 40 * s;
      return (
        `<path d="M${f(x)} ${f(y)} Q${f(x + 30 * s)} ${f((y + by) / 2)} ${f(bx)} ${f(by + 44 * s)}" stroke="#5a4a40" stroke-width="${f(2 * s)}" fill="none"/>` +
        `<ellipse cx="${f(bx)}" cy="${f(by)}" rx="${f(36 * s)}" ry="${f(44 * s)}" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>` +
        `<path d="M${f(bx - 6 * s)} ${f(by + 50 * s)} L${f(bx)} ${f(by + 43 * s)} L${f(bx + 6 * s)} ${f(by + 50 * s)} Z" fill="#c9433c"/>` +
        `<ellipse cx="${f(bx - 12 * s)}" cy="${f(by - 16 * s)}" rx="${f(8 * s)}" ry="${f(13 * s)}" fill="#fff" opacity="0.5"/>`
      );
    }
    case 'gift': {
      const w = 36 * s;
      return (
        `<rect x="${f(x - w)}" y="${f(y - 64 * s)}" width="${f(w * 2)}" height="${f(64 * s)}" rx="${f(5 * s)}" fill="#9b6ad6" ${outline('#9b6ad6', 3 * s)}/>` +
        `<rect x="${f(x - 6 * s)}" y="${f(y - 64 * s)}" width="${f(12 * s)}" height="${f(64 * s)}" fill="#f6cf48"/>` +
        `<path d="M${f(x)} ${f(y - 64 * s)} q${f(-30 * s)} ${f(-30 * s)} ${f(-30 * s)} 0 Z M${f(x)} ${f(y - 64 * s)} q${f(30 * s)} ${f(-30 * s)} ${f(30 * s)} 0 Z" fill="#f6cf48" ${outline('#f6cf48', 2.5 * s)}/>`
      );
    }
    case 'apple':
      return (
        `<circle cx="${f(x)}" cy="${f(y - 6 * s)}" r="${f(20 * s)}" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>` +
        `<path d="M${f(x)} ${f(y - 24 * s)} l${f(2 * s)} ${f(-12 * s)}" stroke="#6b4429" stroke-width="${f(4 * s)}"/>` +
        `<ellipse cx="${f(x + 10 * s)}" cy="${f(y - 34 * s)}" rx="${f(9 * s)}" ry="${f(5 * s)}" fill="#6bbf59"/>` +
        `<circle cx="${f(x - 7 * s)}" cy="${f(y - 13 * s)}" r="${f(5 * s)}" fill="#fff" opacity="0.5"/>`
      );
    case 'fish':
      return (
        `<path d="M${f(x - 30 * s)} ${f(y)} Q${f(x)} ${f(y - 22 * s)} ${f(x + 26 * s)} ${f(y)} Q${f(x)} ${f(y + 22 * s)} ${f(x - 30 * s)} ${f(y)} Z" fill="#8cc8f0" ${outline('#8cc8f0', 3 * s)}/>` +
        `<path d="M${f(x + 22 * s)} ${f(y)} l${f(18 * s)} ${f(-14 * s)} l0 ${f(28 * s)} Z" fill="#8cc8f0" ${outline('#8cc8f0', 3 * s)}/>` +
        `<circle cx="${f(x - 16 * s)}" cy="${f(y - 4 * s)}" r="${f(3.5 * s)}" fill="${INK}"/>`
      );
    case 'lantern':
      return (
        `<circle cx="${f(x)}" cy="${f(y + 30 * s)}" r="${f(80 * s)}" fill="url(#propglow)"/>` +
        `<path d="M${f(x)} ${f(y)} L${f(x)} ${f(y + 12 * s)}" stroke="#5a4a40" stroke-width="${f(3 * s)}"/>` +
        `<ellipse cx="${f(x)}" cy="${f(y + 34 * s)}" rx="${f(24 * s)}" ry="${f(22 * s)}" fill="#e5534b" ${outline('#e5534b', 3 * s)}/>` +
        `<ellipse cx="${f(x)}" cy="${f(y + 34 * s)}" rx="${f(12 * s)}" ry="${f(16 * s)}" fill="#ffd27a"/>` +
        `<rect x="${f(x - 12 * s)}" y="${f(y + 10 * s)}" width="${f(24 * s)}" height="${f(5 * s)}" fill="#f6cf48"/>` +
        `<rect x="${f(x - 12 * s)}" y="${f(y + 54 * s)}" width="${f(24 * s)}" height="${f(5 * s)}" fill="#f6cf48"/>`
      );
    case 'letter':
      return (
        `<rect x="${f(x - 26 * s)}" y="${f(y - 20 * s)}" width="${f(52 * s)}" height="${f(36 * s)}" rx="${f(3 * s)}" fill="#fffaf0" ${outline('#e8dcc6', 3 * s)} transform="rotate(-8 ${f(x)} ${f(y)})"/>` +
        `<path d="M${f(x - 26 * s)} ${f(y - 18 * s)} L${f(x)} ${f(y)} L${f(x + 26 * s)} ${f(y - 22 * s)}" stroke="#d8c8a8" stroke-width="${f(2.5 * s)}" fill="none" transform="rotate(-8 ${f(x)} ${f(y)})"/>` +
        `<circle cx="${f(x)}" cy="${f(y - 2 * s)}" r="${f(5 * s)}" fill="#e5534b"/>`
      );
    case 'music': {
      let svg = '';
      for (let i = 0; i < 3; i++) {
        const nx = x + (i - 1) * 50 * s + rng.range(-10, 10) * s;
        const ny = p.headY - 10 * s - rng.range(0, 50) * s;
        const c = rng.pick(['#9b6ad6', '#4a8fe0', '#e5534b']);
        svg += `<ellipse cx="${f(nx)}" cy="${f(ny)}" rx="${f(9 * s)}" ry="${f(7 * s)}" fill="${c}" transform="rotate(-20 ${f(nx)} ${f(ny)})"/><path d="M${f(nx + 8 * s)} ${f(ny)} l0 ${f(-34 * s)} l${f(14 * s)} ${f(8 * s)}" stroke="${c}" stroke-width="${f(3.5 * s)}" fill="none"/>`;
      }
      return svg;
    }
    case 'heart': {
      let svg = '';
      for (let i = 0; i < 3; i++) {
        const hx = x + (i - 1) * 46 * s + rng.range(-8, 8) * s;
        const hy = p.headY - rng.range(0, 60) * s;
        const r = rng.range(10, 16) * s;
        svg += `<path d="M${f(hx)} ${f(hy + r)} C${f(hx - r * 2)} ${f(hy - r * 0.4)} ${f(hx - r * 0.8)} ${f(hy - r * 1.6)} ${f(hx)} ${f(hy - r * 0.5)} C${f(hx + r * 0.8)} ${f(hy - r * 1.6)} ${f(hx + r * 2)} ${f(hy - r * 0.4)} ${f(hx)} ${f(hy + r)} Z" fill="#ff6f91" opacity="0.9"/>`;
      }
      return svg;
    }
    case 'snowman':
      return (
        `<circle cx="${f(x)}" cy="${f(y - 40 * s)}" r="${f(42 * s)}" fill="#fbfdff" ${outline('#c9dcec', 3 * s)}/>` +
        `<circle cx="${f(x)}" cy="${f(y - 108 * s)}" r="${f(30 * s)}" fill="#fbfdff" ${outline('#c9dcec', 3 * s)}/>` +
        `<circle cx="${f(x - 10 * s)}" cy="${f(y - 114 * s)}" r="${f(3.5 * s)}" fill="${INK}"/><circle cx="${f(x + 10 * s)}" cy="${f(y - 114 * s)}" r="${f(3.5 * s)}" fill="${INK}"/>` +
        `<path d="M${f(x)} ${f(y - 104 * s)} l${f(22 * s)} ${f(4 * s)} l${f(-22 * s)} ${f(5 * s)} Z" fill="#f5923c"/>` +
        `<path d="M${f(x - 28 * s)} ${f(y - 82 * s)} Q${f(x)} ${f(y - 70 * s)} ${f(x + 28 * s)} ${f(y - 82 * s)}" stroke="#e5534b" stroke-width="${f(9 * s)}" fill="none" stroke-linecap="round"/>` +
        `<path d="M${f(x - 40 * s)} ${f(y - 50 * s)} l${f(-34 * s)} ${f(-26 * s)} M${f(x + 40 * s)} ${f(y - 50 * s)} l${f(34 * s)} ${f(-26 * s)}" stroke="#6b4429" stroke-width="${f(4 * s)}" stroke-linecap="round"/>`
      );
    case 'rainbow': {
      const cx = p.width * rng.range(0.3, 0.7);
      const cy = p.height * 0.62;
      const r = Math.min(p.width, p.height) * 0.55;
      let svg = '';
      ['#ff6f6f', '#ffb36b', '#ffe37a', '#8fd48a', '#7cc4f2', '#b59be6'].forEach((c, i) => {
        svg += `<path d="M${f(cx - r + i * 14 * s)} ${f(cy)} A${f(r - i * 14 * s)} ${f(r - i * 14 * s)} 0 0 1 ${f(cx + r - i * 14 * s)} ${f(cy)}" stroke="${c}" stroke-width="${f(14 * s)}" fill="none" opacity="0.75"/>`;
      });
      return svg + cloud(cx - r, cy, 1.1 * s * 1.6, '#ffffff') + cloud(cx + r, cy, 1.1 * s * 1.6, '#ffffff');
    }
    case 'butterfly': {
      let svg = '';
      for (let i = 0; i < 2; i++) {
        const bx = x + (i ? 90 : -70) * s + rng.range(-20, 20) * s;
        const by = p.headY - rng.range(-20, 60) * s;
        const c = rng.pick(['#f59ab8', '#f6cf48', '#7cc4f2', '#c3a3e6']);
        svg += `<ellipse cx="${f(bx - 9 * s)}" cy="${f(by - 6 * s)}" rx="${f(10 * s)}" ry="${f(13 * s)}" fill="${c}" transform="rotate(-25 ${f(bx)} ${f(by)})"/>`;
        svg += `<ellipse cx="${f(bx + 9 * s)}" cy="${f(by - 6 * s)}" rx="${f(10 * s)}" ry="${f(13 * s)}" fill="${lighten(c, 0.2)}" transform="rotate(25 ${f(bx)} ${f(by)})"/>`;
        svg += `<path d="M${f(bx)} ${f(by - 14 * s)} l0 ${f(20 * s)}" stroke="${INK}" stroke-width="${f(3 * s)}" stroke-linecap="round"/>`;
      }
      return svg;
    }
    case 'feather':
    case 'wings': {
      let svg = '';
      for (let i = 0; i < 3; i++) {
        const fx = x + (i - 1) * 60 * s + rng.range(-10, 10) * s;
        const fy = p.headY - rng.range(0, 70) * s;
        const rot = rng.range(-50, 50);
        svg += `<g transform="rotate(${f(rot)} ${f(fx)} ${f(fy)})"><path d="M${f(fx)} ${f(fy - 24 * s)} Q${f(fx + 14 * s)} ${f(fy)} ${f(fx)} ${f(fy + 24 * s)} Q${f(fx - 14 * s)} ${f(fy)} ${f(fx)} ${f(fy - 24 * s)} Z" fill="#fdfcf7" ${outline('#d8d4c8', 2 * s)}/><path d="M${f(fx)} ${f(fy - 20 * s)} L${f(fx)} ${f(fy + 30 * s)}" stroke="#c8c0b0" stroke-width="${f(2 * s)}"/></g>`;
      }
      return svg;
    }
  }
}
