/**
 * How long each assistant answer was in view (issue 25): an answer counts while at least a quarter
 * of it is on screen and the tab is visible. Totals grow monotonically, so the server can keep the
 * largest total it was sent (repeats and late reports change nothing). Plain object with an
 * injected clock, so it is tested without a browser.
 */
export type LookTracker = {
  setInView: (id: string, inView: boolean) => void;
  setPageVisible: (visible: boolean) => void;
  /** Totals (ms, rounded down) of every answer seen, the running spans included. */
  totals: () => { requestId: string; visibleMs: number }[];
};

export function createLookTracker(now: () => number = () => performance.now()): LookTracker {
  const inView = new Set<string>();
  const since = new Map<string, number>();
  const done = new Map<string, number>();
  let pageVisible = true;
  const settle = (id: string) => {
    const start = since.get(id);
    if (start === undefined) return;
    done.set(id, (done.get(id) ?? 0) + Math.max(0, now() - start));
    since.delete(id);
  };
  return {
    setInView(id, on) {
      if (on) {
        inView.add(id);
        if (pageVisible && !since.has(id)) since.set(id, now());
      } else {
        inView.delete(id);
        settle(id);
      }
    },
    setPageVisible(visible) {
      pageVisible = visible;
      if (!visible) for (const id of [...since.keys()]) settle(id);
      else for (const id of inView) if (!since.has(id)) since.set(id, now());
    },
    totals() {
      const t = now();
      const ids = new Set([...done.keys(), ...since.keys()]);
      return [...ids].map((id) => ({
        requestId: id,
        visibleMs: Math.floor((done.get(id) ?? 0) + (since.has(id) ? t - since.get(id)! : 0)),
      }));
    },
  };
}
