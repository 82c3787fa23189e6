// What sendwh needs to know to use a Kafka cluster as its event log: where the
// brokers are, how to reach them (TLS, SASL), which topics are ours and how new
// ones are laid out. Parsed once at the composition root (CLI options and
// SENDWH_KAFKA_* variables); the adapter trusts the parsed value.
import { z } from 'zod';

export const KafkaSaslMechanism = z.enum(['plain', 'scram-sha-256', 'scram-sha-512']);
export type KafkaSaslMechanism = z.infer<typeof KafkaSaslMechanism>;

/** TLS to the brokers: PEM texts (not paths), all optional; the system CAs are used when ca is absent. */
export const KafkaTls = z.object({
  ca: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  /** Check the brokers' certificates (default true; false only for a test cluster with self-signed certificates). */
  rejectUnauthorized: z.boolean().default(true),
});
export type KafkaTls = z.infer<typeof KafkaTls>;

/** The settings of the Kafka event log. */
export const KafkaSettings = z.object({
  /** Bootstrap brokers, host:port. */
  brokers: z.array(z.string().regex(/^[^\s,]+:\d{1,5}$/, 'a broker is host:port')).min(1),
  /** Topics are <prefix>.commits and <prefix>.events.<source>; transactional ids and groups start with it too. */
  topicPrefix: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'letters, digits, . _ - only').default('sendwh'),
  clientId: z.string().min(1).default('sendwh'),
  /** TLS settings, or false for plaintext. */
  tls: z.union([z.literal(false), KafkaTls]).default(false),
  sasl: z.object({ mechanism: KafkaSaslMechanism, username: z.string().min(1), password: z.string().min(1) }).optional(),
  /** Partitions of an events topic sendwh creates (existing topics keep theirs). */
  partitions: z.number().int().min(1).max(10_000).default(3),
  /** Replication factor of topics sendwh creates (default: 3, or fewer when the cluster has fewer brokers). */
  replicationFactor: z.number().int().min(1).max(100).optional(),
  /** The warehouse build's consumer group (default <prefix>.warehouse). One group per warehouse. */
  group: z.string().min(1).optional(),
  /** How long an append may stay open before the brokers abort it (ms; at most the brokers' transaction.max.timeout.ms). */
  transactionTimeoutMs: z.number().int().min(1000).default(900_000),
  /** How long a read waits without progress before it gives up on the brokers (ms). */
  stallTimeoutMs: z.number().int().min(1000).default(120_000),
});
export type KafkaSettings = z.infer<typeof KafkaSettings>;
export type KafkaSettingsInput = z.input<typeof KafkaSettings>;
