// SOP step 7 through a LAPOR! connector: post the response with the connector, then record it with
// the same deliver step as a manual delivery, marked CONNECTOR. No connector can post today (the
// export file is one-way); an HTTP connector will (see src/import/connector.ts).
import { ConnectorCannotPostError, type LaporConnector } from '../import/connector.js';
import { deliverResponse } from '../sop/actions/deliver-response.js';
import type { Actor } from '../sop/runner.js';
import type { SopServices } from '../sop/services.js';
import { performStep } from '../sop/step.js';

export async function deliverThroughConnector(
  services: SopServices,
  actor: Actor & { id: string },
  connector: LaporConnector,
  req: { complaintId: string; expectedVersion: number; text: string | null },
) {
  if (!connector.canPostResponses) throw new ConnectorCannotPostError(`${connector.name} cannot post responses; record a manual delivery`);
  const complaint = await services.db.prisma.complaint.findUniqueOrThrow({
    where: { id: req.complaintId },
    select: { trackingId: true, round: true, followUpReports: { select: { round: true, text: true } } },
  });
  const text = req.text ?? complaint.followUpReports.find((r) => r.round === complaint.round)?.text ?? '';
  const posted = await connector.postResponse({ trackingId: complaint.trackingId, text });
  return performStep(services, actor, deliverResponse, {
    complaintId: req.complaintId,
    expectedVersion: req.expectedVersion,
    input: { postedAt: posted.postedAt, postedText: text, laporReference: posted.laporReference, deliveredVia: 'CONNECTOR' },
  });
}
