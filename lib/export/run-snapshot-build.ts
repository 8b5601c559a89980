import { buildExportSnapshot } from '@/lib/export/build-export-snapshot';
import { sweepExportWork } from '@/lib/export/sweep-export-work';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';

/**
 * Builds a snapshot after the request that created it has been answered (next/server `after`),
 * then sends its webhook. Failures are stored on the snapshot row, which the page and API poll.
 */
export async function runSnapshotBuild(options: { snapshotId: string }): Promise<void> {
  try {
    await buildExportSnapshot(options);
  } catch (error) {
    if (!isAppError(error)) log.error('snapshot build failed', { error, snapshotId: options.snapshotId });
  }
  await sweepExportWork();
}
