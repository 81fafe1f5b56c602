// A public status page: look a report up by its LAPOR! tracking ID, then follow its status live.
// No API key: the status by tracking ID is public. Query parameters: `api` (the service's /graphql URL,
// default: same origin), `transport` (ws or sse), `trackingId` (look up at once).
import { createTuntasClient, NotFoundError, type ComplaintStatusView, type EventStream, type Transport } from '@tuntas/sdk';

const params = new URLSearchParams(location.search);
const transport: Transport = params.get('transport') === 'sse' ? 'sse' : 'ws';
const client = createTuntasClient({ url: params.get('api') ?? new URL('/graphql', location.href).href, subscriptionTransport: transport });

const $ = (id: string) => document.getElementById(id)!;
const describe = (v: ComplaintStatusView) => `${v.trackingId}: ${v.status} (putaran ${v.round}, versi ${v.version}) — ${v.agencyName}`;
$('transport').textContent = transport === 'ws' ? 'WebSocket' : 'Server-Sent Events';

let watching: EventStream<ComplaintStatusView> | undefined;

async function show(trackingId: string) {
  watching?.unsubscribe();
  $('log').replaceChildren();
  const view = await client.complaintStatus(trackingId);
  $('lookup').textContent = view ? describe(view) : 'Laporan tidak ditemukan';
  if (!view) return;
  watching = client.watchComplaint(trackingId, { onResubscribed: () => log('tersambung kembali') });
  $('live').dataset.state = 'connecting';
  void watching.ready.then(() => ($('live').dataset.state = 'ready'));
  try {
    for await (const v of watching) {
      $('live').textContent = describe(v);
      $('live').dataset.status = v.status;
      $('live').dataset.version = String(v.version);
      log(`${v.status} (versi ${v.version})`);
    }
  } catch (e) {
    $('live').textContent = e instanceof NotFoundError ? 'Laporan tidak ditemukan' : `Gagal: ${(e as Error).message}`;
  }
}

function log(text: string) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString('id-ID')} ${text}`;
  $('log').append(li);
}

$('lookup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void show(($('tracking-id') as HTMLInputElement).value.trim());
});
const initial = params.get('trackingId');
if (initial) {
  ($('tracking-id') as HTMLInputElement).value = initial;
  void show(initial);
}
