import type { Taxonomy, TFlagListName } from '@/lib/taxonomy/schemas';

/** A flag as the editor holds it; `key` is empty for a flag added in this edit (the server derives it). */
export type FlagRow = { uid: string; key: string; label: string; description: string };
export type FlagLists = Record<TFlagListName, FlagRow[]>;
/** The row uids of each list in the order they were submitted: server errors name rows by that index. */
export type SubmittedOrder = Record<TFlagListName, string[]>;

export const LIST_NAMES: Record<TFlagListName, { title: string; one: string; hint: string }> = {
  responseFlags: { title: 'Response flags', one: 'response flag', hint: 'Labelers tick these on each response.' },
  promptFlags: { title: 'Prompt flags', one: 'prompt flag', hint: 'Labelers tick these once per prompt.' },
};

const FIELD_NAMES: Record<string, string> = { key: 'key', label: 'label', description: 'description' };

export function rowsFromTaxonomy(taxonomy: Taxonomy): FlagLists {
  const rows = (flags: Taxonomy['responseFlags']) =>
    flags.map((f) => ({ uid: `k-${f.key}`, key: f.key, label: f.label, description: f.description }));
  return { responseFlags: rows(taxonomy.responseFlags), promptFlags: rows(taxonomy.promptFlags) };
}

export function orderOf(lists: FlagLists): SubmittedOrder {
  return { responseFlags: lists.responseFlags.map((r) => r.uid), promptFlags: lists.promptFlags.map((r) => r.uid) };
}

/** True when the lists hold the same flags in the same order (uids aside). */
export function sameFlags(a: FlagLists, b: FlagLists): boolean {
  const plain = (l: FlagLists) =>
    JSON.stringify([l.responseFlags, l.promptFlags].map((rows) => rows.map((r) => [r.key, r.label, r.description])));
  return plain(a) === plain(b);
}

const ROW_ERROR = /^(responseFlags|promptFlags)\.(\d+)\.(\w+)$/;

/** The server's errors for one field of the row `uid`, found through the order the form was submitted in. */
export function rowErrors(
  errors: Record<string, string[]> | undefined,
  order: SubmittedOrder,
  list: TFlagListName,
  uid: string,
  field: string,
): string[] | undefined {
  const index = order[list].indexOf(uid);
  return index < 0 ? undefined : errors?.[`${list}.${index}.${field}`];
}

/**
 * Every server error as one sentence naming the flag by its position now and its label, and the
 * field: `Response flag 3 “Too long”, label: A flag label is 120 characters at most`. Errors of
 * rows removed since are dropped.
 */
export function describeErrors(errors: Record<string, string[]> | undefined, order: SubmittedOrder, lists: FlagLists): string[] {
  return Object.entries(errors ?? {}).flatMap(([path, messages]) => {
    const match = ROW_ERROR.exec(path);
    if (!match) {
      const list = path in LIST_NAMES ? LIST_NAMES[path as TFlagListName].title : null;
      return messages.map((m) => (list ? `${list}: ${m}` : m));
    }
    const [, list, index, field] = match as unknown as [string, TFlagListName, string, string];
    const uid = order[list][Number(index)];
    const position = lists[list].findIndex((r) => r.uid === uid);
    const row = lists[list][position];
    if (!row) return [];
    const one = LIST_NAMES[list].one;
    const name = `${one[0]?.toUpperCase()}${one.slice(1)} ${position + 1}${row.label.trim() ? ` “${row.label.trim()}”` : ''}`;
    return messages.map((m) => `${name}, ${FIELD_NAMES[field] ?? field}: ${m}`);
  });
}
