// "Submitted — next task": the screen that submitted is replaced by the next task's screen (a
// new component, keyed by assignment id), so the submit leaves a note here for the next one to
// show. It lives in this browser tab's memory only and expires quickly (a stale note from a tab
// left open is not shown).

const MAX_AGE_MS = 60_000;
let submittedAt: number | null = null;

export function noteSubmitted(now = Date.now()): void {
  submittedAt = now;
}

/** True once after a submit (within a minute): the next task should start at its top and say so. */
export function consumeSubmittedNotice(now = Date.now()): boolean {
  const at = submittedAt;
  submittedAt = null;
  return at !== null && now - at < MAX_AGE_MS;
}
