// Open311 GeoReport v2 (read-only) on the real server: both formats validate against the JSON
// Schemas written from the spec, the status-view rule holds, and bad requests get the spec's errors.
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { discoverySchema, errorsSchema, serviceRequestsSchema, servicesSchema } from './georeport-v2.schema.js';

const ajv = new Ajv({ allErrors: true, strict: true });
// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext typing.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ?? formatsPlugin) as unknown as (
  a: Ajv,
) => Ajv;
addFormats(ajv);
const validators = {
  service_requests: ajv.compile(serviceRequestsSchema),
  services: ajv.compile(servicesSchema),
  errors: ajv.compile(errorsSchema),
  discovery: ajv.compile(discoverySchema),
};

function valid(kind: keyof typeof validators, body: unknown) {
  const v = validators[kind];
  if (!v(body)) throw new Error(`${kind} does not validate: ${ajv.errorsText(v.errors)}\n${JSON.stringify(body, null, 2)}`);
  return body as any;
}

/** XML back to the JSON shape: lists from repeated elements, empty elements as null, typed scalars. */
const LISTS: Record<string, string> = { service_requests: 'request', services: 'service', errors: 'error' };
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['request', 'service', 'error', 'endpoint', 'format'].includes(name),
});
function fromXml(xml: string): { root: string; body: unknown } {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parser.parse(xml) as Record<string, any>;
  const root = Object.keys(doc).find((k) => k !== '?xml')!;
  const scalar = (k: string, v: unknown): unknown => {
    if (v === '') return null;
    if (k === 'code' || k === 'lat' || k === 'long') return Number(v);
    if (k === 'metadata') return v === 'true';
    return v;
  };
  const item = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, scalar(k, v)]));
  if (root === 'discovery') {
    const d = doc.discovery;
    return {
      root,
      body: {
        changeset: d.changeset,
        contact: d.contact,
        key_service: d.key_service === '' ? null : d.key_service,
        endpoints: d.endpoints.endpoint.map((e: any) => ({ ...e, formats: e.formats.format })),
      },
    };
  }
  const inner = doc[root] === '' ? {} : doc[root];
  return { root, body: (inner[LISTS[root]!] ?? []).map(item) };
}

let t: TestApp;
let admin: { token: string };
async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url.replace(/\/graphql$/, '')}/open311/v2/${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
}
async function both(path: string, kind: keyof typeof validators) {
  const json = await get(`${path.replace('{f}', 'json')}`);
  const xml = await get(`${path.replace('{f}', 'xml')}`);
  expect(json.type).toMatch(/^application\/json/);
  expect(xml.type).toMatch(/^text\/xml/);
  const j = valid(kind, JSON.parse(json.text));
  const parsed = fromXml(xml.text);
  expect(parsed.root).toBe(kind);
  const x = valid(kind, parsed.body);
  expect(x).toEqual(j);
  return { json: j, status: json.status, xmlStatus: xml.status };
}

beforeAll(async () => {
  t = await startTestApp({ env: { OPEN311_REQUESTS_PER_MINUTE: '1000' } });
  admin = { token: await t.login('admin@disporbudpar.demo') };
});
afterAll(() => t?.close());

