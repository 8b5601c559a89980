/** The pure parts of useTaskScreen, the one hook of every task screen: its phases, save status, reservation note and local-draft restore. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LeaseNote } from '@/components/task/lease-note';
import {
  describeLease,
  draftIsState,
  isLocked,
  nextPhase,
  saveStatusText,
  shouldRestore,
  type TaskEvent,
  type TaskPhase,
} from '@/components/task/task-lifecycle';
import { ZDemonstrationDraft } from '@/lib/demonstrations/schemas';

const PHASES: TaskPhase[] = ['editing', 'submitting', 'skipping', 'answering', 'submitted', 'skipped'];
const EVENTS: TaskEvent[] = ['submit', 'skip', 'fail', 'ask', 'done'];
const timeOf = (at: Date) => `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;

describe('nextPhase', () => {
  it('allows exactly these moves; everything else is refused', () => {
    const allowed = PHASES.flatMap((phase) => EVENTS.map((event) => [phase, event, nextPhase(phase, event)] as const)).filter(
      ([, , next]) => next !== null,
    );
    expect(allowed).toEqual([
      ['editing', 'submit', 'submitting'],
      ['editing', 'skip', 'skipping'],
      ['submitting', 'fail', 'editing'],
      ['submitting', 'ask', 'answering'],
      ['submitting', 'done', 'submitted'],
      ['skipping', 'fail', 'editing'],
      ['skipping', 'done', 'skipped'],
      ['answering', 'done', 'submitted'],
    ]);
  });

  it('refuses a second submit or a skip while a submit is in flight, and anything after the task is gone', () => {
    expect(nextPhase('submitting', 'submit')).toBeNull();
    expect(nextPhase('submitting', 'skip')).toBeNull();
    expect(nextPhase('skipping', 'submit')).toBeNull();
    for (const gone of ['submitted', 'skipped'] as const) for (const event of EVENTS) expect(nextPhase(gone, event)).toBeNull();
  });

  it('locks the work while it is sent and once it is stored, not while editing, skipping or answering the follow-up', () => {
    expect(PHASES.filter(isLocked)).toEqual(['submitting', 'submitted', 'skipped']);
  });
});

describe('saveStatusText', () => {
  const at = '2026-12-06T09:05:00.000Z';
  it('says the same for every screen, but for the word naming a stored draft', () => {
    expect(saveStatusText({ kind: 'idle' }, { ready: true })).toBe('No changes yet');
    expect(saveStatusText({ kind: 'saving' }, { ready: true })).toBe('Saving…');
    expect(saveStatusText({ kind: 'error', message: 'The server could not be reached' }, { ready: true })).toBe('Not saved — retrying');
    expect(saveStatusText({ kind: 'saved', at }, { ready: true, timeOf })).toBe('Draft saved 09:05');
    expect(saveStatusText({ kind: 'saved', at }, { ready: true, word: 'Saved', timeOf })).toBe('Saved 09:05');
  });

  it('shows no time before hydration (the server has no clock of the browser)', () => {
    expect(saveStatusText({ kind: 'saved', at }, { ready: false, timeOf })).toBe('Draft saved');
    expect(saveStatusText({ kind: 'saved', at }, { ready: false, word: 'Saved', timeOf })).toBe('Saved');
  });
});

describe('describeLease', () => {
  const expires = '2026-12-06T10:30:00.000Z';
  const at = (iso: string) => Date.parse(iso);
  it('is calm with five minutes or more left, warns below, and after expiry says that submitting still works', () => {
    expect(describeLease(expires, at('2026-12-06T10:00:00Z'), timeOf)).toEqual({ tone: 'calm', text: 'Reserved for you until 10:30' });
    expect(describeLease(expires, at('2026-12-06T10:25:00Z'), timeOf)).toEqual({ tone: 'calm', text: 'Reserved for you until 10:30' });
    expect(describeLease(expires, at('2026-12-06T10:25:00.001Z'), timeOf)).toEqual({
      tone: 'warn',
      text: 'Reserved for you until 10:30 (4 min left)',
    });
    expect(describeLease(expires, at('2026-12-06T10:29:30Z'), timeOf)).toEqual({
      tone: 'warn',
      text: 'Reserved for you until 10:30 (less than a minute left)',
    });
    expect(describeLease(expires, at('2026-12-06T10:30:00Z'), timeOf)).toEqual({
      tone: 'ended',
      text: 'Your reservation ended at 10:30. Submitting still works while this item needs answers; your draft is kept.',
    });
  });

  it('renders nothing until the hook has a clock, then the note in its tone', () => {
    expect(renderToStaticMarkup(<LeaseNote lease={null} />)).toBe('');
    const calm = renderToStaticMarkup(<LeaseNote lease={{ tone: 'calm', text: 'Reserved for you until 10:30' }} />);
    expect(calm).toContain('data-testid="lease-note"');
    expect(calm).not.toContain('amber');
    expect(renderToStaticMarkup(<LeaseNote lease={{ tone: 'warn', text: 'x' }} />)).toContain('bg-amber-100');
  });
});

describe('shouldRestore', () => {
  const server = '2026-12-06T10:00:00.000Z';
  const current = { text: 'from the server', activeMs: 5000 };
  it('brings back work written after the server draft that differs from it', () => {
    expect(
      shouldRestore({ localUpdatedAt: Date.parse(server) + 1, serverSavedAt: server, local: { text: 'newer', activeMs: 9000 }, current }),
    ).toBe(true);
    expect(
      shouldRestore({
        localUpdatedAt: 1,
        serverSavedAt: null,
        local: { text: 'never saved', activeMs: 0 },
        current: { text: '', activeMs: 0 },
      }),
    ).toBe(true);
  });

  it('keeps the server draft when the local copy is older or the same but for active time', () => {
    expect(
      shouldRestore({ localUpdatedAt: Date.parse(server), serverSavedAt: server, local: { text: 'older', activeMs: 0 }, current }),
    ).toBe(false);
    expect(
      shouldRestore({
        localUpdatedAt: Date.parse(server) + 1,
        serverSavedAt: server,
        local: { text: 'from the server', activeMs: 99_000 },
        current,
      }),
    ).toBe(false);
  });
});

describe('draftIsState', () => {
  const wiring = draftIsState(ZDemonstrationDraft);
  it('applies patches, stamps the active time on the saved draft and reads back only a draft that fits', () => {
    const state = wiring.reduce({ text: 'a', activeMs: 0 }, { text: 'ab' });
    expect(state).toEqual({ text: 'ab', activeMs: 0 });
    expect(wiring.toDraft(state, 1234)).toEqual({ text: 'ab', activeMs: 1234 });
    expect(wiring.fromDraft({ text: 'kept', activeMs: 700 })).toEqual({ state: { text: 'kept', activeMs: 700 }, activeMs: 700 });
    expect(wiring.fromDraft({ ranking: [], activeMs: 'x' })).toBeNull();
  });
});
