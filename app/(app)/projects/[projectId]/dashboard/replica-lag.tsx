import { ReplicaLagNote } from '@/components/dashboard/replica-lag-note';
import { getReadFreshness } from '@/lib/db';

/** How far behind the primary the replica the dashboard reads from is (lib/db.ts getReadFreshness). */
export async function ReplicaLag() {
  const { replicaLagSeconds } = await getReadFreshness();
  return <ReplicaLagNote lagSeconds={replicaLagSeconds} />;
}
