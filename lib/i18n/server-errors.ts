/*
 * The errors a labeler's screen can receive from a server action, in the labeler's language (issue 31).
 * The domain (lib/tasks, lib/judgments…) throws AppError with an English message, as the API and the logs
 * use it; the labeler's actions translate the message on the server with the request's locale before it
 * leaves (app/(app)/label/[projectId]/localize-result.ts), so the client shows it as it comes. Each entry
 * matches one message the domain writes; a message no entry matches (a check only a tampered request
 * reaches) stays English. tests/unit/i18n-server-errors.test.ts keeps the patterns and the sources in step.
 */

/** The catalogue namespace of the keys below. */
export const SERVER_ERRORS_CATALOGUE = { namespace: 'ServerErrors' } as const;

export const SERVER_ERRORS = [
  { key: 'noSuchTask', pattern: /^No such task$/ },
  { key: 'noLongerYours', pattern: /^This task is no longer yours$/ },
  { key: 'alreadySubmitted', pattern: /^This task is already submitted$/ },
  { key: 'skipped', pattern: /^This task was skipped$/ },
  { key: 'takenBack', pattern: /^Your lead took this task back \(labeling paused\)\. Your answers are still on this page to copy\.$/ },
  {
    key: 'rankFull',
    pattern: /^Your time on this task ran out and other labelers have completed it\. Your answers are still on this page to copy\.$/,
  },
  { key: 'demonstrateFull', pattern: /^This item already has all its demonstrations; your text was not saved as one$/ },
  { key: 'perturbFull', pattern: /^This item already has all its perturbations; yours was not saved$/ },
  { key: 'stepsFull', pattern: /^This solution already has all its step labels; your ratings were not saved$/ },
  {
    key: 'expiredOtherOpen',
    pattern: /^This task expired and you have another task open now\. Finish that one; this one was not counted\.$/,
  },
  { key: 'draftForeignResponse', pattern: /^The draft names a response that is not in this task$/ },
  { key: 'draftTooLarge', pattern: /^The draft is larger than (?<kib>\d+) KiB$/ },
  { key: 'responseGone', pattern: /^The response of this task is gone$/ },
  { key: 'perturbUnchanged', pattern: /^flawedText: the text is unchanged; plant a flaw by editing it$/ },
  { key: 'solutionDeleted', pattern: /^The solution of this task was deleted$/ },
  { key: 'chatNothingYet', pattern: /^Send a prompt and vote before you finish \(or skip this task\)\.$/ },
  { key: 'chatVoteLast', pattern: /^Vote on the last turn before you finish the conversation\.$/ },
  { key: 'demoTooShort', pattern: /^A demonstration is at least (?<min>\d+) characters \(this one has (?<length>\d+)\)$/ },
  { key: 'demoTooLong', pattern: /^A demonstration is at most (?<max>\d+) characters \(this one has (?<length>\d+)\)$/ },
  { key: 'noticedNotAsked', pattern: /^This question is asked only after a submitted task with critiques where you found a flaw$/ },
  { key: 'conversationClosed', pattern: /^This conversation is no longer open$/ },
  { key: 'unexpected', pattern: /^Something went wrong on our side\. Nothing was saved; please try again\.$/ },
  { key: 'unexpectedShort', pattern: /^Something went wrong on our side\. Try again\.$/ },
] as const;

export type ServerErrorKey = (typeof SERVER_ERRORS)[number]['key'];

/** The catalogue key and values of a domain error message, or null when it is not one a labeler sees. */
export function matchServerError(message: string): { key: ServerErrorKey; values: Record<string, number> } | null {
  for (const entry of SERVER_ERRORS) {
    const match = entry.pattern.exec(message);
    if (match) return { key: entry.key, values: Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, Number(v)])) };
  }
  return null;
}

/** `message` in the labeler's language through `translate` (next-intl's t of the ServerErrors namespace), else as it is. */
export function translateServerError(message: string, translate: (key: ServerErrorKey, values: Record<string, number>) => string): string {
  const matched = matchServerError(message);
  return matched ? translate(matched.key, matched.values) : message;
}
