// Storing an upload in the owner's space: streamed to a temp file (never held in memory whole),
// the size capped, the content checked to be text the dubbing tasks can read (UTF-8, UTF-16 with
// a BOM, or GB18030 as Chinese subtitle files often are; stored as UTF-8), and subtitle or JSON
// files parsed so a malformed one is refused naming the line.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';
import { parseJsonText } from '../dubbing/json-input.js';
import { detectFormat, parseTranscript } from '../dubbing/transcript.js';
import { AppError } from '../errors.js';
import { tempPathFor } from '../storage/atomic.js';
import { UPLOADS_DIR, type UserSpace } from '../storage/user-space.js';

export interface StoredUpload {
  relative_path: string;
  file_id: string;
  size: number;
  content_type: string;
}

/** Files above this are stored after the encoding check only; their contents are checked when a task reads them. */
const PARSE_ON_UPLOAD_MAX = 8 * 1024 * 1024;

const unsupported = (message: string) => new AppError('unsupported_media_type', 415, `file: ${message}`);
export const tooLarge = (max: number) =>
  new AppError(
    'payload_too_large',
    413,
    `file: larger than this server accepts (UPLOAD_MAX_BYTES = ${max} bytes)`,
  );

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/**
 * Passes bytes through while decoding them with each encoding still possible; fails with 415 as
 * soon as none is (binary data, control characters). `encoding` is the one that held to the end.
 */
class TextCheck extends Transform {
  private candidates: { enc: Encoding; dec: TextDecoder }[] | undefined;
  encoding: Encoding | undefined;
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.candidates) this.candidates = this.start(chunk);
    this.bytes += chunk.length;
    this.keep((d) => d.decode(chunk, { stream: true }));
    if (this.candidates.length === 0) {
      done(unsupported('not a text file (a transcript, blueprint or script is expected)'));
      return;
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    this.candidates ??= [];
    this.keep((d) => d.decode());
    if (this.bytes === 0 || this.candidates.length === 0) {
      done(unsupported(this.bytes === 0 ? 'the file is empty' : 'not a text file'));
      return;
    }
    this.encoding = this.candidates[0]!.enc;
    done();
  }

  private start(first: Buffer) {
    const mk = (enc: Encoding) => ({ enc, dec: new TextDecoder(enc, { fatal: true, ignoreBOM: false }) });
    if (first[0] === 0xff && first[1] === 0xfe) return [mk('utf-16le')];
    if (first[0] === 0xfe && first[1] === 0xff) return [mk('utf-16be')];
    return [mk('utf-8'), mk('gb18030')];
  }

  private keep(decode: (d: TextDecoder) => string) {
    this.candidates = this.candidates!.filter((c) => {
      try {
        // Text has no NULs or control characters other than tab, line breaks and form feed.
        return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(decode(c.dec));
      } catch {
        return false;
      }
    });
  }
}

const CONTENT_TYPES = {
  json: 'application/json',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  text: 'text/plain',
} as const;

/** Keeps letters (any script), digits, dot, dash and underscore of a client's file name. */
export function safeName(name: string | undefined): string {
  const base = basename(String(name ?? '').replace(/\\/g, '/'))
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '');
  const ext = extname(base).slice(0, 10);
  const stem = base.slice(0, base.length - extname(base).length).slice(0, 80);
  return `${stem || 'upload'}${ext}`;
}

export async function storeUpload(
  space: UserSpace,
  file: { stream: NodeJS.ReadableStream & { truncated?: boolean }; filename?: string },
  maxBytes: number,
): Promise<StoredUpload> {
  const fileId = randomUUID();
  const rel = `${UPLOADS_DIR}/${fileId}_${safeName(file.filename)}`;
  const target = space.resolve(rel);
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  const check = new TextCheck();
  try {
    await pipeline(file.stream, check, createWriteStream(tmp, { flags: 'wx' }));
    if (file.stream.truncated) throw tooLarge(maxBytes);
    let text: string | undefined;
    if (check.encoding !== 'utf-8') {
      // Stored as UTF-8 so every reader can take it as it is.
      text = new TextDecoder(check.encoding!).decode(await readFile(tmp));
      await writeFile(tmp, text.replace(/^\uFEFF/, ''));
    }
    const format = await checkContent(tmp, file.filename ?? '', text);
    await rename(tmp, target);
    return {
      relative_path: rel,
      file_id: fileId,
      size: text !== undefined ? Buffer.byteLength(text.replace(/^\uFEFF/, '')) : check.bytes,
      content_type: `${CONTENT_TYPES[format]}; charset=utf-8`,
    };
  } catch (err) {
    await rm(tmp, { force: true });
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw err;
  }
}

/** Parses a subtitle or JSON file (by its name or its look); a malformed one is a 422 naming the line. */
async function checkContent(path: string, name: string, known?: string): Promise<keyof typeof CONTENT_TYPES> {
  const ext = extname(name).toLowerCase();
  const text = known ?? (await readFile(path, 'utf8'));
  const sniffed = detectFormat(text);
  const format = ext === '.json' ? 'json' : ext === '.srt' ? 'srt' : ext === '.vtt' ? 'vtt' : sniffed;
  if (Buffer.byteLength(text) > PARSE_ON_UPLOAD_MAX || format === 'text') return format;
  try {
    if (format === 'json') parseJsonText(text, 'file');
    else parseTranscript(text, 'file');
  } catch (err) {
    if (err instanceof AppError) throw new AppError('unprocessable', 422, err.message, { field: 'file' });
    throw err;
  }
  return format;
}
