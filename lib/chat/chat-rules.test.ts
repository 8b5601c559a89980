import { describe, expect, it } from 'vitest';
import { buildSideHistory, nextTurnBlocker, sharedAnswerIndex, voteBlocker, type RuleTurn } from '@/lib/chat/chat-rules';

const done = (text: string) => ({ text, status: 'DONE' as const });
const turn1: RuleTurn = { prompt: 'hi', answers: [done('A1'), done('B1')], winner: { kind: 'side', index: 1 } };

describe('voteBlocker', () => {
  it('allows a vote when every side finished or was stopped', () => {
    expect(voteBlocker({ prompt: 'p', answers: [done('x'), { text: 'par', status: 'STOPPED' }], winner: null })).toBeNull();
  });
  it('names the sides that errored, were interrupted or still stream', () => {
    const turn: RuleTurn = {
      prompt: 'p',
      answers: [{ text: 'par', status: 'ERROR' }, done('y'), { text: '', status: 'INTERRUPTED' }, { text: '', status: 'STREAMING' }],
      winner: null,
    };
    expect(voteBlocker(turn)).toBe('Answers A, C, D have not finished: wait, stop or retry them before you vote.');
  });
});

describe('nextTurnBlocker', () => {
  const base = { prompt: 'next', maxTurns: 3, maxPromptChars: 10, continuation: 'separate' as const };
  it('lets the first prompt and a voted turn continue', () => {
    expect(nextTurnBlocker({ ...base, turns: [] })).toBeNull();
    expect(nextTurnBlocker({ ...base, turns: [turn1] })).toBeNull();
  });
  it('refuses an unvoted previous turn, the turn limit, an empty or long prompt', () => {
    expect(nextTurnBlocker({ ...base, turns: [{ ...turn1, winner: null }] })).toMatch(/Vote on this turn/);
    expect(nextTurnBlocker({ ...base, turns: [turn1, turn1, turn1] })).toMatch(/limit of 3 turns/);
    expect(nextTurnBlocker({ ...base, turns: [], prompt: '   ' })).toMatch(/Write a prompt/);
    expect(nextTurnBlocker({ ...base, turns: [], prompt: 'x'.repeat(11) })).toMatch(/at most 10 characters \(this one has 11\)/);
  });
  it('refuses continuing a shared conversation whose last turn was all bad', () => {
    const bad = { ...turn1, winner: { kind: 'bothbad' as const } };
    expect(nextTurnBlocker({ ...base, continuation: 'shared', turns: [bad] })).toMatch(/no answer to continue/);
    expect(nextTurnBlocker({ ...base, continuation: 'separate', turns: [bad] })).toBeNull();
  });
});

describe('buildSideHistory', () => {
  const system = { role: 'system' as const, content: 'be brief' };
  it('gives each side its own thread in separate mode', () => {
    const a = buildSideHistory({ base: [system], turns: [turn1], position: 0, continuation: 'separate', prompt: 'q2' });
    expect(a.map((m) => m.content)).toEqual(['be brief', 'hi', 'A1', 'q2']);
    const b = buildSideHistory({ base: [], turns: [turn1], position: 1, continuation: 'separate', prompt: 'q2' });
    expect(b.map((m) => m.content)).toEqual(['hi', 'B1', 'q2']);
  });
  it('gives every side the preferred answer in shared mode (A on a tie)', () => {
    const a = buildSideHistory({ base: [], turns: [turn1], position: 0, continuation: 'shared', prompt: 'q2' });
    expect(a.map((m) => m.content)).toEqual(['hi', 'B1', 'q2']);
    expect(sharedAnswerIndex({ kind: 'tie' })).toBe(0);
    expect(sharedAnswerIndex({ kind: 'bothbad' })).toBeNull();
  });
});
