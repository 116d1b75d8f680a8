// Makes a service's picture exactly the size the pipeline asked for: letterboxed (scaled to fit,
// centred on black) when the service only offers other sizes, untouched when it already matches.
import { Resvg } from '@resvg/resvg-js';

/** Width and height from a PNG's IHDR, or null when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.byteLength < 24 || sig.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function mimeOf(bytes: Uint8Array): string {
  if (pngSize(bytes)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'image/webp';
  if (String.fromCharCode(...bytes.subarray(0, 3)) === 'GIF') return 'image/gif';
  throw new Error('the service did not return a PNG, JPEG, WebP or GIF image');
}

/** A PNG of exactly width × height (the picture letterboxed when its aspect differs). */
export function fitImage(
  bytes: Uint8Array,
  width: number,
  height: number,
): { png: Uint8Array; resized: boolean } {
  const size = pngSize(bytes);
  if (size && size.width === width && size.height === height) return { png: bytes, resized: false };
  const href = `data:${mimeOf(bytes)};base64,${Buffer.from(bytes).toString('base64')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#000"/><image x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="xMidYMid meet" xlink:href="${href}"/></svg>`;
  const png = new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
  return { png: new Uint8Array(png), resized: true };
}
