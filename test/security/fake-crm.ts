// A small stand-in for Atlas CRM whose answers a test scripts per request: for content the real
// simulator never sends (echoed credentials, javascript: links, stalled first attempts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import type { EntityType } from '../../src/shared/contract';

export interface FakeReply {
  status: number;
  body: unknown;
  /** Instead of `body`: this text as it is (for JSON too deep to build with JSON.stringify). */
  raw?: string;
  /** Instead of `body`: this many bytes of filler, chunked, written as fast as the reader reads. */
  streamBytes?: number;
}

export interface FakeCrm {
  baseUrl: string;
  /** Access tokens it issued. */
  tokens: string[];
  requests: { method: string; path: string }[];
  /** Bytes of `streamBytes` answers the reader took before it finished or hung up. */
  streamed: { bytes: number };
  /** While true the token endpoint refuses the client, as after the credentials were revoked. */
  refuseTokens: boolean;
  /** While set, the token endpoint answers this (its body may use the request's `auth`). */
  tokenReply: ((auth: string) => FakeReply) | undefined;
  /** While true, the first attempt at each request (method, path and query) never answers. */
  stallFirstAttempts: boolean;
  close(): Promise<void>;
}

const FILLER = Buffer.alloc(64 * 1024, 'x');

/** Writes `total` bytes, waiting for the reader between chunks; stops when it hangs up. */
function streamFiller(res: ServerResponse, total: number, streamed: { bytes: number }): void {
  let sent = 0;
  const more = () => {
    while (sent < total && !res.destroyed) {
      sent += FILLER.length;
      streamed.bytes += FILLER.length;
      if (!res.write(FILLER)) return void res.once('drain', more);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => (sent = total));
  more();
}

export async function startFakeCrm(
  answer: (req: { method: string; path: string; auth: string; body: string }) => FakeReply,
): Promise<FakeCrm> {
  const tokens: string[] = [];
  const requests: FakeCrm['requests'] = [];
  const state: {
    refuseTokens: boolean;
    tokenReply: FakeCrm['tokenReply'];
    stallFirstAttempts: boolean;
  } = { refuseTokens: false, tokenReply: undefined, stallFirstAttempts: false };
  const attempted = new Set<string>();
  const streamed = { bytes: 0 };
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push({ method: req.method ?? 'GET', path });
      const attempt = `${req.method ?? 'GET'} ${req.url ?? '/'}`;
      if (state.stallFirstAttempts && !attempted.has(attempt)) {
        // Left unanswered: the client's timeout (or close()) ends it.
        attempted.add(attempt);
        return;
      }
      let reply: FakeReply;
      if (path.endsWith('/oauth/token') && state.tokenReply) {
        reply = state.tokenReply(req.headers.authorization ?? '');
      } else if (path.endsWith('/oauth/token') && state.refuseTokens) {
        reply = { status: 401, body: { error: 'invalid_client' } };
      } else if (path.endsWith('/oauth/token')) {
        const token = `tok_${tokens.length}_${'s3cr3t'.repeat(4)}`;
        tokens.push(token);
        reply = {
          status: 200,
          body: { access_token: token, token_type: 'Bearer', expires_in: 3600 },
        };
      } else {
        const template = /\/template\/(company|contact|sale)$/.exec(path);
        reply = template
          ? { status: 200, body: templateOf(template[1] as EntityType) }
          : answer({
              method: req.method ?? 'GET',
              path,
              auth: req.headers.authorization ?? '',
              body,
            });
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      if (reply.streamBytes !== undefined) streamFiller(res, reply.streamBytes, streamed);
      else res.end(reply.raw ?? JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    requests,
    streamed,
    get refuseTokens() {
      return state.refuseTokens;
    },
    set refuseTokens(refuse: boolean) {
      state.refuseTokens = refuse;
    },
    get tokenReply() {
      return state.tokenReply;
    },
    set tokenReply(reply: FakeCrm['tokenReply']) {
      state.tokenReply = reply;
    },
    get stallFirstAttempts() {
      return state.stallFirstAttempts;
    },
    set stallFirstAttempts(stall: boolean) {
      state.stallFirstAttempts = stall;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
