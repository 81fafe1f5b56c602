// Shared helpers for complaint tests: receive a report as the demo ADMIN, with sensible defaults.
import type { Auth, TestApp } from '../support/app.js';

let seq = 0;
export function trackingId(prefix = 'LAP') {
  seq += 1;
  return `${prefix}-${Date.now().toString(36)}-${seq}`;
}

export const RECEIVE = `mutation($input: ReceiveComplaintInput!) {
  receiveComplaint(input: $input) {
    __typename
    ... on Complaint { id trackingId status version round registerNumber }
    ... on DuplicateTrackingIdError { existingComplaintId }
    ... on InvalidInputError { issues { field message } }
    ... on Error { code message }
  }
}`;

export function receiveInput(overrides: Record<string, unknown> = {}) {
  const now = new Date();
  return {
    trackingId: trackingId(),
    kind: 'LAPORAN',
    title: 'Lampu lapangan olahraga kecamatan mati',
    content: 'Sudah dua minggu lampu di lapangan tidak menyala, mohon ditindaklanjuti.',
    category: 'Sarana Olahraga',
    submittedAt: new Date(now.getTime() - 3 * 86_400_000).toISOString(),
    dispatchedAt: new Date(now.getTime() - 86_400_000).toISOString(),
    reporter: { name: 'Budi Santoso', contact: '0812-0000-0000' },
    ...overrides,
  };
}

export async function receive(t: TestApp, auth: Auth, overrides: Record<string, unknown> = {}) {
  const r = await t.gql(RECEIVE, { input: receiveInput(overrides) }, auth);
  const c = r.data?.receiveComplaint;
  if (c?.__typename !== 'Complaint') throw new Error(`receive failed: ${JSON.stringify(r)}`);
  return c as { id: string; trackingId: string; status: string; version: number };
}

export const REGISTER = `mutation($id: ID!, $v: Int!) {
  registerComplaint(id: $id, expectedVersion: $v) {
    __typename
    ... on Complaint { id status version registerNumber }
    ... on ForbiddenError { action allowedRoles yourRole sopStep }
    ... on NotFoundError { entity requestedId }
    ... on IllegalTransitionError { currentStatus action allowedActions }
    ... on ConflictError { expectedVersion currentVersion }
    ... on InvalidInputError { issues { field message } }
    ... on Error { code message }
  }
}`;
