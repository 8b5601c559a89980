/** An object store operation failed: unreachable, refused, or the object is not what was written. */
export class ObjectStoreError extends Error {
  /** Short and safe to show a person: the operation and the store's answer, never credentials. */
  readonly reason: string;

  constructor(operation: string, cause: unknown) {
    super(`${operation} failed: ${describeStoreError(cause)}`, { cause });
    this.name = 'ObjectStoreError';
    this.reason = `${operation}: ${describeStoreError(cause)}`;
  }
}

/** The store's answer in a few words: an S3 error code with its HTTP status, or the network error's code. */
export function describeStoreError(error: unknown): string {
  if (error instanceof ObjectStoreError) return error.reason;
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: string; $metadata?: { httpStatusCode?: number }; errors?: unknown[] };
  // A refused connection to a host with IPv4 and IPv6 addresses arrives as an AggregateError of both.
  const inner = e.errors?.[0] instanceof Error ? (e.errors[0] as Error & { code?: string }) : null;
  const code = e.code ?? inner?.code;
  if (code) return code;
  const status = e.$metadata?.httpStatusCode;
  return status ? `${e.name} (HTTP ${status})` : e.name === 'Error' ? e.message.slice(0, 120) : e.name;
}

/** Runs one store call, turning any failure into an ObjectStoreError naming the operation. */
export async function storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof ObjectStoreError ? error : new ObjectStoreError(operation, error);
  }
}
