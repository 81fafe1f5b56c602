// The long-lived things a request or a background job needs, built once per process in app.ts.
import type { Logger } from 'pino';
import type { TokenService } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { CalendarProvider } from './deadlines/calendar-provider.js';
import type { TuntasPubSub } from './realtime/events.js';
import type { LiveSubscriptions } from './realtime/live-subscriptions.js';
import type { DeadlineKeeper, SopServices } from './sop/services.js';

export interface AppServices extends SopServices {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  tokens: TokenService;
  /** Publish only after a transaction commits. */
  pubsub: TuntasPubSub;
  /** Agency working calendars (holidays, office hours), briefly cached. */
  calendars: CalendarProvider;
  /** Keeps deadline columns in line with every change (src/deadlines/recompute.ts); the SOP runner calls it. */
  deadlines: DeadlineKeeper;
  /** Subscriptions open on this instance (gauge; ended on shutdown). */
  live: LiveSubscriptions;
}
