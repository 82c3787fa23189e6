// Which event log a command uses: the embedded one under --home (the default),
// or a Kafka cluster (--log kafka), with the options and SENDWH_* variables
// that say how to reach it. A flag wins over its variable. The SASL password is
// never a flag (it would show in `ps`): SENDWH_KAFKA_SASL_PASSWORD, or a file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { KafkaSettings, type KafkaSettingsInput } from '../../ingest/log/kafka/kafkaSettings.js';
import { UsageError } from '../../models/index.js';
import type { Context, OptionSpec } from './command.js';

/** The options every command that reads or writes the event log takes. */
export const EVENT_LOG_OPTIONS: readonly OptionSpec[] = [
  { name: 'log', type: 'string', usage: '--log embedded|kafka', description: 'the event log: embedded files under --home (default), or a Kafka cluster ($SENDWH_LOG)' },
  { name: 'brokers', type: 'string', usage: '--brokers HOST:PORT,...', description: 'Kafka bootstrap brokers; implies --log kafka ($SENDWH_KAFKA_BROKERS)' },
  { name: 'kafka-topic-prefix', type: 'string', usage: '--kafka-topic-prefix P', description: 'Kafka topics are P.commits and P.events.<source> (default sendwh; $SENDWH_KAFKA_TOPIC_PREFIX)' },
  { name: 'kafka-group', type: 'string', usage: '--kafka-group G', description: "the build's Kafka consumer group, one per warehouse (default from the prefix, host and --home; $SENDWH_KAFKA_GROUP)" },
  { name: 'kafka-tls', type: 'boolean', description: 'connect to the brokers over TLS ($SENDWH_KAFKA_TLS=1)' },
  { name: 'kafka-ca', type: 'string', usage: '--kafka-ca FILE', description: 'PEM file of the CA that signed the brokers’ certificates; implies --kafka-tls ($SENDWH_KAFKA_TLS_CA)' },
  { name: 'kafka-cert', type: 'string', usage: '--kafka-cert FILE', description: 'PEM client certificate for mutual TLS ($SENDWH_KAFKA_TLS_CERT)' },
  { name: 'kafka-key', type: 'string', usage: '--kafka-key FILE', description: 'PEM private key of --kafka-cert ($SENDWH_KAFKA_TLS_KEY)' },
  { name: 'kafka-sasl-mechanism', type: 'string', usage: '--kafka-sasl-mechanism M', description: 'SASL: plain, scram-sha-256 or scram-sha-512 ($SENDWH_KAFKA_SASL_MECHANISM)' },
  { name: 'kafka-sasl-username', type: 'string', usage: '--kafka-sasl-username U', description: 'SASL user ($SENDWH_KAFKA_SASL_USERNAME); the password: $SENDWH_KAFKA_SASL_PASSWORD' },
  { name: 'kafka-sasl-password-file', type: 'string', usage: '--kafka-sasl-password-file', description: 'FILE: read the SASL password from it instead ($SENDWH_KAFKA_SASL_PASSWORD_FILE)' },
  { name: 'kafka-partitions', type: 'string', usage: '--kafka-partitions N', description: 'partitions of the events topics sendwh creates (default 3; $SENDWH_KAFKA_PARTITIONS)' },
  { name: 'kafka-replication-factor', type: 'string', usage: '--kafka-replication-factor', description: 'N: replication of the topics sendwh creates (default 3, or the broker count if fewer; $SENDWH_KAFKA_REPLICATION_FACTOR)' },
];

/** The event log a command should open. */
export type EventLogChoice = { kind: 'embedded' } | { kind: 'kafka'; settings: KafkaSettings };

