// Reads a response body while counting its bytes, so an oversized answer is cut off after the cap
// instead of being held in memory whole first.

/** A WHATWG ReadableStream (Node's fetch) as far as this module uses it. */
export interface ByteStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** What a response body may be: a WHATWG stream, or any async iterable of bytes (Node streams). */
export type ResponseBody = { getReader(): ByteStreamReader } | AsyncIterable<Uint8Array | string>;

/** Thrown when the body passes the cap; the stream has been cancelled by then. */
export class BodyTooLargeError extends Error {
  constructor(readonly bytesRead: number) {
    super(`body larger than the cap (${bytesRead} bytes read)`);
    this.name = 'BodyTooLargeError';
  }
}

async function* chunksOf(body: ResponseBody): AsyncGenerator<Uint8Array | string> {
  if (!('getReader' in body)) {
    yield* body;
    return;
  }
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value !== undefined) yield value;
    }
  } finally {
    // Leaving early (cap reached, timeout) must release the connection.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** The body as UTF-8 text; throws BodyTooLargeError as soon as more than maxBytes arrived. */
export async function readCapped(body: ResponseBody, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  for await (const chunk of chunksOf(body)) {
    const data = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    bytes += data.byteLength;
    if (bytes > maxBytes) throw new BodyTooLargeError(bytes);
    text += decoder.decode(data, { stream: true });
  }
  return text + decoder.decode();
}
