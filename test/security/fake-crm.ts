// A small stand-in for Atlas CRM whose answers a test scripts per request: for content the real
// simulator never sends (echoed credentials, javascript: links).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import type { EntityType } from '../../src/shared/contract';

export interface FakeReply {
  status: number;
  body: unknown;
}

export interface FakeCrm {
  baseUrl: string;
  /** Access tokens it issued. */
  tokens: string[];
  requests: { method: string; path: string }[];
  /** While true the token endpoint refuses the client, as after the credentials were revoked. */
  refuseTokens: boolean;
  close(): Promise<void>;
}

export async function startFakeCrm(
  answer: (req: { method: string; path: string; auth: string; body: string }) => FakeReply,
): Promise<FakeCrm> {
  const tokens: string[] = [];
  const requests: FakeCrm['requests'] = [];
  const state = { refuseTokens: false };
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
      let reply: FakeReply;
      if (path.endsWith('/oauth/token') && state.refuseTokens) {
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
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    requests,
    get refuseTokens() {
      return state.refuseTokens;
    },
    set refuseTokens(refuse: boolean) {
      state.refuseTokens = refuse;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
