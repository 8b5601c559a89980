import { HealthReportView } from '@/components/health/health-report';
import type { SnapshotHealth } from '@/lib/export/find-snapshot-health';

/**
 * The "Dataset health" section of the export screen (issue 28): the health stored in one
 * pairs-type snapshot's manifest (the one picked with a row's "Health" link, else the newest).
 */
export function SnapshotHealthSection({ snapshot }: { snapshot: SnapshotHealth | null }) {
  return (
    <section id="health" aria-labelledby="health-heading" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="mb-4">
        <h2 id="health-heading" className="text-base font-semibold text-slate-900">
          Dataset health
        </h2>
        <p className="text-sm text-slate-600">
          {snapshot
            ? `Of the ${snapshot.format} snapshot of ${snapshot.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC (${snapshot.snapshotId.slice(0, 8)}): what predicts the chosen response besides its quality. The same figures are in its card and under "health" in its manifest.`
            : 'Pairs-type snapshots carry a health report: how far length, screen position and cheap features predict the labels, beside labeler agreement. Create one to see it here.'}
        </p>
      </div>
      {snapshot ? <HealthReportView report={snapshot.health} id="snapshot-health" /> : null}
    </section>
  );
}
