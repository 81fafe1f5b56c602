import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { Locale } from '../i18n/locale.js';
import type { AppServices } from '../services.js';

export interface Context {
  services: AppServices;
  viewer: Viewer;
  requestId: string;
  clientAddress: string;
  log: Logger;
  /** The reader's language (Accept-Language): messages and history summaries. */
  locale: Locale;
}
