import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  // JSON lines on stdout; a load balancer's log shipper reads them as they are.
  return pino({
    level: config.logLevel,
    base: { service: 'tuntas' },
    // Never a password, token, key or a request's variables, wherever they appear in a log object.
    redact: [
      'password',
      '*.password',
      'token',
      '*.token',
      'key',
      'authorization',
      '*.authorization',
      'variables',
      '*.variables',
      'apiKey',
      '*.apiKey',
      'headers.authorization',
      'headers["x-api-key"]',
    ],
  });
}
