import { S3Client } from '@aws-sdk/client-s3';
import { getEnv } from '@/lib/env';
import { parseStoreUrl, type StoreConfig } from '@/lib/storage/parse-store-url';

export type ObjectStore = StoreConfig & { client: S3Client };

let cached: { url: string; store: ObjectStore } | undefined;

/** The client of one store URL. Stateless apart from its connection pool, so every instance may hold its own. */
export function objectStoreFor(url: string): ObjectStore {
  if (cached?.url === url) return cached.store;
  const config = parseStoreUrl(url);
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    // Checksums only where S3 requires them: the SDK's default (a CRC32 trailer on every upload) is not
    // spoken by every S3-compatible store (GCS, older MinIO, s3rver); the snapshot's sha256 is checked by the app.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const store = { ...config, client };
  cached = { url, store };
  return store;
}

/** The snapshot store when SNAPSHOT_STORE_URL is set; null when snapshot bytes stay in PostgreSQL. */
export function getObjectStore(): ObjectStore | null {
  const url = getEnv().SNAPSHOT_STORE_URL;
  return url ? objectStoreFor(url) : null;
}
