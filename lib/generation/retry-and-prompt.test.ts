import { describe, expect, it } from 'vitest';
import { buildCritiqueMessages } from '@/lib/generation/build-critique-messages';
import { MAX_ATTEMPTS, retryDelayMs } from '@/lib/generation/fail-generation-task';

describe('retry delay', () => {
  it('doubles from 1 s up to 60 s, ±20% jitter', () => {
    expect([1, 2, 3, 7, 8].map((n) => retryDelayMs(n, null, 0.5))).toEqual([1000, 2000, 4000, 60_000, 60_000]);
    expect(retryDelayMs(1, null, 0)).toBe(800);
    expect(retryDelayMs(1, null, 0.999999)).toBe(1200);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('is never sooner than the server’s Retry-After', () => {
    expect(retryDelayMs(1, 5000, 0.5)).toBe(5000);
    expect(retryDelayMs(4, 2000, 0.5)).toBe(8000);
  });
});

describe('critique prompt', () => {
  const conversation = [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Why is the sky blue?' },
  ];

  it('fills {conversation} and {answer} where the template names them', () => {
    const [m] = buildCritiqueMessages({ template: 'Q:\n{conversation}\nA:\n{answer}\nFlaws?', conversation, answer: 'Rayleigh.' });
    expect(m).toEqual({ role: 'user', content: 'Q:\nSystem: Be brief.\n\nUser: Why is the sky blue?\nA:\nRayleigh.\nFlaws?' });
  });

  it('appends both under headings when the template names neither', () => {
    const [m] = buildCritiqueMessages({ template: 'Find the flaws.', conversation, answer: 'Rayleigh.' });
    expect(m!.content).toBe('Find the flaws.\n\nConversation:\nSystem: Be brief.\n\nUser: Why is the sky blue?\n\nAnswer:\nRayleigh.');
  });
});
