import { useEffect, useRef } from 'react';

const IDLE_AFTER_MS = 60_000;
// Timers of hidden or sleeping tabs are throttled: never count more than this at once.
const MAX_STEP_MS = 5_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'scroll', 'input', 'focusin'] as const;

type Clock = { total: number; last: number; lastInput: number; visible: boolean };

/** Adds the time since the last step if the tab was visible and the labeler active. */
function step(clock: Clock, now: number): void {
  if (clock.visible && now - clock.lastInput < IDLE_AFTER_MS) clock.total += Math.min(Math.max(now - clock.last, 0), MAX_STEP_MS);
  clock.last = now;
  clock.visible = document.visibilityState === 'visible';
}

/**
 * Active time on the task: counts while the tab is visible and the labeler did something in the
 * last 60 seconds. Starts from `initialMs` (the draft's), so it survives reloads. `read()` is
 * exact to the moment; `raise(ms)` takes a larger value (a restored local draft).
 */
export function useActiveTime(initialMs: number) {
  const clock = useRef<Clock | null>(null);
  useEffect(() => {
    const now = performance.now();
    clock.current = {
      total: clock.current?.total ?? initialMs,
      last: now,
      lastInput: now,
      visible: document.visibilityState === 'visible',
    };
    const onInput = () => {
      if (clock.current) clock.current.lastInput = performance.now();
    };
    const onStep = () => {
      if (clock.current) step(clock.current, performance.now());
    };
    for (const event of INPUT_EVENTS) window.addEventListener(event, onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', onStep);
    const id = setInterval(onStep, 1000);
    return () => {
      clearInterval(id);
      document.removeEventListener('visibilitychange', onStep);
      for (const event of INPUT_EVENTS) window.removeEventListener(event, onInput, { capture: true });
    };
    // The starting value matters only once: the screen is remounted for every task.
  }, []);
  return useRef({
    read(): number {
      const c = clock.current;
      if (!c) return initialMs;
      step(c, performance.now());
      return c.total;
    },
    raise(ms: number): void {
      if (clock.current) clock.current.total = Math.max(clock.current.total, ms);
    },
  }).current;
}
