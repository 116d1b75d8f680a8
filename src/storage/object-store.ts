// An S3-compatible object store (AWS S3, MinIO, Cloudflare R2, GCS interoperability) as a few
// operations on keys; the only code that speaks to it. The AWS SDK loads on first use, not at start.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageTarget } from '../deployment.js';
import { tempPathFor } from './atomic.js';

export interface StoredObject {
  key: string;
  size: number;
  /** Changes whenever the content does (quotes stripped). */
  etag: string;
}

/** Inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ObjectStore {
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): Promise<StoredObject[]>;
  head(key: string): Promise<StoredObject | undefined>;
  /** Writes the object to `localPath` atomically; resolves to what was downloaded. */
  download(key: string, localPath: string): Promise<StoredObject>;
  upload(key: string, localPath: string, contentType: string): Promise<StoredObject>;
  /** The object's bytes (or a range of them) as a stream. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  remove(keys: readonly string[]): Promise<void>;
  /** A URL anyone holding it may GET the object with, for `seconds`. */
  signedUrl(key: string, seconds: number, contentType: string): Promise<string>;
  /** Resolves when the bucket answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

type S3Target = Extract<StorageTarget, { kind: 's3' }>;
type Sdk = typeof import('@aws-sdk/client-s3');

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

export class S3ObjectStore implements ObjectStore {
  private loaded: Promise<{ sdk: Sdk; client: S3Client }> | undefined;
  private closed = false;

  constructor(private readonly target: S3Target) {}

  private sdk(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: this.target.region,
        endpoint: this.target.endpoint,
        forcePathStyle: this.target.forcePathStyle,
        credentials: this.target.credentials,
        // Checksums only where S3 requires them: MinIO, R2, GCS and other compatible stores refuse
        // or mis-store the SDK's default streaming (aws-chunked) checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    }));
    return this.loaded;
  }

  private get bucket() {
    return this.target.bucket;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const { sdk, client } = await this.sdk();
    const found: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0, etag: unquote(o.ETag) });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const { sdk, client } = await this.sdk();
    try {
      const h = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { key, size: h.ContentLength ?? 0, etag: unquote(h.ETag) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async download(key: string, localPath: string): Promise<StoredObject> {
    const { sdk, client } = await this.sdk();
    const got = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
    await mkdir(dirname(localPath), { recursive: true });
    const tmp = tempPathFor(localPath);
    try {
      await pipeline(got.Body as Readable, createWriteStream(tmp));
      await rename(tmp, localPath);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, size: got.ContentLength ?? 0, etag: unquote(got.ETag) };
  }

  async upload(key: string, localPath: string, contentType: string): Promise<StoredObject> {
    const { sdk, client } = await this.sdk();
    const { size } = await stat(localPath);
    const put = await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(localPath),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
    return { key, size, etag: unquote(put.ETag) };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const { sdk, client } = await this.sdk();
    const got = await client.send(
      new sdk.GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    const body = got.Body;
    if (body instanceof Readable) return body;
    throw new Error(`the store sent no body for ${key}`);
  }

  async remove(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const { sdk, client } = await this.sdk();
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const answer = await client.send(
        new sdk.DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      const failed = answer.Errors?.[0];
      if (failed) throw new Error(`the store did not delete ${failed.Key}: ${failed.Code} ${failed.Message}`);
    }
  }

  async signedUrl(key: string, seconds: number, contentType: string): Promise<string> {
    const { sdk, client } = await this.sdk();
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    return getSignedUrl(
      client,
      new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType }),
      { expiresIn: seconds },
    );
  }

  async ping(): Promise<void> {
    const { sdk, client } = await this.sdk();
    await client.send(new sdk.HeadBucketCommand({ Bucket: this.bucket }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.loaded) (await this.loaded).client.destroy();
  }
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replaceAll('"', '');
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
