// The pure centre of sendwh: schemas, events, ports and errors. No I/O here.
export * from './errors.js';
export * from './diagnostics.js';
export * from './sources.js';
export * from './events.js';
export * from './eventId.js';
export * from './eventLog.js';
export * from './logger.js';
