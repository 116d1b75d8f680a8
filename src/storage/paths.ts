// Safe resolution of user-supplied relative paths inside a root folder: no `..`, no absolute
// paths, no encoded or symlinked escapes.
import { realpath } from 'node:fs/promises';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { AppError } from '../errors.js';

/**
 * Resolves `rel` inside `root` lexically. Throws AppError 400 for absolute paths, `..` segments,
 * NUL bytes or backslashes. Does not touch the file system.
 */
export function resolveInside(root: string, rel: string): string {
  if (typeof rel !== 'string' || rel.length === 0) throw new AppError('bad_request', 400, 'path: required');
  if (rel.includes('\0') || rel.includes('\\'))
    throw new AppError('bad_request', 400, 'path: invalid characters');
  if (isAbsolute(rel) || /^[a-zA-Z]:/.test(rel))
    throw new AppError('bad_request', 400, 'path: must be relative');
  const parts = rel.split('/');
  if (parts.some((p) => p === '..')) throw new AppError('bad_request', 400, 'path: ".." is not allowed');
  const absRoot = resolve(root);
  const target = resolve(absRoot, normalize(rel));
  const back = relative(absRoot, target);
  if (back.startsWith('..') || isAbsolute(back))
    throw new AppError('bad_request', 400, 'path: outside the allowed folder');
  return target;
}

/**
 * Like resolveInside, then follows symlinks and checks the real path is still inside the real
 * root. Returns null when the file does not exist.
 */
export async function resolveExistingInside(root: string, rel: string): Promise<string | null> {
  const target = resolveInside(root, rel);
  let real: string;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(target);
  } catch {
    return null;
  }
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
  return real;
}
