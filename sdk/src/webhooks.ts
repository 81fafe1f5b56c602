// Verifying tuntas webhooks on the receiving side. tuntas signs every delivery per the Standard
// Webhooks specification (webhook-id, webhook-timestamp, webhook-signature headers); this checks the
// signature and the timestamp (5 minutes' tolerance, against replays) with the reference library and
// returns the typed body. Pass the raw body exactly as received, before any JSON parsing.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface TuntasWebhookData {
  /** Also the webhook-id header: de-duplicate by it (a retry carries the same id). */
  eventId: string;
  /** Global IDs, as in the GraphQL API. */
  complaintId: string;
  agencyId: string;
  trackingId: string;
  round: number;
  version: number;
  at: string;
}

export type TuntasWebhookEvent =
  | {
      type: 'complaint.status_changed';
      timestamp: string;
      data: TuntasWebhookData & { action: string; previousStatus: string | null; status: string; actorRole: string };
    }
  | {
      type: 'complaint.deadline';
      timestamp: string;
      data: TuntasWebhookData & { deadline: 'FOLLOW_UP' | 'AUTO_CLOSE' | 'OMBUDSMAN' | 'PAUSE'; kind: string; dueAt: string };
    };

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** Header names are matched case-insensitively; a Node `IncomingHttpHeaders` or a fetch `Headers` works. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function plainHeaders(h: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof (h as Headers).forEach === 'function' && typeof (h as Headers).get === 'function') {
    (h as Headers).forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
    return out;
  }
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

/**
 * Verifies a delivery with the endpoint's secret (`whsec_…`, shown when the endpoint was created or
 * its secret rotated). Throws WebhookSignatureError when the signature or timestamp is wrong.
 */
export function verifyWebhook(secret: string, rawBody: string | Uint8Array, headers: WebhookHeaders): TuntasWebhookEvent {
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  try {
    return new Webhook(secret).verify(body, plainHeaders(headers)) as TuntasWebhookEvent;
  } catch (err) {
    if (err instanceof WebhookVerificationError) throw new WebhookSignatureError(err.message);
    throw err;
  }
}
