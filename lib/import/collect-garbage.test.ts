import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '@/lib/import/collect-garbage';

describe('collectGarbage', () => {
  it('collects an object nothing refers to any more, at once', async () => {
    const ref = new WeakRef({ rows: Array.from({ length: 1000 }, (_, i) => `row ${i}`) });
    // A WeakRef's target lives at least to the end of the job that made it.
    await sleep(0);
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
