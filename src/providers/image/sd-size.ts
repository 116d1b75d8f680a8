// Picks a size a Stable Diffusion model renders well for a requested frame: the same aspect,
// the longer side at the model's native resolution, both sides multiples of 64.

export const DEFAULT_NEGATIVE =
  'text, watermark, signature, blurry, deformed, extra limbs, bad anatomy, inconsistent character, lowres';

export function generationSize(
  width: number,
  height: number,
  longSide = 1024,
): { width: number; height: number } {
  const scale = longSide / Math.max(width, height);
  const round64 = (x: number) => Math.max(64, Math.round((x * scale) / 64) * 64);
  return { width: round64(width), height: round64(height) };
}
