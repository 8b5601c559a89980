import { describe, expect, it } from 'vitest';
import { parseStoreUrl } from '@/lib/storage/parse-store-url';

describe('parseStoreUrl (SNAPSHOT_STORE_URL)', () => {
  it('reads the bucket, prefix and client settings, with defaults', () => {
    expect(parseStoreUrl('s3://snapshots/exports/prod/?endpoint=http://127.0.0.1:9000&region=eu-west-1&forcePathStyle=true')).toEqual({
      bucket: 'snapshots',
      prefix: 'exports/prod/',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      partSize: 8 * 1024 * 1024,
      verify: 'size',
    });
    expect(parseStoreUrl('s3://my-bucket?partSize=16&verify=sha256')).toMatchObject({
      bucket: 'my-bucket',
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      partSize: 16 * 1024 * 1024,
      verify: 'sha256',
    });
  });

  it('refuses what it cannot use, naming the part', () => {
    expect(() => parseStoreUrl('https://bucket/x')).toThrow(/must start with s3:\/\//);
    expect(() => parseStoreUrl('s3://AKIA:secret@bucket/x')).toThrow(/must not hold credentials/);
    expect(() => parseStoreUrl('s3://Bad_Bucket/x')).toThrow(/not a valid bucket name/);
    expect(() => parseStoreUrl('s3://bucket/x?endpont=http://a')).toThrow(/unknown parameter endpont/);
    expect(() => parseStoreUrl('s3://bucket/x?endpoint=ftp://a')).toThrow(/endpoint must be an http/);
    expect(() => parseStoreUrl('s3://bucket/x?partSize=4')).toThrow(/partSize is in MiB, from 5/);
    expect(() => parseStoreUrl('s3://bucket/x?forcePathStyle=yes')).toThrow(/forcePathStyle must be true or false/);
    expect(() => parseStoreUrl('s3://bucket/x?verify=md5')).toThrow(/verify must be size or sha256/);
  });
});
