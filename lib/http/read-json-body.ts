import { AppError } from '@/lib/errors';
import { findUnstorableValue, formatValuePath } from '@/lib/validation/find-unstorable-value';

/**
 * The request body parsed as a JSON object, read up to `maxBytes` (413 beyond, whether or not
 * Content-Length says so); 400 when it is not JSON or not an object, and 400 naming the field
 * when any part breaks the storable-input rule (lib/validation/find-unstorable-value.ts).
 */
export async function readJsonBody(
  request: { headers: { get(name: string): string | null }; body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null },
  maxBytes: number,
): Promise<Record<string, unknown>> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${Math.floor(maxBytes / 1024)} KiB`);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('INVALID_INPUT', 'The body must be JSON (Content-Type: application/json)', { input: ['not valid JSON'] });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('INVALID_INPUT', 'The body must be a JSON object', { input: ['not a JSON object'] });
  }
  const unstorable = findUnstorableValue(body);
  if (unstorable) {
    const field = formatValuePath(unstorable.path) || 'input';
    throw new AppError('INVALID_INPUT', `${field}: ${unstorable.message}`, { [field]: [unstorable.message] });
  }
  return body as Record<string, unknown>;
}