/** Reads --log and the Kafka options (then SENDWH_* variables); throws UsageError on a bad value. */
export function eventLogChoice(ctx: Pick<Context, 'options' | 'env' | 'home'>): EventLogChoice {
  const flag = (name: string): string | undefined => {
    const v = ctx.options[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const env = (name: string): string | undefined => {
    const v = ctx.env[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
  };
  const brokers = flag('brokers') ?? env('SENDWH_KAFKA_BROKERS');
  const kind = flag('log') ?? (flag('brokers') !== undefined ? 'kafka' : env('SENDWH_LOG')) ?? 'embedded';
  if (kind !== 'embedded' && kind !== 'kafka') throw new UsageError(`--log must be embedded or kafka, not '${kind}'`);
  if (kind === 'embedded') return { kind };
  if (brokers === undefined) {
    throw new UsageError('--log kafka needs the brokers', 'give --brokers host:port,... or set SENDWH_KAFKA_BROKERS');
  }
  const prefix = flag('kafka-topic-prefix') ?? env('SENDWH_KAFKA_TOPIC_PREFIX') ?? 'sendwh';
  const input: KafkaSettingsInput = {
    brokers: brokers.split(',').map((b) => b.trim()).filter((b) => b !== ''),
    topicPrefix: prefix,
    clientId: env('SENDWH_KAFKA_CLIENT_ID') ?? 'sendwh',
    group: flag('kafka-group') ?? env('SENDWH_KAFKA_GROUP') ?? defaultGroup(prefix, ctx.home.warehouse),
  };
  const ca = flag('kafka-ca') ?? env('SENDWH_KAFKA_TLS_CA');
  const cert = flag('kafka-cert') ?? env('SENDWH_KAFKA_TLS_CERT');
  const key = flag('kafka-key') ?? env('SENDWH_KAFKA_TLS_KEY');
  const tls = ctx.options['kafka-tls'] === true || truthy(env('SENDWH_KAFKA_TLS')) || ca !== undefined || cert !== undefined;
  if (tls) {
    input.tls = {
      ...(ca === undefined ? {} : { ca: readPem(ca, '--kafka-ca') }),
      ...(cert === undefined ? {} : { cert: readPem(cert, '--kafka-cert') }),
      ...(key === undefined ? {} : { key: readPem(key, '--kafka-key') }),
      rejectUnauthorized: env('SENDWH_KAFKA_TLS_REJECT_UNAUTHORIZED') !== '0',
    };
  }
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--kafka-cert and --kafka-key go together (mutual TLS)');
  const mechanism = flag('kafka-sasl-mechanism') ?? env('SENDWH_KAFKA_SASL_MECHANISM');
  if (mechanism !== undefined) {
    const username = flag('kafka-sasl-username') ?? env('SENDWH_KAFKA_SASL_USERNAME');
    const passwordFile = flag('kafka-sasl-password-file') ?? env('SENDWH_KAFKA_SASL_PASSWORD_FILE');
    const password = passwordFile !== undefined ? readSecret(passwordFile) : ctx.env['SENDWH_KAFKA_SASL_PASSWORD'];
    if (username === undefined || password === undefined || password === '') {
      throw new UsageError(
        `SASL ${mechanism} needs a user and a password`,
        'give --kafka-sasl-username (or SENDWH_KAFKA_SASL_USERNAME) and SENDWH_KAFKA_SASL_PASSWORD (or --kafka-sasl-password-file)',
      );
    }
    input.sasl = { mechanism: mechanism.toLowerCase() as 'plain', username, password };
  }
  const partitions = flag('kafka-partitions') ?? env('SENDWH_KAFKA_PARTITIONS');
  if (partitions !== undefined) input.partitions = wholeNumber(partitions, '--kafka-partitions');
  const replication = flag('kafka-replication-factor') ?? env('SENDWH_KAFKA_REPLICATION_FACTOR');
  if (replication !== undefined) input.replicationFactor = wholeNumber(replication, '--kafka-replication-factor');
  const timeout = env('SENDWH_KAFKA_TRANSACTION_TIMEOUT_MS');
  if (timeout !== undefined) input.transactionTimeoutMs = wholeNumber(timeout, 'SENDWH_KAFKA_TRANSACTION_TIMEOUT_MS');
  const parsed = KafkaSettings.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`bad Kafka option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, `run 'sendwh ingest --help' for the Kafka options`);
  }
  return { kind: 'kafka', settings: parsed.data };
}

/** Where the event log is, for people: the log directory, or the brokers and topic prefix. */
export function describeEventLog(choice: EventLogChoice, logDir: string): string {
  return choice.kind === 'embedded' ? logDir : `kafka://${choice.settings.brokers.join(',')} (topics ${choice.settings.topicPrefix}.*)`;
}

/**
 * One consumer group per warehouse: two warehouses built from the same topics must not
 * share a group, or each would be given only part of the partitions.
 */
function defaultGroup(prefix: string, warehouse: string): string {
  const id = createHash('sha256').update(`${hostname()}\u0000${warehouse}`).digest('hex').slice(0, 12);
  return `${prefix}.warehouse.${id}`;
}

function readPem(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`);
  }
}

function readSecret(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`--kafka-sasl-password-file: cannot read ${path}: ${(error as Error).message}`);
  }
}

function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} must be a whole number, not '${text}'`);
  return Number(text);
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value);
}