describe('GET /open311/v2/', () => {
  it('discovery, in both formats', async () => {
    const { json } = await both('discovery.{f}', 'discovery');
    expect(json.endpoints[0].specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(json.endpoints[0].url).toMatch(/\/open311\/v2$/);
  });

  it('services: the kinds, with the categories in use as keywords', async () => {
    await receive(t, admin, { category: 'Sarana Olahraga' });
    const { json } = await both('services.{f}', 'services');
    expect(json.map((s: any) => s.service_code)).toEqual(['LAPORAN', 'SARAN', 'INFORMASI']);
    expect(json[0].keywords).toContain('Sarana Olahraga');
  });

  it('requests and requests/{id}: tracking ID, open/closed, dates with offsets, description and personal data null', async () => {
    const c = await receive(t, admin, {
      title: 'Nama saya Budi, rumah di Jl. Mawar 3',
      reporter: { name: 'Budi', contact: '0812' },
      location: 'Jl. Mawar 3',
    });
    const { json } = await both(`requests/${c.trackingId}.{f}`, 'service_requests');
    expect(json).toHaveLength(1);
    const r = json[0];
    expect(r).toMatchObject({
      service_request_id: c.trackingId,
      status: 'open',
      service_code: 'LAPORAN',
      agency_responsible: expect.any(String),
    });
    expect(r.requested_datetime).toMatch(/\+07:00$/);
    expect(r.expected_datetime).toMatch(/\+07:00$/);
    for (const k of ['description', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url', 'service_notice'])
      expect(r[k]).toBeNull();
    const raw = (await get(`requests/${c.trackingId}.xml`)).text + (await get(`requests/${c.trackingId}.json`)).text;
    for (const secret of ['Budi', 'Mawar', '0812']) expect(raw).not.toContain(secret);

    const listed = await both(`requests.{f}?service_request_id=${c.trackingId},UNKNOWN-1`, 'service_requests');
    expect(listed.json.map((x: any) => x.service_request_id)).toEqual([c.trackingId]);
  });

  it('filters: status, service_code, dates, page and page_size', async () => {
    const a = await receive(t, admin, { kind: 'SARAN' });
    // Closed: archived (SOP: not to be followed up).
    const b = await receive(t, admin, { kind: 'SARAN' });
    const archived = await t.gql(
      `mutation($id: ID!, $v: Int!) { archiveComplaint(id: $id, expectedVersion: $v, reason: "Duplikat laporan lain") { ... on Complaint { status } ... on Error { code message } } }`,
      { id: b.id, v: b.version },
      admin,
    );
    expect(archived.data.archiveComplaint.status).toBe('ARCHIVED');
    const open = (await both('requests.{f}?service_code=SARAN&status=open', 'service_requests')).json;
    expect(open.map((r: any) => r.service_request_id)).toContain(a.trackingId);
    expect(open.map((r: any) => r.service_request_id)).not.toContain(b.trackingId);
    const closed = (await both('requests.{f}?service_code=SARAN&status=closed', 'service_requests')).json;
    expect(closed.map((r: any) => r.service_request_id)).toEqual([b.trackingId]);
    expect(closed[0].expected_datetime).toBeNull();
    const all = (await both('requests.{f}?service_code=SARAN&status=open,closed', 'service_requests')).json;
    expect(all).toHaveLength(2);
    const page2 = (await both('requests.{f}?service_code=SARAN&page_size=1&page=2', 'service_requests')).json;
    expect(page2).toHaveLength(1);
    expect(page2[0].service_request_id).toBe(all[1].service_request_id);
    const old = (await both('requests.{f}?start_date=2020-01-01T00:00:00Z&end_date=2020-03-01T00:00:00Z', 'service_requests')).json;
    expect(old).toEqual([]);
  });
});

describe('errors: the spec’s 400 body', () => {
  async function error(path: string, status: number, pattern: RegExp) {
    for (const f of ['json', 'xml'] as const) {
      const r = await get(path.replace('{f}', f));
      expect(r.status).toBe(status);
      const body = f === 'json' ? JSON.parse(r.text) : fromXml(r.text).body;
      valid('errors', body);
      expect(body[0].code).toBe(status);
      expect(body[0].description).toMatch(pattern);
    }
  }

  it('unknown format', async () => {
    const r = await get('requests.csv');
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^text\/xml/);
    const body = valid('errors', fromXml(r.text).body);
    expect(body[0]).toEqual({ code: 400, description: 'unknown format .csv: add .json or .xml to the resource' });
    expect((await get('requests')).status).toBe(400);
  });

  it('a date range over 90 days', () =>
    error('requests.{f}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 400, /at most 90 days/));
  it('a bad status', () => error('requests.{f}?status=pending', 400, /status must be open, closed/));
  it('a bad date, service_code, page_size', async () => {
    await error('requests.{f}?start_date=yesterday', 400, /start_date must be an ISO 8601/);
    await error('requests.{f}?service_code=POTHOLE', 400, /unknown service_code POTHOLE/);
    await error('requests.{f}?page_size=5000', 400, /page_size must be a whole number from 1 to 1000/);
  });
  it('an unknown request: 404', () => error('requests/NOPE-1.{f}', 404, /no service request NOPE-1/));
});

describe('access', () => {
  it('is rate limited per client address', async () => {
    const limited = await startTestApp({ env: { OPEN311_REQUESTS_PER_MINUTE: '3' }, seed: false });
    try {
      const base = `${limited.url.replace(/\/graphql$/, '')}/open311/v2/services.json`;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(base)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const r = await fetch(base);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      valid('errors', await r.json());
    } finally {
      await limited.close();
    }
  });

  it('needs a READ_COMPLAINTS key when OPEN311_REQUIRE_API_KEY=true', async () => {
    const keyed = await startTestApp({ env: { OPEN311_REQUIRE_API_KEY: 'true' } });
    try {
      const base = `${keyed.url.replace(/\/graphql$/, '')}/open311/v2`;
      const denied = await fetch(`${base}/requests.json`);
      expect(denied.status).toBe(403);
      valid('errors', await denied.json());
      expect((await fetch(`${base}/discovery.json`)).status).toBe(200);
      const token = { token: await keyed.login('admin@disporbudpar.demo') };
      const k = await keyed.gql(
        `mutation { createApiKey(name: "Dasbor kota", scopes: [READ_COMPLAINTS]) { __typename ... on CreatedApiKey { key } ... on Error { code message } } }`,
        {},
        token,
      );
      const key = k.data?.createApiKey?.key;
      expect(key, JSON.stringify(k)).toBeTruthy();
      const ok = await fetch(`${base}/requests.json?api_key=${encodeURIComponent(key)}`);
      expect(ok.status).toBe(200);
      valid('service_requests', await ok.json());
    } finally {
      await keyed.close();
    }
  });
});
