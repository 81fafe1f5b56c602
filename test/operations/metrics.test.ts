// /metrics in Prometheus text format: parsed by a Prometheus text-format parser, protected by
// METRICS_TOKEN on the main port or served on METRICS_PORT, and its counters move with requests.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { listBackups, verifyChecksum } from '../../src/backup/files.js';
import { decodeSnapshot } from '../../src/backup/logical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../complaints/fixtures.js';
import { complaintAt, loginStaff, type Staff } from '../lifecycle/steps.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startService } from '../support/service.js';

const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
let staff: Staff;

beforeAll(async () => {
  t = await startTestApp({
    env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0', METRICS_CACHE_SECONDS: '0', BACKUP_DIR: '/nonexistent/tuntas-backups' },
  });
  staff = await loginStaff(t);
});
afterAll(async () => {
  await t?.close();
});

type Families = ReturnType<typeof parsePrometheusTextFormat>;

async function scrape(url = t.url.replace('/graphql', '/metrics'), token: string | null = TOKEN): Promise<Families> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await res.text());
}

function value(families: Families, name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) return 0;
  const sample = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample) return 0;
  return Number(sample.value ?? sample.count ?? 0);
}

describe('/metrics', () => {
  it('refuses a scrape without the token and with a wrong one', async () => {
    const url = t.url.replace('/graphql', '/metrics');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
  });

  it('parses, and HTTP, operation and error counters move with requests (by operation name, never arguments)', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      await t.gql(`query Statusku($t: String!) { complaintStatus(trackingId: $t) { status } }`, { t: `SECRET-ARG-${i}` });
    }
    // A typed error (NOT_FOUND in the result union) and a top-level one (UNAUTHENTICATED).
    const missing = Buffer.from('Complaint:00000000-0000-0000-0000-000000000000').toString('base64');
    const r = await t.gql(
      `mutation Daftar($id: ID!) { registerComplaint(id: $id, expectedVersion: 1) { __typename } }`,
      { id: missing },
      staff.admin,
    );
    expect(r.data?.registerComplaint?.__typename).toBe('NotFoundError');
    await t.gql(`query Kunci { apiKeys { name } }`);
    const after = await scrape();

    expect(
      value(after, 'tuntas_graphql_operations_total', { operation: 'Statusku', type: 'query' }) -
        value(before, 'tuntas_graphql_operations_total', { operation: 'Statusku', type: 'query' }),
    ).toBe(3);
    // The parser flattens histogram label sets; the registry's own view gives the per-operation count.
    const histogram = (await t.app.metrics.registry.getSingleMetric('tuntas_graphql_operation_duration_seconds')!.get()).values;
    expect(
      histogram.find((v) => (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.operation === 'Statusku')?.value,
    ).toBeGreaterThanOrEqual(3);
    expect(
      value(after, 'tuntas_graphql_errors_total', { code: 'NOT_FOUND' }) -
        value(before, 'tuntas_graphql_errors_total', { code: 'NOT_FOUND' }),
    ).toBe(1);
    expect(
      value(after, 'tuntas_graphql_errors_total', { code: 'UNAUTHENTICATED' }) -
        value(before, 'tuntas_graphql_errors_total', { code: 'UNAUTHENTICATED' }),
    ).toBe(1);
    const posts = (f: Families) => value(f, 'tuntas_http_requests_total', { method: 'POST', route: '/graphql', status: '200' });
    expect(posts(after) - posts(before)).toBe(5);
    const text = await (await fetch(t.url.replace('/graphql', '/metrics'), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(text).not.toContain('SECRET-ARG');
    // Every family has help and a type; histograms have buckets.
    expect(after.every((f) => f.help && f.type)).toBe(true);
    expect(after.find((f) => f.name === 'tuntas_http_request_duration_seconds')?.type).toBe('HISTOGRAM');
  });

  it('reports complaints by status, overdue follow-ups per agency, sweeper runs and backup age', async () => {
    const c = await complaintAt(t, staff, 'DISPOSED');
    await receive(t, staff.admin);
    // 10 working days later the follow-up (5 working days) is overdue.
    t.clock.set(new Date(t.clock.now().getTime() + 20 * 86_400_000));
    await t.app.sweeper.sweepOnce();
    await t.app.outbox.runOnce();
    const m = await scrape(t.app.metricsUrl!, TOKEN); // the separate port (token too, since both are set)
    expect(value(m, 'tuntas_complaints', { agency: 'DISPORBUDPAR', status: 'DISPOSED' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'tuntas_complaints', { agency: 'DISPORBUDPAR', status: 'RECEIVED' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'tuntas_complaints_follow_up_overdue', { agency: 'DISPORBUDPAR' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'tuntas_deadline_sweeps_total', { result: 'ok' })).toBe(1);
    expect(value(m, 'tuntas_deadline_sweep_actions_total', { action: 'overdue' })).toBeGreaterThanOrEqual(1);
    expect(value(m, 'tuntas_deadline_sweep_lag_seconds')).toBe(0); // the sweep just caught up
    expect(value(m, 'tuntas_backup_age_seconds')).toBe(-1); // no backup in BACKUP_DIR
    // Every stage of the outbox reported; all delivered (no endpoint, no SMTP here).
    const backlog = m.find((f) => f.name === 'tuntas_outbox_backlog')?.metrics ?? [];
    expect(backlog.map((x) => [x.labels?.stage, Number(x.value)]).sort()).toEqual([
      ['emails', 0],
      ['fan_out', 0],
      ['live', 0],
      ['webhooks', 0],
    ]);
    expect(c.status).toBe('DISPOSED');
  });

  it('counts open subscriptions by transport (SSE here) and lets them go', async () => {
    // (The previous test moved the clock past the tokens' lifetime.)
    const { trackingId } = await receive(t, { token: await t.login('admin@disporbudpar.demo') });
    const ac = new AbortController();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription Ikuti($t: String!) { complaintStatusChanged(filter: { trackingId: $t }) { status } }`,
        variables: { t: trackingId },
      }),
      signal: ac.signal,
    });
    expect(res.status).toBe(200);
    let open = 0;
    for (let i = 0; i < 50 && open === 0; i++) {
      open = value(await scrape(), 'tuntas_subscriptions_open', { transport: 'sse' });
      if (open === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(open).toBe(1);
    ac.abort();
    let left = 1;
    for (let i = 0; i < 100 && left !== 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      left = value(await scrape(), 'tuntas_subscriptions_open', { transport: 'sse' });
    }
    expect(left).toBe(0);
  });
});

describe('scheduled backups', () => {
  it('writes restorable backups into BACKUP_DIR, keeps BACKUP_KEEP of them, and reports their age', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tuntas-scheduled-'));
    const s = await startTestApp({ env: { METRICS_TOKEN: TOKEN, BACKUP_DIR: dir, BACKUP_KEEP: '2', BACKUP_INTERVAL_HOURS: '24' } });
    try {
      for (let i = 0; i < 3; i++) {
        s.clock.set(new Date(s.clock.now().getTime() + 60_000));
        expect(await s.app.backups.runOnce()).toMatch(/tuntas-.*\.backup\.gz$/);
      }
      const kept = listBackups(dir);
      expect(kept).toHaveLength(2);
      for (const b of kept) expect(() => verifyChecksum(b.file)).not.toThrow();
      expect(decodeSnapshot(readFileSync(kept[0]!.file)).header.tables).toContain('ComplaintHistory');
      const status = s.app.backups.status();
      expect(status.newest?.file).toBe(path.basename(kept[0]!.file));
      expect(status.schedule).toEqual({ intervalHours: 24, keep: 2, lastError: null });
      const m = await scrape(s.url.replace('/graphql', '/metrics'));
      expect(value(m, 'tuntas_backups_total', { result: 'ok' })).toBe(3);
      expect(value(m, 'tuntas_backup_age_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(process.env.TEST_DB !== 'postgres')('/metrics configuration (real service)', () => {
  it('is not served on the main port without METRICS_TOKEN, and a short token stops start-up', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tuntas-metrics-'));
    const svc = await startService({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
    try {
      expect((await fetch(`${svc.base}/metrics`)).status).not.toBe(200);
    } finally {
      await svc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const { runServiceToExit } = await import('../support/service.js');
    const bad = await runServiceToExit({ METRICS_TOKEN: 'short' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/METRICS_TOKEN is invalid/);
  }, 120_000);
});
