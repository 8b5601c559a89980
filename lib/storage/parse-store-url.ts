/** Where and how snapshot bytes are stored in an S3-compatible object store (SNAPSHOT_STORE_URL). */
export type StoreConfig = {
  bucket: string;
  /** Prepended to every key: '' or a path ending in '/'. */
  prefix: string;
  /** The S3 API's base URL (MinIO, R2, GCS, s3rver); undefined for AWS S3 itself. */
  endpoint: string | undefined;
  region: string;
  /** Path-style addressing (endpoint/bucket/key) instead of bucket.endpoint/key. */
  forcePathStyle: boolean;
  /** Bytes per multipart part (at least S3's 5 MiB minimum). */
  partSize: number;
  /** After the upload: `size` compares the stored object's size; `sha256` also reads it back and hashes it. */
  verify: 'size' | 'sha256';
};

const MIB = 1024 * 1024;
const PARAMS = new Set(['endpoint', 'region', 'forcePathStyle', 'partSize', 'verify']);

/**
 * Parses `s3://bucket/optional/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1&forcePathStyle=true&partSize=8&verify=size`.
 * Credentials never go in the URL (it is logged and shown in errors): the AWS SDK's chain reads them
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or container role).
 * Throws an Error naming the part that is wrong.
 */
export function parseStoreUrl(text: string): StoreConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('SNAPSHOT_STORE_URL must look like s3://bucket/prefix?endpoint=…&region=…');
  }
  if (url.protocol !== 's3:') throw new Error(`SNAPSHOT_STORE_URL must start with s3:// (got ${url.protocol}//)`);
  if (url.username || url.password)
    throw new Error('SNAPSHOT_STORE_URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`SNAPSHOT_STORE_URL: "${bucket}" is not a valid bucket name`);
  const unknown = [...url.searchParams.keys()].filter((k) => !PARAMS.has(k));
  if (unknown.length > 0) throw new Error(`SNAPSHOT_STORE_URL: unknown parameter ${unknown.join(', ')} (known: ${[...PARAMS].join(', ')})`);
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint))
    throw new Error('SNAPSHOT_STORE_URL: endpoint must be an http(s):// URL');
  const forcePathStyle = url.searchParams.get('forcePathStyle') ?? 'false';
  if (forcePathStyle !== 'true' && forcePathStyle !== 'false') throw new Error('SNAPSHOT_STORE_URL: forcePathStyle must be true or false');
  const partMib = Number(url.searchParams.get('partSize') ?? '8');
  if (!Number.isInteger(partMib) || partMib < 5 || partMib > 5120)
    throw new Error('SNAPSHOT_STORE_URL: partSize is in MiB, from 5 to 5120');
  const verify = url.searchParams.get('verify') ?? 'size';
  if (verify !== 'size' && verify !== 'sha256') throw new Error('SNAPSHOT_STORE_URL: verify must be size or sha256');
  return {
    bucket,
    prefix: path === '' ? '' : `${path}/`,
    endpoint,
    region: url.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: forcePathStyle === 'true',
    partSize: partMib * MIB,
    verify,
  };
}
