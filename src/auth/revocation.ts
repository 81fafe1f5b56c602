// Announces that someone's credentials stopped being valid. Published after the change commits, on
// the realtime pub/sub (Redis across instances): every instance ends the holder's live
// subscriptions and WebSocket connections (app.ts). Requests need no notice: each one re-checks the
// token version or the key's revocation in the database.
import type { CredentialsRevoked } from '../realtime/events.js';
import type { AppServices } from '../services.js';

export function announceRevoked(services: AppServices): (notice: CredentialsRevoked) => void {
  return (notice) => services.pubsub.publish('credentials:revoked', notice);
}
