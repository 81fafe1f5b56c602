// The long-lived things a request or a background job needs, built once per process in app.ts.
import type { Logger } from 'pino';
import type { TokenService } from './auth/tokens.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { CalendarProvider } from './deadlines/calendar-provider.js';
import type { TuntasPubSub } from './realtime/events.js';
import type { LiveSubscriptions } from './realtime/live-subscriptions.js';

export interface AppServices {
  config: Config;
  db: Database;
  clock: Clock;
  log: Logger;
  tokens: TokenService;
  /** Publish only after a transaction commits. */
  pubsub: TuntasPubSub;
  /** Agency working calendars (holidays, office hours), briefly cached. */
  calendars: CalendarProvider;
  /** Subscriptions open on this instance (gauge; ended on shutdown). */
  live: LiveSubscriptions;
}
