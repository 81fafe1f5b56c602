// A real tuntas service for the SDK tests, with API keys of each scope created through the API.
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { receiveInput } from '../../test/complaints/fixtures.js';
import WebSocket from 'ws';
import { createTuntasClient, type TuntasClientOptions, type ReceiveComplaintInput } from '../src/index.js';

export interface SdkTestApp {
  t: TestApp;
  adminToken: string;
  keys: { status: string; complaints: string; forward: string };
  /** A client on the test service; no retries unless asked (tests stay quick and exact). */
  client(opts?: Partial<TuntasClientOptions>): ReturnType<typeof createTuntasClient>;
  close(): Promise<void>;
}

const CREATE_KEY = `mutation($name: String!, $scopes: [ApiKeyScope!]!) {
  createApiKey(name: $name, scopes: $scopes) { __typename ... on CreatedApiKey { key } ... on Error { code message } }
}`;

export async function startSdkApp(env?: Record<string, string>): Promise<SdkTestApp> {
  const t = await startTestApp(env ? { env } : {});
  const adminToken = await t.login('admin@disporbudpar.demo');
  const key = async (name: string, scopes: string[]) => {
    const r = await t.gql(CREATE_KEY, { name, scopes }, { token: adminToken });
    const k = r.data?.createApiKey?.key as string | undefined;
    if (!k) throw new Error(`createApiKey failed: ${JSON.stringify(r)}`);
    return k;
  };
  const keys = {
    status: await key('Portal layanan kabupaten (status)', ['READ_STATUS']),
    complaints: await key('Dasbor provinsi', ['READ_COMPLAINTS']),
    forward: await key('Aplikasi desa (teruskan laporan)', ['FORWARD_COMPLAINTS']),
  };
  const clients: ReturnType<typeof createTuntasClient>[] = [];
  return {
    t,
    adminToken,
    keys,
    client(opts = {}) {
      const c = createTuntasClient({ url: t.url, retry: false, webSocketImpl: WebSocket, ...opts });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await t.close();
    },
  };
}

/** A valid report to forward; the fixture's defaults with SDK types. */
export function reportInput(overrides: Partial<ReceiveComplaintInput> = {}): ReceiveComplaintInput {
  return receiveInput(overrides as Record<string, unknown>) as unknown as ReceiveComplaintInput;
}
