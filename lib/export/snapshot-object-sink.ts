import type { ObjectStore } from '@/lib/storage/get-object-store';
import { startObjectUpload } from '@/lib/storage/upload-object';

/** Where a build writes the snapshot's zip, chunk by chunk, waiting while the destination catches up. */
export type SnapshotSink = {
  write(chunk: Buffer): Promise<void>;
  /** After the last chunk: the bytes are stored and checked; the object's ETag for an object store. */
  end(expect: { bytes: number; sha256: string }): Promise<{ objectEtag: string | null }>;
  /** After a failure: stops writing; what was stored is removed by the caller. */
  cancel(): Promise<void>;
};

/** Written between two heartbeats of an upload (the zip phase reads no items, so progress alone would not touch the row). */
const HEARTBEAT_BYTES = 32 * 1024 * 1024;

/** A snapshot's object key: its project's folder under the store's prefix, one zip per snapshot, never rewritten. */
export const snapshotObjectKey = (store: ObjectStore, snapshot: { id: string; projectId: string }) =>
  `${store.prefix}${snapshot.projectId}/${snapshot.id}.zip`;

/**
 * Streams the zip into one object with a multipart upload as it is produced; `heartbeat` touches
 * the snapshot row every HEARTBEAT_BYTES (and throws when the snapshot was deleted meanwhile).
 */
export function objectSink(options: { store: ObjectStore; key: string; heartbeat: () => Promise<void> }): SnapshotSink {
  const upload = startObjectUpload({ store: options.store, key: options.key, contentType: 'application/zip' });
  let sinceBeat = 0;
  return {
    async write(chunk) {
      await upload.write(chunk);
      sinceBeat += chunk.length;
      if (sinceBeat >= HEARTBEAT_BYTES) {
        sinceBeat = 0;
        await options.heartbeat();
      }
    },
    async end(expect) {
      const { etag } = await upload.finish(expect);
      return { objectEtag: etag };
    },
    cancel: () => upload.cancel(),
  };
}
