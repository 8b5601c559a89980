import { hhTranscript } from '@/lib/export/hh-transcript';
import type { ExportItem, PairFormat, PreferencePair } from '@/lib/export/types';

const str = JSON.stringify;

/**
 * The JSON Lines text of pair rows, byte for byte JSON.stringify(pairFormatRow(format, pair))
 * (pair-lines.test.ts checks it), built by joining pieces so that each item's prompt and response
 * texts are JSON-encoded once rather than once per pair: an item with 3 rankings of 4 responses
 * repeats each text 9 times. The export's hot path; pairFormatRow stays the definition.
 */
export function createPairLineWriter(format: PairFormat): (pair: PreferencePair) => string {
  let current: ExportItem | null = null;
  let prompt = '';
  let itemId = '';
  const texts = new Map<string, string>();
  const ids = new Map<string, string>();
  const labelers = new Map<string | null, string>();

  const enter = (item: ExportItem) => {
    current = item;
    texts.clear();
    ids.clear();
    itemId = str(item.externalId ?? item.itemId);
    prompt = format === 'pairs' ? str(item.messages[0]?.content ?? '') : str(item.messages);
    for (const r of item.responses) {
      ids.set(r.id, str(r.externalId ?? r.id));
      if (format === 'hh') texts.set(r.id, str(hhTranscript(item, r)));
      else if (format === 'pairs') texts.set(r.id, str(r.text));
      else texts.set(r.id, `[{"role":"assistant","content":${str(r.text)}}]`);
    }
  };

  const labelerOf = (labeler: string | null) => {
    let encoded = labelers.get(labeler);
    if (encoded === undefined) labelers.set(labeler, (encoded = str(labeler)));
    return encoded;
  };

  return (pair) => {
    if (pair.item !== current) enter(pair.item);
    const chosen = texts.get(pair.chosen.id)!;
    const rejected = texts.get(pair.rejected.id)!;
    if (format === 'openai-dpo') return `{"input":{"messages":${prompt}},"preferred_output":${chosen},"non_preferred_output":${rejected}}`;
    const head = format === 'hh' ? `{"chosen":${chosen},"rejected":${rejected},` : `{"prompt":${prompt},"chosen":${chosen},"rejected":${rejected},`;
    const v = pair.votes;
    return (
      head +
      (pair.margin === null ? '' : `"margin":${str(pair.margin)},`) +
      (pair.tie ? '"tie":true,' : '') +
      `"item_id":${itemId},"chosen_id":${ids.get(pair.chosen.id)!},"rejected_id":${ids.get(pair.rejected.id)!},"labeler":${labelerOf(pair.labeler)},"split":"${pair.split}",` +
      `"votes":{"chosen":${v.chosen},"rejected":${v.rejected},"tie":${v.tie}}}`
    );
  };
}
