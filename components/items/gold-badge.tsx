export function GoldBadge() {
  return <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800">Gold</span>;
}
