import { describe, expect, it } from 'vitest';
import { createLookTracker } from '@/components/label/assistant-panel-looks';

describe('createLookTracker (time an assistant answer was in view)', () => {
  it('counts only while the answer is on screen and the tab visible, across several spans', () => {
    let t = 0;
    const looks = createLookTracker(() => t);
    looks.setInView('a', true);
    t = 1000;
    looks.setPageVisible(false); // tab hidden: the clock of "a" stops
    t = 5000;
    looks.setPageVisible(true);
    t = 5500;
    looks.setInView('a', false);
    looks.setInView('b', true);
    t = 7000;
    expect(looks.totals()).toEqual([
      { requestId: 'a', visibleMs: 1500 },
      { requestId: 'b', visibleMs: 1500 },
    ]);
    t = 9000; // "b" still in view: its running span counts
    expect(looks.totals().find((l) => l.requestId === 'b')?.visibleMs).toBe(3500);
    expect(looks.totals().find((l) => l.requestId === 'a')?.visibleMs).toBe(1500);
  });

  it('does not start the clock for an answer scrolled into view while the tab is hidden', () => {
    let t = 0;
    const looks = createLookTracker(() => t);
    looks.setPageVisible(false);
    looks.setInView('a', true);
    t = 4000;
    expect(looks.totals()).toEqual([]);
    looks.setPageVisible(true);
    t = 4250;
    expect(looks.totals()).toEqual([{ requestId: 'a', visibleMs: 250 }]);
  });
});
