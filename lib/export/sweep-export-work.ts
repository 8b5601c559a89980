import { emitLabelerAlarmEvents } from '@/lib/dashboard/emit-labeler-alarm-events';
import { failStaleSnapshots } from '@/lib/export/fail-stale-snapshots';
import { removeSnapshotObjects } from '@/lib/export/remove-snapshot-objects';
import { log } from '@/lib/log';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-due-webhooks';

/**
 * Background work any instance may do, with all state in the database: fail builds whose instance
 * stopped, emit the labeler alarms raised since the last look to the endpoints subscribed to them,
 * send due webhook deliveries, remove the objects of deleted and failed snapshots (object
 * storage). Run after each snapshot build, on snapshot list and create requests, and every minute
 * from instrumentation.ts. Never throws (logs instead).
 */
export async function sweepExportWork(): Promise<void> {
  try {
    await failStaleSnapshots();
    await emitLabelerAlarmEvents();
    await deliverDueWebhooks();
    // Last: a store that is down makes each removal wait out the SDK's retries.
    await removeSnapshotObjects();
  } catch (error) {
    log.error('export sweep failed', { error });
  }
}
