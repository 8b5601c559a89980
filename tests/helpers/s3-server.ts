/**
 * An S3-compatible object store for tests (issue 29): s3rver (a fake S3 in Node that speaks the S3
 * REST protocol, SigV4 and multipart uploads included, storing into a folder), started on a free
 * loopback port in a temporary folder with one bucket. Nothing here calls another host.
 *
 * s3rver 3.7 lacks two calls the app makes: AbortMultipartUpload (DELETE ?uploadId) and
 * ListMultipartUploads (GET ?uploads). They are added here in S3's own shapes, over s3rver's own
 * folder of unfinished uploads (`uploadsOnDisk()` lists that folder, independently of either call).
 *
 * `stop()` / `restart()` take the store down and bring it back on the same port and folder (what it
 * stored survives). `stopOnRequest(match)` takes it down the moment a matching request arrives (its
 * connection is dropped unanswered): "the store went down in the middle of an upload".
 * `pauseOnRequest(match)` holds a matching request until released (something happens mid-upload).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

type KoaContext = {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  req: http.IncomingMessage;
  status: number;
  body: unknown;
  type: string;
  respond: boolean;
};
type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
type S3rverInstance = {
  middleware: Middleware[];
  httpServer: http.Server;
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** s3rver's fixed credentials (it checks SigV4 signatures made with them). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export type RequestSeen = { method: string; path: string; query: Record<string, string | string[] | undefined> };

export type S3Server = Awaited<ReturnType<typeof startS3Server>>;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startS3Server(options: { bucket?: string } = {}) {
  const bucket = options.bucket ?? 'snapshots';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'preflab-s3-'));
  let port = 0;
  let server: S3rverInstance | null = null;
  let trap: { match: (r: RequestSeen) => boolean; stopped: () => void } | null = null;
  let pause: { match: (r: RequestSeen) => boolean; reached: () => void; released: Promise<void> } | null = null;
  const requests: RequestSeen[] = [];
  // Part uploads s3rver is writing, per upload id: an abort waits for them, so it never removes the
  // folder a part is being written into (s3rver would then fail with ENOENT and never answer).
  const partsInFlight = new Map<string, number>();

  // s3rver's folder of unfinished uploads (named by its store, read while it is down too).
  let uploadsPath = '';
  const uploadsDir = () => uploadsPath;

  async function unfinishedUploads(): Promise<{ uploadId: string; key: string }[]> {
    const dir = uploadsDir();
    const ids = await readdir(dir).catch(() => [] as string[]);
    const found = [];
    for (const uploadId of ids) {
      const key = await readFile(path.join(dir, uploadId, 'key'), 'utf8').catch(() => null);
      if (key !== null) found.push({ uploadId, key });
    }
    return found;
  }

  const extraCalls: Middleware = async (ctx, next) => {
    const seen = { method: ctx.method, path: ctx.path, query: ctx.query };
    requests.push(seen);
    if (trap?.match(seen)) {
      const { stopped } = trap;
      trap = null;
      ctx.respond = false;
      ctx.req.socket.destroy();
      void halt().then(stopped);
      return;
    }
    if (pause?.match(seen)) {
      const { reached, released } = pause;
      pause = null;
      reached();
      await released;
    }
    const [, bucketName, ...keyParts] = ctx.path.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : null;
    if (bucketName === bucket && ctx.method === 'PUT' && uploadId && ctx.query.partNumber !== undefined) {
      partsInFlight.set(uploadId, (partsInFlight.get(uploadId) ?? 0) + 1);
      try {
        await next();
      } finally {
        partsInFlight.set(uploadId, partsInFlight.get(uploadId)! - 1);
      }
      return;
    }
    if (bucketName === bucket && ctx.method === 'DELETE' && key && uploadId) {
      while ((partsInFlight.get(uploadId) ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const upload = (await unfinishedUploads()).find((u) => u.uploadId === uploadId && u.key === key);
      if (!upload) {
        ctx.status = 404;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>No such upload</Message></Error>';
        return;
      }
      await rm(path.join(uploadsDir(), upload.uploadId), { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (bucketName === bucket && ctx.method === 'GET' && !key && 'uploads' in ctx.query) {
      const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
      const uploads = (await unfinishedUploads()).filter((u) => u.key.startsWith(prefix));
      ctx.status = 200;
      ctx.type = 'application/xml';
      ctx.body =
        `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Bucket>${xml(bucket)}</Bucket><Prefix>${xml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
        uploads
          .map(
            (u) =>
              `<Upload><Key>${xml(u.key)}</Key><UploadId>${xml(u.uploadId)}</UploadId><Initiated>2026-01-01T00:00:00.000Z</Initiated></Upload>`,
          )
          .join('') +
        `</ListMultipartUploadsResult>`;
      return;
    }
    await next();
  };

  async function run() {
    partsInFlight.clear();
    const instance = new S3rver({
      address: '127.0.0.1',
      port,
      directory,
      silent: true,
      configureBuckets: [{ name: bucket }],
    });
    instance.middleware.unshift(extraCalls);
    uploadsPath = instance.store.getResourcePath(bucket, undefined, 'uploads');
    const address = await instance.run();
    port = address.port;
    server = instance;
  }

  async function halt() {
    const instance = server;
    if (!instance) return;
    server = null;
    instance.httpServer.closeAllConnections();
    await instance.close();
  }

  await run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    bucket,
    directory,
    endpoint,
    port,
    client,
    requests,
    /** SNAPSHOT_STORE_URL for this server, keys under `prefix`. */
    storeUrl: (prefix: string, params: Record<string, string> = {}) =>
      `s3://${bucket}/${prefix}?${new URLSearchParams({ endpoint, region: 'us-east-1', forcePathStyle: 'true', ...params })}`,
    /** The keys in the bucket (ListObjectsV2). */
    async listKeys(prefix = ''): Promise<string[]> {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (page.Contents ?? []).map((o) => o.Key!);
    },
    /** Unfinished multipart uploads as the S3 API lists them (ListMultipartUploads). */
    async listUploads(prefix = ''): Promise<string[]> {
      const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
      return (page.Uploads ?? []).map((u) => u.Key!);
    },
    /** Unfinished multipart uploads as s3rver keeps them on disk. */
    uploadsOnDisk: async () => (await unfinishedUploads()).map((u) => u.key),
    running: () => server !== null,
    stop: halt,
    restart: run,
    /** Takes the store down when the next request matching `match` arrives; resolves once it is down. */
    stopOnRequest(match: (request: RequestSeen) => boolean): Promise<void> {
      return new Promise((resolve) => {
        trap = { match, stopped: resolve };
      });
    },
    /** Holds the next request matching `match` until `release()`: `reached` resolves when it arrives. */
    pauseOnRequest(match: (request: RequestSeen) => boolean) {
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const reached = new Promise<void>((resolve) => {
        pause = { match, reached: resolve, released };
      });
      return { reached, release };
    },
    async close() {
      await halt();
      client.destroy();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
