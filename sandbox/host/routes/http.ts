// Request and response helpers over node:http: every answer is uncached and never sniffed.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
};

export const HTML = 'text/html; charset=utf-8';

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

/** The error body shape the frames' bridge reads (`error.message`). */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  sendJson(res, status, { error: { code, message } });
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves a file below baseDir; paths that climb out of it are refused. */
export async function sendFile(
  res: ServerResponse,
  baseDir: string,
  relative: string,
): Promise<void> {
  const file = path.resolve(baseDir, '.' + path.posix.normalize('/' + relative));
  if (!file.startsWith(path.resolve(baseDir) + path.sep)) return send(res, 403, 'forbidden');
  try {
    const info = await stat(file);
    if (!info.isFile()) return send(res, 404, 'not found');
    send(
      res,
      200,
      await readFile(file),
      CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    );
  } catch {
    send(res, 404, 'not found');
  }
}
