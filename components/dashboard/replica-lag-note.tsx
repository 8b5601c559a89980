/** The dashboard's "as of" line when its figures were read from a replica (issue 29); nothing when they are the primary's. */
export function ReplicaLagNote({ lagSeconds }: { lagSeconds: number | null }) {
  if (lagSeconds === null) return null;
  const seconds = Math.max(0, Math.round(lagSeconds));
  return (
    <p role="status" className="text-xs text-slate-500">
      Figures as of {seconds} s ago: read from a database replica, which follows the primary with a short delay.
    </p>
  );
}
