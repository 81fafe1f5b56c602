// verifyWebhook() accepts what the service's signer produces and refuses any change to it.
import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/webhooks/deliver.js';
import { verifyWebhook, WebhookSignatureError } from '../src/index.js';

const secret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const body = JSON.stringify({
  type: 'complaint.status_changed',
  timestamp: '2026-03-17T02:00:00.000Z',
  data: { eventId: 'e1', complaintId: 'Q29tcGxhaW50OjE=', status: 'REGISTERED', previousStatus: 'RECEIVED' },
});

describe('verifyWebhook', () => {
  it('returns the typed event for a delivery signed by the service', () => {
    const headers = signedHeaders(secret, 'e1', body);
    const event = verifyWebhook(secret, body, headers);
    expect(event.type).toBe('complaint.status_changed');
    expect(event.data.eventId).toBe('e1');
    // fetch-style Headers and upper-case names work too.
    expect(verifyWebhook(secret, Buffer.from(body), new Headers(headers)).type).toBe('complaint.status_changed');
  });

  it('refuses a changed body, a wrong secret, a changed id and an old timestamp', () => {
    const headers = signedHeaders(secret, 'e1', body);
    expect(() => verifyWebhook(secret, body.replace('REGISTERED', 'CLOSED'), headers)).toThrow(WebhookSignatureError);
    const other = `whsec_${Buffer.from('another-secret-another-secret-00').toString('base64')}`;
    expect(() => verifyWebhook(other, body, headers)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhook(secret, body, { ...headers, 'webhook-id': 'e2' })).toThrow(WebhookSignatureError);
    const old = signedHeaders(secret, 'e1', body, new Date(Date.now() - 10 * 60_000));
    expect(() => verifyWebhook(secret, body, old)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhook(secret, body, {})).toThrow(WebhookSignatureError);
  });
});
