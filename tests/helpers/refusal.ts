import { AppError } from '@/lib/errors';

/** The AppError an operation was refused with; fails the test when it succeeds or throws something else. */
export async function refusal(operation: Promise<unknown>): Promise<AppError> {
  const error = await operation.then(
    () => new Error('expected the operation to be refused, but it succeeded'),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}
