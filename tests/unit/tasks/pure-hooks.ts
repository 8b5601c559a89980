import type { PoolClient } from 'pg';
import { expect } from 'vitest';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import type { SubmitContext } from '@/lib/tasks/kind';

/** For the pure hooks of a kind module: a client that fails the test if a hook touches it (no database in a unit test). */
export const noDatabase = new Proxy({} as PoolClient, {
  get(_target, key) {
    throw new Error(`a pure hook touched the database (${String(key)})`);
  },
});
export const A = '00000000-0000-4000-8000-00000000000a';
export const B = '00000000-0000-4000-8000-00000000000b';
export const C = '00000000-0000-4000-8000-00000000000c';
export const ASSIGNMENT = '00000000-0000-4000-8000-000000000001';

/** A submit context over the given project settings (defaults filled in), with noDatabase. */
export function context(settings: unknown = {}): SubmitContext {
  return { client: noDatabase, projectId: ASSIGNMENT, userId: ASSIGNMENT, settings: readProjectSettings(settings) };
}
/** An ACTIVE assignment holding slot 0, as a submit's lock finds it. */
export const locked = { id: ASSIGNMENT, itemId: ASSIGNMENT, status: 'ACTIVE', slot: 0, leaseExpiresAt: new Date(), settings: {} };

/** The AppError a promise rejects with (fails when it resolves or throws anything else). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
