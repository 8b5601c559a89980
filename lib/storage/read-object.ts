import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ObjectStore } from '@/lib/storage/get-object-store';
import { ObjectStoreError, storeCall } from '@/lib/storage/store-error';

/**
 * The bytes [start, end] of one version of an object (If-Match `etag`) as a web stream. Throws
 * ObjectStoreError before any byte when the store is unreachable or the object is not that version
 * (the ETag is compared here too: not every S3-compatible store honours If-Match).
 */
export async function readObject(options: {
  store: ObjectStore;
  key: string;
  etag: string;
  range?: { start: number; end: number };
}): Promise<ReadableStream<Uint8Array>> {
  const { store, key, etag, range } = options;
  const response = await storeCall('read', () =>
    store.client.send(
      new GetObjectCommand({
        Bucket: store.bucket,
        Key: key,
        IfMatch: etag,
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    ),
  );
  if (!response.Body) throw new ObjectStoreError('read', new Error('the store answered without a body'));
  if (response.ETag !== etag) {
    await response.Body.transformToWebStream().cancel();
    throw new ObjectStoreError('read', new Error(`the object changed (ETag ${response.ETag}, stored ${etag})`));
  }
  return response.Body.transformToWebStream();
}

/** The sha256 of a stored object, read back whole. */
export async function hashObject(options: { store: ObjectStore; key: string; etag: string }): Promise<string> {
  const hash = createHash('sha256');
  const stream = await readObject(options);
  try {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  } catch (error) {
    throw new ObjectStoreError('read', error);
  }
  return hash.digest('hex');
}
