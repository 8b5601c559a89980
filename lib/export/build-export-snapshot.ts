import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { getCaughtUpReadPool, getPgPool, getSql, withTransaction } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import {
  buildManifest,
  snapshotFileName,
  type FolderManifest,
  type SnapshotFile,
  type SnapshotManifest,
} from '@/lib/export/build-manifest';
import { collectHealth } from '@/lib/export/collect-health';
import { formatSchema } from '@/lib/export/format-schema';
import { isPairFormat } from '@/lib/export/item-rows';
import { loadCardContext } from '@/lib/export/load-card-context';
import { countExportItems, loadExportItems } from '@/lib/export/load-export-items';
import { parquetEncoder } from '@/lib/export/parquet-encoder';
import { renderDatasetCard } from '@/lib/export/render-dataset-card';
import { settingsFromRecord, type ExportOptionsRecord, type ExportSettings } from '@/lib/export/schemas';
import { jsonLinesEncoder, type ShardEncoder } from '@/lib/export/shard-encoder';
import type { ExportFormat } from '@/lib/export/types';
import { writeExport } from '@/lib/export/write-export';
import { createShardSet, type ShardFile } from '@/lib/export/write-shards';
import { writeSnapshotZip } from '@/lib/export/write-snapshot-zip';
import { queueSnapshotObjectRemoval, removeSnapshotObjects } from '@/lib/export/remove-snapshot-objects';
import { objectSink, snapshotObjectKey, type SnapshotSink } from '@/lib/export/snapshot-object-sink';
import { log } from '@/lib/log';
import { getObjectStore } from '@/lib/storage/get-object-store';
import { ObjectStoreError } from '@/lib/storage/store-error';
import { enqueueSnapshotWebhook } from '@/lib/webhooks/enqueue-snapshot-webhook';

type SnapshotRow = {
  id: string;
  projectId: string;
  format: ExportFormat;
  options: ExportOptionsRecord;
  status: 'BUILDING' | 'READY' | 'FAILED';
  createdAt: Date;
  chunkSize: number;
  appVersion: string;
  slug: string;
  name: string;
  userId: string | null;
  userName: string | null;
};

/** The snapshot was deleted while it was being built. */
class SnapshotGone extends Error {}

const FOREIGN_KEY_VIOLATION = '23503';
/** Timestamps are stored as UTC wall-clock time (as Prisma writes them), whatever the session time zone. */
const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Buffers bytes into chunks of exactly `chunkSize` and stores each as its own row, awaiting the insert (backpressure). */
function chunkSink(snapshotId: string, chunkSize: number): SnapshotSink {
  let buffer = Buffer.alloc(chunkSize);
  let fill = 0;
  let seq = 0;
  const store = async (data: Buffer) => {
    try {
      await getPgPool().query('INSERT INTO export_snapshot_chunks ("snapshotId", seq, data) VALUES ($1, $2, $3)', [
        snapshotId,
        seq++,
        data,
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new SnapshotGone();
      throw error;
    }
  };
  return {
    async write(chunk: Buffer) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = chunk.copy(buffer, fill, offset);
        fill += n;
        offset += n;
        if (fill === chunkSize) {
          const full = buffer;
          buffer = Buffer.alloc(chunkSize);
          fill = 0;
          await store(full);
        }
      }
    },
    async end() {
      if (fill > 0) await store(buffer.subarray(0, fill));
      return { objectEtag: null };
    },
    // The chunks written so far are deleted with the snapshot's failure (or its row).
    cancel: async () => undefined,
  };
}

async function progress(snapshotId: string, fields: { itemsDone?: number; itemsTotal?: number; rowCount?: number }) {
  const { rowCount } = await getPgPool().query(
    `UPDATE export_snapshots SET "itemsDone" = coalesce($2, "itemsDone"), "itemsTotal" = coalesce($3, "itemsTotal"), "rowCount" = coalesce($4, "rowCount"), "heartbeatAt" = ${NOW_UTC}
      WHERE id = $1 AND status = 'BUILDING'`,
    [snapshotId, fields.itemsDone ?? null, fields.itemsTotal ?? null, fields.rowCount ?? null],
  );
  if (rowCount === 0) throw new SnapshotGone();
}

