import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';
import type { AppServices } from '../services.js';

export interface Context {
  services: AppServices;
  viewer: Viewer;
  requestId: string;
  clientAddress: string;
  log: Logger;
}
