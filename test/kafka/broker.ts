// Test helpers for a real Kafka broker: tests that need Kafka call ensureBroker() in
// beforeAll. CI starts one broker up front and exports SENDWH_KAFKA_BROKERS; on a developer
// machine the first caller starts it through test/kafka/broker.sh (idempotent: later callers,
// in any worker, reuse it, and it stays up for the next run until `broker.sh stop`).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SendwhError } from '../../models/errors.js';

/** Path of the script that starts, stops and restarts the test broker. */
export const brokerScript = fileURLToPath(new URL('./broker.sh', import.meta.url));

/** The broker port used when neither an option nor SENDWH_KAFKA_BROKERS says otherwise. */
export const defaultBrokerPort = 9092;

/** Where to find a broker: its bootstrap addresses, ready for `new Kafka({ brokers })`. */
export interface BrokerInfo {
  brokers: string[];
}

/**
 * Which broker to act on. Leave `port` out to use the shared broker (SENDWH_KAFKA_BROKERS or
 * 127.0.0.1:9092). Give a port to get a dedicated broker, e.g. for a test that restarts it
 * and must not disturb test files running in parallel; the controller takes port + 1, so
 * keep dedicated ports two apart and away from 9092-9093.
 */
export interface BrokerOptions {
  port?: number;
}

// Start-up needs the jars on first use (a Maven download) plus the broker's own start.
const scriptTimeoutMs = 300_000;

/** Returns a ready broker, starting one through broker.sh when none is configured. */
export async function ensureBroker(options: BrokerOptions = {}): Promise<BrokerInfo> {
  const configured = configuredBrokers();
  if (options.port === undefined && configured !== undefined) {
    await assertReachable(configured);
    return { brokers: configured };
  }
  const port = options.port ?? defaultBrokerPort;
  await runScript('start', port);
  return { brokers: [`127.0.0.1:${port}`] };
}

/**
 * Stops and starts the broker again on the same data (topics, offsets and committed
 * transactions survive), resolving once it accepts clients again. Only a broker started by
 * broker.sh on this machine can be restarted.
 */
export async function restartBroker(options: BrokerOptions = {}): Promise<void> {
  await runScript('restart', options.port ?? sharedPort());
}

/** Stops the broker (SIGTERM, then waits); its data dir is kept until the next `start`. */
export async function stopBroker(options: BrokerOptions = {}): Promise<void> {
  await runScript('stop', options.port ?? sharedPort());
}

/**
 * The process id of the broker broker.sh runs on a port (its pid file under .kafka/, or
 * SENDWH_KAFKA_STATE_DIR), or undefined when none is recorded: lets a test see the broker
 * process gone during a restart.
 */
export function brokerPid(options: BrokerOptions = {}): number | undefined {
  const stateDir = process.env['SENDWH_KAFKA_STATE_DIR'] ?? fileURLToPath(new URL('../../.kafka', import.meta.url));
  let text: string;
  try {
    text = readFileSync(join(stateDir, `broker-${options.port ?? sharedPort()}.pid`), 'utf8').trim();
  } catch {
    return undefined;
  }
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function configuredBrokers(): string[] | undefined {
  const raw = process.env['SENDWH_KAFKA_BROKERS']?.trim();
  if (raw === undefined || raw === '') return undefined;
  return raw.split(',').map((b) => b.trim()).filter((b) => b !== '');
}

function sharedPort(): number {
  const first = configuredBrokers()?.[0];
  if (first === undefined) return defaultBrokerPort;
  const match = /^(?:127\.0\.0\.1|localhost):(\d+)$/.exec(first);
  if (match?.[1] === undefined) {
    throw new SendwhError('kafka-broker-not-local', `SENDWH_KAFKA_BROKERS=${first} is not a broker on this machine`, {
      hint: 'only a broker started by test/kafka/broker.sh on 127.0.0.1 can be restarted or stopped by tests',
    });
  }
  return Number(match[1]);
}

function runScript(command: 'start' | 'stop' | 'restart', port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [brokerScript, command, '--port', String(port)],
      { timeout: scriptTimeoutMs, killSignal: 'SIGTERM' },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve();
          return;
        }
        reject(
          new SendwhError('kafka-broker-script-failed', `test/kafka/broker.sh ${command} --port ${port} failed:\n${stderr}`, {
            cause: error,
            hint: 'the broker needs Java 17+ and Maven (see test/kafka/broker.sh); its log is .kafka/broker-<port>.log',
          }),
        );
      },
    );
  });
}

// A clear error now beats a kafkajs connection retry storm in every test of the file.
async function assertReachable(brokers: string[]): Promise<void> {
  const reachable = await Promise.all(brokers.map((b) => canConnect(b)));
  if (reachable.some((ok) => ok)) return;
  throw new SendwhError('kafka-broker-unreachable', `SENDWH_KAFKA_BROKERS=${brokers.join(',')}: no broker accepts connections`, {
    hint: 'start one with `test/kafka/broker.sh start`, or unset SENDWH_KAFKA_BROKERS to let the tests start it',
  });
}

function canConnect(broker: string): Promise<boolean> {
  const at = broker.lastIndexOf(':');
  const host = broker.slice(0, at);
  const port = Number(broker.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 5_000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
