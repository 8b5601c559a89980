import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { formDataToObject, runAction } from '@/lib/forms/run-action';

const ZInput = z.object({ email: z.email({ message: 'Enter a valid email address' }), n: z.coerce.number().int() });

function form(entries: Record<string, string>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

describe('runAction', () => {
  it('returns field errors and never calls the write on invalid input', async () => {
    const write = vi.fn();
    const state = await runAction(ZInput, form({ email: 'nope', n: '1.5' }), write);
    expect(write).not.toHaveBeenCalled();
    expect(state.ok).toBe(false);
    expect(state.errors).toEqual({ email: ['Enter a valid email address'], n: ['Invalid input: expected int, received number'] });
  });

  it('passes parsed input to the write', async () => {
    const state = await runAction(ZInput, form({ email: 'a@b.co', n: '3' }), async (input) => ({
      ok: true,
      message: `${input.email}:${input.n + 1}`,
    }));
    expect(state).toEqual({ ok: true, message: 'a@b.co:4' });
  });

  it('turns domain errors into messages and hides unexpected ones', async () => {
    const conflict = await runAction(ZInput, form({ email: 'a@b.co', n: '1' }), async () => {
      throw new AppError('CONFLICT', 'Taken', { email: ['This email already has an account'] });
    });
    expect(conflict).toEqual({ ok: false, message: 'Taken', errors: { email: ['This email already has an account'] } });
    const crash = await runAction(ZInput, form({ email: 'a@b.co', n: '1' }), async () => {
      throw new Error('connection string postgres://secret@db');
    });
    expect(crash.message).not.toContain('secret');
    expect(crash.ok).toBe(false);
  });
});

describe('formDataToObject', () => {
  it('skips Next action fields and keeps repeated keys', () => {
    const fd = form({ $ACTION_ID_abc: '', a: '1' });
    fd.append('tag', 'x');
    fd.append('tag', 'y');
    expect(formDataToObject(fd)).toEqual({ a: '1', tag: ['x', 'y'] });
  });
});
