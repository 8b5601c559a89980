import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectStore } from '@/lib/storage/get-object-store';
import { hashObject } from '@/lib/storage/read-object';
import { ObjectStoreError, storeCall } from '@/lib/storage/store-error';

/** Parts in flight at once: memory held is about (this + 1) × partSize. */
const QUEUE_SIZE = 3;

export type ObjectUpload = {
  /** Resolves once the bytes are taken (waits while QUEUE_SIZE parts are in flight). */
  write(chunk: Buffer): Promise<void>;
  /** Ends the body, waits for the upload and verifies the stored object (size; sha256 too when the store says so). */
  finish(expect: { bytes: number; sha256: string }): Promise<{ etag: string }>;
  /** Stops the upload after a failure; resolves when the SDK has settled (the caller removes what may be left). */
  cancel(): Promise<void>;
};

/**
 * Uploads one object as it is produced, with the official SDK's multipart upload
 * (@aws-sdk/lib-storage Upload): parts of `partSize` go out QUEUE_SIZE at a time while the
 * producer waits (bounded memory); a body smaller than one part is a single PUT.
 */
export function startObjectUpload(options: { store: ObjectStore; key: string; contentType: string }): ObjectUpload {
  const { store, key } = options;
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const upload = new Upload({
    client: store.client,
    params: { Bucket: store.bucket, Key: key, Body: body, ContentType: options.contentType },
    partSize: store.partSize,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
  });
  const done = upload.done();
  // Settles before the body ends only when the upload failed: writers waiting for 'drain' stop waiting.
  const failed = done.then(
    () => new ObjectStoreError('upload', new Error('the upload ended before its body')),
    (error: unknown) => new ObjectStoreError('upload', error),
  );
  return {
    async write(chunk) {
      // The SDK destroys the body when its upload fails: the failure is the answer.
      if (body.destroyed) throw await failed;
      if (body.write(chunk)) return;
      // A body the SDK destroys while this waits makes `once` reject with the SDK's AbortError: the
      // upload's own failure is the answer then too.
      const outcome = await Promise.race([
        once(body, 'drain').then(
          () => null,
          () => failed,
        ),
        failed,
      ]);
      if (outcome) throw outcome;
    },
    async finish(expect) {
      body.end();
      const result = await storeCall('upload', () => done);
      const head = await storeCall('verify', () => store.client.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key })));
      const etag = head.ETag ?? result.ETag;
      if (head.ContentLength !== expect.bytes || !etag) {
        throw new ObjectStoreError('verify', new Error(`the stored object has ${head.ContentLength} bytes, not ${expect.bytes}`));
      }
      if (store.verify === 'sha256') {
        const sha256 = await hashObject({ store, key, etag });
        if (sha256 !== expect.sha256)
          throw new ObjectStoreError('verify', new Error('the stored object does not hash to the sha256 written'));
      }
      return { etag };
    },
    async cancel() {
      // An errored body (not upload.abort(), whose promise settles before the parts in flight do): the SDK
      // lets the parts in flight finish, sends AbortMultipartUpload itself, then rejects.
      body.destroy(new Error('the snapshot build stopped'));
      await done.catch(() => undefined);
    },
  };
}
