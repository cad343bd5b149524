// Small helpers shared by the in-memory services: a wire-level reply and its WHATWG Response.

export interface Reply {
  status: number;
  /** JSON body; undefined means an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function toResponse(reply: Reply): Response {
  const headers = new Headers(reply.headers);
  const hasBody = reply.body !== undefined && reply.status !== 204;
  if (hasBody && !headers.has('content-type'))
    headers.set('content-type', 'application/json;charset=UTF-8');
  return new Response(hasBody ? JSON.stringify(reply.body) : null, {
    status: reply.status,
    statusText: STATUS_TEXT[reply.status] ?? '',
    headers,
  });
}

/** Reads any fetch `body` (string, bytes, URLSearchParams, ...) as text. */
export async function bodyText(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  return new Response(body as BodyInit).text();
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
