import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // JSON lines on stdout; a load balancer's log shipper reads them as they are.
  return pino({
    level: config.logLevel,
    base: { service: 'tuntas' },
    redact: ['password', '*.password', 'token', '*.token', 'key', 'authorization'],
  });
}
