// The 5 MB answer cap counts bytes as they stream in: a 60 MiB chunked answer (no Content-Length)
// is cut off after about 5 MB instead of being read whole into memory first.
import { CrmBadResponseError, CrmClient, type FetchLike } from '../../src/crm';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A Node fetch Response whose body is produced on demand; counts what was pulled from it. */
function streamingAnswer(totalBytes: number, pulled: { bytes: number; cancelled: boolean }) {
  const chunk = new TextEncoder().encode('x'.repeat(CHUNK));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= totalBytes) {
        controller.close();
        return;
      }
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      pulled.cancelled = true;
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
}

function clientAnswering(respond: () => Response): CrmClient {
  const fetch: FetchLike = async (url) => {
    if (url.endsWith('/oauth/token'))
      return new Response(JSON.stringify({ access_token: 'tok', expires_in: 3600 }));
    return respond();
  };
  return new CrmClient({
    baseUrl: 'https://crm.example.test',
    fetch,
    credentials: async () => ({ clientId: 'id', clientSecret: 'secret' }),
    maxRetries: 0,
  });
}

it('stops reading a 60 MiB streamed answer soon after 5 MB and refuses it', async () => {
  const pulled = { bytes: 0, cancelled: false };
  const client = clientAnswering(() => streamingAnswer(60 * MiB, pulled));
  await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmBadResponseError);
  // The stream may run a few chunks ahead of the reader, never far.
  expect(pulled.bytes).toBeLessThan(6 * MiB);
  expect(pulled.cancelled).toBe(true);
});

it('reads a streamed answer under the cap, multi-byte characters split across chunks included', async () => {
  const body = JSON.stringify({
    id: 'e1',
    type: 'company',
    fields: { 'company-name': 'Zoë 東京 🚀' },
  });
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // One byte per chunk: every multi-byte character arrives in pieces.
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
      controller.close();
    },
  });
  const client = clientAnswering(() => new Response(stream, { status: 200 }));
  await expect(client.getEntity('e1')).resolves.toMatchObject({
    fields: { 'company-name': 'Zoë 東京 🚀' },
  });
});
