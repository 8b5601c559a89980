/** A duration as people say it: "0.4 s", "42 s", "1 min 23 s", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 950) return `${Math.round(safe / 100) / 10} s`;
  const seconds = Math.round(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  // Past an hour the seconds are noise; round to the nearest minute.
  const roundedMinutes = Math.round(seconds / 60);
  const hours = Math.floor(roundedMinutes / 60);
  return roundedMinutes % 60 ? `${hours} h ${roundedMinutes % 60} min` : `${hours} h`;
}
