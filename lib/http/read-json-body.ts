import { AppError } from '@/lib/errors';

/**
 * The request body parsed as a JSON object, read up to `maxBytes` (413 beyond, whether or not
 * Content-Length says so); 400 when it is not JSON or not an object.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
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
  return body as Record<string, unknown>;
}
