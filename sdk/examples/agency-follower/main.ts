// A small service that follows one agency's live status with a READ_COMPLAINTS key and writes one JSON
// line per change (to feed a dashboard, a queue, a log). It keeps the last version per complaint: old
// events are ignored, a gap and every reconnection trigger a re-read of the list, so nothing missed
// while disconnected stays unseen.
//   TUNTAS_URL=https://lapor.example.go.id/graphql TUNTAS_API_KEY=tnt_… node main.js
import WebSocket from 'ws';
import { createTuntasClient, type ComplaintStatusChangedEvent, type Transport } from '@tuntas/sdk';

const url = process.env.TUNTAS_URL;
const apiKey = process.env.TUNTAS_API_KEY;
if (!url || !apiKey) {
  console.error('Set TUNTAS_URL and TUNTAS_API_KEY');
  process.exit(2);
}
const transport: Transport = process.env.TUNTAS_TRANSPORT === 'sse' ? 'sse' : 'ws';
const client = createTuntasClient({ url, apiKey, webSocketImpl: WebSocket, subscriptionTransport: transport });
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));

const me = await client.whoami();
if (me.kind !== 'API_KEY' || !me.scopes.includes('READ_COMPLAINTS') || !me.agencyId) {
  console.error(`This key cannot follow an agency (kind ${me.kind}, scopes ${me.scopes.join(',') || 'none'})`);
  process.exit(2);
}

const versions = new Map<string, number>();
let resyncing: Promise<void> | undefined;

/** Reads every complaint of the agency and reports those that changed since we last saw them. */
function resync(reason: string): Promise<void> {
  resyncing ??= (async () => {
    let count = 0;
    for await (const c of client.iterateComplaintStatuses({ pageSize: 100 })) {
      count++;
      if ((versions.get(c.trackingId) ?? 0) < c.version) {
        versions.set(c.trackingId, c.version);
        print({ type: 'status', source: reason, trackingId: c.trackingId, status: c.status, version: c.version });
      }
    }
    print({ type: 'synced', reason, complaints: count });
  })().finally(() => (resyncing = undefined));
  return resyncing;
}

function onEvent(e: ComplaintStatusChangedEvent) {
  const last = versions.get(e.trackingId);
  if (last !== undefined && e.version <= last) return; // already seen
  if (last !== undefined && e.version > last + 1) return void resync('gap');
  versions.set(e.trackingId, e.version);
  print({
    type: 'status',
    source: 'event',
    trackingId: e.trackingId,
    status: e.status,
    version: e.version,
    action: e.action,
    actorRole: e.actorRole,
  });
}

const subscription = client.subscribeToStatusChanges(
  { agencyId: me.agencyId },
  {
    onEvent,
    onReady: () => void resync('start'),
    onResubscribed: () => void resync('reconnected'),
    onReconnecting: ({ attempt, delayMs, error }) => print({ type: 'reconnecting', attempt, delayMs, error: error.code }),
    onError: (error) => {
      console.error(`Live status failed: ${error.code} ${error.message} (request ${error.requestId ?? '-'})`);
      process.exit(1);
    },
  },
);
print({ type: 'following', agency: me.agencyName, transport });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    subscription.unsubscribe();
    await client.dispose();
    process.exit(0);
  });
}
