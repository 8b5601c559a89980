import { AbortMultipartUploadCommand, DeleteObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import type { ObjectStore } from '@/lib/storage/get-object-store';
import { storeCall } from '@/lib/storage/store-error';

/**
 * Deletes an object and aborts every unfinished multipart upload of its key (a build that stopped
 * mid-upload), so nothing of it is left or billed. Idempotent: removing what is not there succeeds.
 */
export async function removeObject(options: { store: ObjectStore; bucket: string; key: string }): Promise<void> {
  const { store, bucket, key } = options;
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await storeCall('list uploads', () =>
      store.client.send(
        new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      ),
    );
    for (const upload of page.Uploads ?? []) {
      if (upload.Key !== key || !upload.UploadId) continue;
      await storeCall('abort upload', () =>
        store.client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload.UploadId }))
          // Another instance's sweep (or the SDK's own abort) got there first.
          .catch((error: unknown) => {
            if ((error as { name?: string }).name !== 'NoSuchUpload') throw error;
          }),
      );
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
  await storeCall('delete', () => store.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
}
