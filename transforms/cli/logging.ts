// Creates the process logger (pino, JSON to stderr; pretty on a terminal).
// Only the composition root calls this; everything else receives a Logger.
import pino from 'pino';
import type { Logger } from '../../models/index.js';

export function createLogger(options: { env: NodeJS.ProcessEnv; command?: string }): Logger {
  const level = options.env.SENDWH_LOG_LEVEL ?? 'warn';
  const pretty = process.stderr.isTTY && options.env.SENDWH_LOG_FORMAT !== 'json';
  const base = { name: 'sendwh', level, base: { pid: process.pid } };
  if (pretty) {
    return pino(base, pino.transport({ target: 'pino-pretty', options: { destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss' } })) as unknown as Logger;
  }
  return pino(base, pino.destination({ fd: 2, sync: true })) as unknown as Logger;
}