/** Object storage: the row says where the bytes will be before the first byte goes there (its delete trigger then queues the object's removal). */
async function placeInStore(snapshotId: string, object: { bucket: string; key: string }) {
  const { rowCount } = await getPgPool().query(
    `UPDATE export_snapshots SET storage = 's3', "objectBucket" = $2, "objectKey" = $3, "heartbeatAt" = ${NOW_UTC} WHERE id = $1 AND status = 'BUILDING'`,
    [snapshotId, object.bucket, object.key],
  );
  if (rowCount === 0) throw new SnapshotGone();
}

async function finish(snapshot: SnapshotRow, manifest: SnapshotManifest, card: string, objectEtag: string | null) {
  await withTransaction(async (client) => {
    const { rowCount } = await client.query(
      `UPDATE export_snapshots
          SET status = 'READY', "rowCount" = $2, "splitCounts" = $3, sha256 = $4, "byteSize" = $5, manifest = $6, "datasetCard" = $7,
              "objectEtag" = $8, "itemsDone" = "itemsTotal", "finishedAt" = ${NOW_UTC}, "heartbeatAt" = ${NOW_UTC}
        WHERE id = $1 AND status = 'BUILDING'`,
      [
        snapshot.id,
        manifest.rows,
        JSON.stringify(manifest.splits),
        manifest.sha256,
        manifest.bytes,
        JSON.stringify(manifest),
        card,
        objectEtag,
      ],
    );
    if (rowCount === 0) throw new SnapshotGone();
    await enqueueSnapshotWebhook(client, { projectId: snapshot.projectId, snapshotId: snapshot.id, manifest });
  });
}

/** Marks the build FAILED and deletes its chunks; false when the snapshot was no longer BUILDING (deleted meanwhile). */
async function fail(snapshotId: string, message: string): Promise<boolean> {
  const { rowCount } = await getPgPool().query(
    `UPDATE export_snapshots SET status = 'FAILED', error = $2, "finishedAt" = ${NOW_UTC} WHERE id = $1 AND status = 'BUILDING'`,
    [snapshotId, message],
  );
  await getPgPool().query('DELETE FROM export_snapshot_chunks WHERE "snapshotId" = $1', [snapshotId]);
  return rowCount !== 0;
}

/** What a failed build tells the person who asked (never a stack trace). */
function failureReason(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (error instanceof ObjectStoreError)
    return `Could not store the snapshot in the object store (${error.reason}). Nothing of it was kept; create it again once the store is reachable.`;
  return 'The export failed on our side. Create the snapshot again.';
}

