import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from '@/lib/storage/get-object-store';
import { storeCall } from '@/lib/storage/store-error';

/** How long a presigned download URL works: long enough to start a download, short enough that a leaked link soon dies. */
export const PRESIGNED_URL_SECONDS = 300;

/**
 * A GET URL for an object, answered with the given file name and media type. Signed locally: no
 * request to the store. No If-Match (a signed header the browser would have to send); a snapshot's key
 * is its own and never rewritten.
 */
export async function presignObject(options: { store: ObjectStore; key: string; fileName: string; contentType: string }): Promise<string> {
  const { store } = options;
  const command = new GetObjectCommand({
    Bucket: store.bucket,
    Key: options.key,
    ResponseContentDisposition: `attachment; filename="${options.fileName}"`,
    ResponseContentType: options.contentType,
  });
  return storeCall('sign', () => getSignedUrl(store.client, command, { expiresIn: PRESIGNED_URL_SECONDS }));
}
