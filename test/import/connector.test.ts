// The connector seam: a response posted through a connector is recorded by the same deliver step,
// marked CONNECTOR; a manual delivery is MANUAL; the export file connector cannot post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorCannotPostError, ExportFileConnector, type LaporConnector, type ResponseToPost } from '../../src/import/connector.js';
import { deliverThroughConnector } from '../../src/responses/connector-delivery.js';
import { complaintAt, loginStaff, type Staff, step, uuidOf } from '../lifecycle/steps.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let staff: Staff;
beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
});
afterAll(() => t?.close());

const RESPONSES = `query($id: ID!) { node(id: $id) { ... on Complaint { responses { deliveredVia laporReference postedText } } } }`;

/** Stands in for the HTTP connector an agency with LAPOR! API credentials would add. */
class RecordingConnector implements LaporConnector {
  readonly name = 'test connector';
  readonly canPostResponses = true;
  posted: ResponseToPost[] = [];
  async pullNewReports(): Promise<never> {
    throw new Error('not used');
  }
  async postResponse(r: ResponseToPost) {
    this.posted.push(r);
    return { postedAt: t.clock.now(), laporReference: `LAPOR-POST-${this.posted.length}` };
  }
}

describe('deliverResponse: which way the response went', () => {
  it('records CONNECTOR for a response posted through a connector, with its reference and the report text', async () => {
    const c = await complaintAt(t, staff, 'REPORT_COMPILED');
    const connector = new RecordingConnector();
    const admin = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@disporbudpar.demo' } });
    const agencyScope = { agencyId: admin.agencyId! };
    const updated = await deliverThroughConnector(t.app.services, { id: admin.id, role: 'ADMIN', scope: agencyScope }, connector, {
      complaintId: uuidOf(c.id),
      expectedVersion: c.version,
      text: null,
    });
    expect(updated.status).toBe('RESPONSE_DELIVERED');
    expect(connector.posted).toHaveLength(1);
    const r = await t.gql(RESPONSES, { id: c.id }, staff.admin);
    expect(r.data.node.responses).toEqual([
      { deliveredVia: 'CONNECTOR', laporReference: 'LAPOR-POST-1', postedText: connector.posted[0]!.text },
    ]);
    const history = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: uuidOf(c.id), action: 'DELIVER_RESPONSE' } });
    expect(history).toHaveLength(1);
  });

  it('records MANUAL for deliverResponse', async () => {
    const c = await complaintAt(t, staff, 'REPORT_COMPILED');
    await step(t, 'deliver', { id: c.id, v: c.version, input: { postedAt: t.clock.now().toISOString() } }, staff.admin);
    const r = await t.gql(RESPONSES, { id: c.id }, staff.admin);
    expect(r.data.node.responses.map((x: any) => x.deliveredVia)).toEqual(['MANUAL']);
  });

  it('an export file cannot post: refused, nothing written', async () => {
    const c = await complaintAt(t, staff, 'REPORT_COMPILED');
    const admin = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@disporbudpar.demo' } });
    const file = new ExportFileConnector(Buffer.from('ID Laporan\n'));
    await expect(
      deliverThroughConnector(t.app.services, { id: admin.id, role: 'ADMIN', scope: {} }, file, {
        complaintId: uuidOf(c.id),
        expectedVersion: c.version,
        text: null,
      }),
    ).rejects.toBeInstanceOf(ConnectorCannotPostError);
    expect(await t.db.prisma.response.count({ where: { complaintId: uuidOf(c.id) } })).toBe(0);
  });
});
