// The kafkajs client made from sendwh's settings, with kafkajs's own logging
// routed into sendwh's logger, and kafkajs failures turned into SendwhErrors.
// kafkajs is unmaintained (no release since 2023): only ingest/log/kafka/
// imports it, so another client can replace it behind the event-log port.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import kafkajs, { type ISocketFactory, type Kafka, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';

// kafkajs is CommonJS: under Node's ESM loader only its default export is reliable.
const { Kafka: KafkaClient, logLevel } = kafkajs;
import { SendwhError, type Logger } from '../../../models/index.js';
import type { KafkaSettings } from './kafkaSettings.js';

/** Retries long enough to ride out a broker restart (about a minute in all). */
export const CLIENT_RETRY = { retries: 12, initialRetryTime: 300, maxRetryTime: 10_000 };

/** A kafkajs client, and a way to end every connection it opened. */
export interface KafkaClient {
  kafka: Kafka;
  /**
   * Destroys the sockets still open once every producer, consumer and admin is
   * disconnected: a kafkajs consumer that reconnected after a broker restart can
   * open a heartbeat connection while it disconnects, which would otherwise keep
   * the process alive until the broker drops idle connections (10 minutes).
   */
  destroySockets(): void;
}

/** A kafkajs client for these settings. */
export function createKafkaClient(settings: KafkaSettings, logger: Logger): KafkaClient {
  const sockets = new Set<Socket>();
  // kafkajs's own socket factory, plus the set of open sockets.
  const socketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
    const socket: Socket = ssl
      ? tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect)
      : netConnect({ host, port }, onConnect);
    socket.setKeepAlive(true, 60_000);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    return socket;
  };
  const config: KafkaConfig = {
    socketFactory,
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 10_000,
    requestTimeout: 60_000,
    retry: CLIENT_RETRY,
    logLevel: logLevel.INFO,
    logCreator: () => (entry: LogEntry) => forward(logger, entry),
  };
  if (settings.tls !== false) {
    const { ca, cert, key, rejectUnauthorized } = settings.tls;
    config.ssl = { rejectUnauthorized, ...(ca ? { ca: [ca] } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  }
  if (settings.sasl) config.sasl = { ...settings.sasl } as SASLOptions;
  return {
    kafka: new KafkaClient(config),
    destroySockets() {
      for (const socket of sockets) {
        // 'end' first: kafkajs then rejects what waits on the connection and stops its request timers.
        socket.emit('end');
        socket.destroy();
      }
      sockets.clear();
    },
  };
}

// kafkajs logs transient protocol errors (a coordinator still loading, a rebalance) at
// ERROR and retries them; sendwh reports real failures itself, so kafkajs's lines go one
// level down and never reach a user's terminal at the default level.
function forward(logger: Logger, entry: LogEntry): void {
  const { message, timestamp: _t, ...extra } = entry.log;
  const fields: Record<string, unknown> = { kafka: entry.namespace };
  for (const k of ['broker', 'groupId', 'topic', 'partition', 'error', 'retryCount', 'retryTime']) {
    if (extra[k] !== undefined) fields[k] = extra[k];
  }
  if (entry.level === logLevel.ERROR || entry.level === logLevel.WARN) logger.info(fields, `kafka: ${message}`);
  else logger.debug(fields, `kafka: ${message}`);
}

/** kafkajs error types meaning another producer with our transactional id took over. */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'TRANSACTION_COORDINATOR_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

/** True when a kafkajs error says this producer was fenced by a newer one (or its transaction timed out). */
export function isFenced(error: unknown): boolean {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && FENCED.has(type)) return true;
    if ((e as { code?: unknown }).code === 90) return true; // PRODUCER_FENCED, unknown to kafkajs 2.2.4
  }
  return false;
}

/** A SendwhError for a failed conversation with the brokers. */
export function kafkaFailure(what: string, brokers: readonly string[], cause: unknown): SendwhError {
  if (cause instanceof SendwhError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if ((cause as { type?: unknown } | null)?.type === 'INVALID_TRANSACTION_TIMEOUT') {
    return new SendwhError('kafka-transaction-timeout', `${what} failed: the brokers allow a shorter transaction timeout than sendwh asks for`, {
      cause,
      hint: "set SENDWH_KAFKA_TRANSACTION_TIMEOUT_MS to the brokers' transaction.max.timeout.ms or less",
    });
  }
  return new SendwhError('kafka-unavailable', `${what} failed (brokers ${brokers.join(',')}): ${detail}`, {
    cause,
    hint: 'check that the brokers are up and reachable from here, and the TLS/SASL settings (sendwh <command> --help lists them)',
  });
}
