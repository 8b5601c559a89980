/**
 * The one name of each flaw severity level (issue 18), used by every screen that asks for or
 * shows a severity (perturb, detect, flaw notes, review, item and adjudication pages) and by the
 * critique-assisted evaluation. Levels are 1–4; index 0 is unused.
 */
export const SEVERITY_NAMES = ['', 'minor', 'moderate', 'major', 'critical'] as const;

export const SEVERITY_LEVELS = [1, 2, 3, 4] as const;

/** "major" for 3; the number itself for a level outside 1–4. */
export function severityName(level: number): string {
  return SEVERITY_NAMES[level] || String(level);
}

/** "3 · major": the level with its name, as every screen shows it. */
export function severityLabel(level: number): string {
  const name = SEVERITY_NAMES[level];
  return name ? `${level} · ${name}` : String(level);
}