/** The data files' encoder of a snapshot's `file_format`. */
function encoderFor(settings: ExportSettings): ShardEncoder {
  return settings.record.file_format === 'parquet' ? parquetEncoder(formatSchema(settings.format, settings.record)) : jsonLinesEncoder;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The dataset folder of a snapshot, zipped into `sink`: the data shards (train's, then
 * validation's), README.md (the card) and manifest.json. Returns the stored manifest: the folder's
 * plus the archive's name, size and sha256 and where each file's bytes start in it.
 */
async function zipFolder(options: {
  snapshot: SnapshotRow;
  folder: FolderManifest;
  card: string;
  shards: ShardFile[];
  sink: { write(chunk: Buffer): Promise<void> };
}): Promise<SnapshotManifest> {
  const { snapshot, shards } = options;
  const readme = Buffer.from(options.card, 'utf8');
  const files: SnapshotFile[] = [
    ...options.folder.files,
    { path: 'README.md', split: null, rows: null, bytes: readme.length, sha256: sha256Of(readme) },
  ];
  const folder: FolderManifest = { ...options.folder, files };
  const manifestJson = Buffer.from(`${JSON.stringify(folder, null, 2)}\n`, 'utf8');
  const zip = await writeSnapshotZip({
    mtime: snapshot.createdAt,
    entries: [
      ...shards.map((s) => ({ path: s.path, bytes: s.bytes, tempPath: s.tempPath })),
      { path: 'README.md', bytes: readme.length, buffer: readme },
      { path: 'manifest.json', bytes: manifestJson.length, buffer: manifestJson },
    ],
    out: (chunk) => options.sink.write(chunk),
  });
  const stored = [...files, { path: 'manifest.json', split: null, rows: null, bytes: manifestJson.length, sha256: sha256Of(manifestJson) }];
  return {
    ...folder,
    file_name: snapshotFileName({
      id: snapshot.id,
      projectSlug: snapshot.slug,
      format: snapshot.format,
      createdAt: snapshot.createdAt,
      container: 'zip',
    }),
    files: stored.map((f) => ({ ...f, offset: zip.offsets[f.path]! })),
    sha256: zip.sha256,
    bytes: zip.bytes,
  };
}

/**
 * Writes a BUILDING snapshot: reads the project in one REPEATABLE READ transaction (a consistent
 * view however long it takes) and writes its rows split by split into shard files (temporary files
 * of this build), then zips the dataset folder (shards, card, manifest) into 256 KiB chunk rows, or,
 * with SNAPSHOT_STORE_URL set, into one object of the store by a multipart upload (verified once
 * complete), keeping progress and a heartbeat in the snapshot row; then stores the counts, sha256,
 * manifest and dataset card and queues the project's webhook in the transaction that marks it READY.
 * On failure the snapshot is marked FAILED with a reason and its chunks, or its object and unfinished
 * upload, are deleted. Deleting the snapshot meanwhile stops it. `encoder` overrides the data files' encoding, which is otherwise the
 * snapshot's `file_format` (JSON Lines, or Parquet typed by the format's schema).
 */
export async function buildExportSnapshot(options: { snapshotId: string; encoder?: ShardEncoder }): Promise<SnapshotManifest> {
  const pool = getPgPool();
  const snapshot: SnapshotRow | undefined = await getSql()
    .selectFrom('export_snapshots as s')
    .innerJoin('projects as p', 'p.id', 's.projectId')
    .leftJoin('users as u', 'u.id', 's.createdById')
    .select([
      's.id',
      's.projectId',
      's.format',
      's.options',
      's.status',
      sql<Date>`s."createdAt" AT TIME ZONE 'UTC'`.as('createdAt'),
      's.chunkSize',
      's.appVersion',
    ])
    .select(['p.slug', 'p.name', 'u.id as userId', 'u.name as userName'])
    .where('s.id', '=', options.snapshotId)
    // format and options hold what createExportSnapshot stored from a parsed export request.
    .$narrowType<{ format: ExportFormat; options: ExportOptionsRecord }>()
    .executeTakeFirst();
  if (!snapshot) throw new AppError('NOT_FOUND', 'No such snapshot');
  if (snapshot.status !== 'BUILDING') throw new AppError('CONFLICT', `This snapshot is already ${snapshot.status.toLowerCase()}`);
  const settings = settingsFromRecord(snapshot.format, snapshot.options);
  const encoder = options.encoder ?? encoderFor(settings);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'preflab-export-'));
  let sink = null as SnapshotSink | null;
  let placed = null as { bucket: string; key: string } | null;
  try {
    const store = getObjectStore();
    if (store) {
      placed = { bucket: store.bucket, key: snapshotObjectKey(store, snapshot) };
      await placeInStore(snapshot.id, placed);
    }
    const { manifest, card, objectEtag } = await withTransaction(
      async (reader) => {
        await progress(snapshot.id, { itemsTotal: await countExportItems(reader, snapshot.projectId, settings) });
        const shards = createShardSet({ encoder, dir });
        // Pair formats: the dataset health, accumulated as the rows are written (a few numbers per row).
        const health = isPairFormat(snapshot.format) ? collectHealth() : null;
        let stats;
        try {
          stats = await writeExport({
            settings,
            batches: loadExportItems({ client: reader, projectId: snapshot.projectId, settings }),
            shards,
            onProgress: ({ scanned, rows: rowCount }) => progress(snapshot.id, { itemsDone: scanned, rowCount }),
            ...(health ? { observe: health.observe } : {}),
          });
        } catch (error) {
          await shards.abort();
          throw error;
        }
        const shardFiles = await shards.finish();
        const facts = await loadCardContext({ client: reader, projectId: snapshot.projectId });
        const folder = buildManifest({
          snapshotId: snapshot.id,
          project: { id: snapshot.projectId, slug: snapshot.slug, name: snapshot.name },
          format: snapshot.format,
          options: settings.record,
          stats,
          dataset: { ...facts.dataset, labelers: stats.labelers, models: stats.models },
          files: shardFiles.map((f) => ({ path: f.path, split: f.split, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
          createdBy: snapshot.userId ? { id: snapshot.userId, name: snapshot.userName ?? '' } : null,
          createdAt: snapshot.createdAt,
          appVersion: snapshot.appVersion,
          ...(health ? { health: health.report() } : {}),
        });
        const card = renderDatasetCard(folder, {
          guidelines: facts.guidelines,
          taxonomyVersion: facts.taxonomyVersion,
          responseFlags: facts.responseFlags,
          promptFlags: facts.promptFlags,
          encoder,
        });
        sink =
          store && placed
            ? objectSink({ store, key: placed.key, heartbeat: () => progress(snapshot.id, {}) })
            : chunkSink(snapshot.id, snapshot.chunkSize);
        const manifest = await zipFolder({ snapshot, folder, card, shards: shardFiles, sink });
        const { objectEtag } = await sink.end({ bytes: manifest.bytes, sha256: manifest.sha256 });
        return { manifest, card, objectEtag };
      },
      // Issue 29: the rows may come from a replica, one that has replayed all the primary had committed
      // when the build began (else the primary): the snapshot holds at least what was there when it was asked for.
      { isolation: 'repeatable read', readOnly: true, pool: await getCaughtUpReadPool() },
    );
    await finish(snapshot, manifest, card, objectEtag);
    log.info('export snapshot ready', {
      snapshotId: snapshot.id,
      projectId: snapshot.projectId,
      format: snapshot.format,
      rows: manifest.rows,
      bytes: manifest.bytes,
    });
    return manifest;
  } catch (error) {
    await sink?.cancel();
    // Whatever reached the store goes (a partial upload, or a whole object whose snapshot was deleted
    // meanwhile): queued before the row says FAILED, so an instance stopping in between loses nothing.
    if (placed)
      await queueSnapshotObjectRemoval(pool, placed).catch((e: unknown) =>
        log.error('could not queue the removal of a snapshot object', { error: e, snapshotId: snapshot.id, key: placed?.key }),
      );
    if (error instanceof SnapshotGone) {
      await pool.query('DELETE FROM export_snapshot_chunks WHERE "snapshotId" = $1', [snapshot.id]);
      if (placed) await removeSnapshotObjects({ keys: [placed.key] });
      throw new AppError('GONE', 'The snapshot was deleted while it was being built');
    }
    if (error instanceof ObjectStoreError) log.warn('export snapshot could not be stored', { error, snapshotId: snapshot.id });
    else if (!isAppError(error)) log.error('export snapshot failed', { error, snapshotId: snapshot.id });
    const marked = await fail(snapshot.id, failureReason(error)).catch((e: unknown) => {
      log.error('could not mark the snapshot failed', { error: e, snapshotId: snapshot.id });
      return true;
    });
    if (placed) await removeSnapshotObjects({ keys: [placed.key] });
    // Deleted while its upload ran (the removal of the object then made the upload fail).
    if (!marked) throw new AppError('GONE', 'The snapshot was deleted while it was being built');
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
