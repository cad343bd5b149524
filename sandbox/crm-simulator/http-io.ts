// Small helpers for Node's http: reading bodies and writing JSON/HTML answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './errors';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new HttpError(413, 'Request body too large'))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** The media type without parameters, lowercased ("application/json; charset=utf-8" -> "application/json"). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    ...headers,
  });
  res.end(html);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof HttpError) sendJson(res, err.status, { message: err.message }, err.headers);
  else
    sendJson(res, 500, {
      message: `Internal simulator error: ${err instanceof Error ? err.message : String(err)}`,
    });
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (e) {
    throw new HttpError(400, `Malformed JSON body: ${e instanceof Error ? e.message : String(e)}`);
  }
}
