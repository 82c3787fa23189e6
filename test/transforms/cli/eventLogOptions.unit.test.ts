// Which event log a command opens, from its flags and SENDWH_* variables.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEventLog, eventLogChoice } from '../../../transforms/cli/eventLogOptions.js';
import { homePaths } from '../../../transforms/cli/home.js';

const home = homePaths('/srv/sendwh');
const choose = (options: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv = {}) => eventLogChoice({ options, env, home });

describe('event log options', () => {
  it('is the embedded log by default, even when brokers are only in the environment', () => {
    expect(choose({})).toEqual({ kind: 'embedded' });
    expect(choose({}, { SENDWH_KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual({ kind: 'embedded' });
    expect(describeEventLog(choose({}), home.log)).toBe('/srv/sendwh/log');
  });

  it('takes Kafka from --log kafka, from --brokers alone, or from SENDWH_LOG', () => {
    const flags = choose({ log: 'kafka', brokers: 'k1:9092, k2:9093' });
    expect(flags).toMatchObject({ kind: 'kafka', settings: { brokers: ['k1:9092', 'k2:9093'], topicPrefix: 'sendwh', partitions: 3, tls: false } });
    expect(choose({ brokers: 'k1:9092' })).toMatchObject({ kind: 'kafka' });
    const env = choose({}, { SENDWH_LOG: 'kafka', SENDWH_KAFKA_BROKERS: 'k1:9092', SENDWH_KAFKA_TOPIC_PREFIX: 'kent', SENDWH_KAFKA_PARTITIONS: '6' });
    expect(env).toMatchObject({ kind: 'kafka', settings: { brokers: ['k1:9092'], topicPrefix: 'kent', partitions: 6 } });
    expect(describeEventLog(env, home.log)).toBe('kafka://k1:9092 (topics kent.*)');
    // a flag wins over its variable
    expect(choose({ 'kafka-topic-prefix': 'flag' }, { SENDWH_LOG: 'kafka', SENDWH_KAFKA_BROKERS: 'k1:9092', SENDWH_KAFKA_TOPIC_PREFIX: 'env' })).toMatchObject({ settings: { topicPrefix: 'flag' } });
    expect(choose({ log: 'embedded' }, { SENDWH_LOG: 'kafka', SENDWH_KAFKA_BROKERS: 'k1:9092' })).toEqual({ kind: 'embedded' });
  });

  it('gives each warehouse its own consumer group unless one is named', () => {
    const a = choose({ brokers: 'k:9092' });
    const b = eventLogChoice({ options: { brokers: 'k:9092' }, env: {}, home: homePaths('/srv/other') });
    const group = (c: ReturnType<typeof choose>) => (c.kind === 'kafka' ? c.settings.group : undefined);
    expect(group(a)).toMatch(/^sendwh\.warehouse\.[0-9a-f]{12}$/);
    expect(group(b)).not.toBe(group(a));
    expect(group(choose({ brokers: 'k:9092' }))).toBe(group(a));
    expect(group(choose({ brokers: 'k:9092', 'kafka-group': 'mine' }))).toBe('mine');
  });

  it('reads TLS files and SASL credentials; the password comes from the environment or a file, never a flag', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sendwh-options-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA PEM');
    writeFileSync(join(dir, 'password'), 's3cret\n');
    const tls = choose({ brokers: 'k:9093', 'kafka-ca': join(dir, 'ca.pem') });
    expect(tls).toMatchObject({ settings: { tls: { ca: 'CA PEM', rejectUnauthorized: true } } });
    expect(choose({ brokers: 'k:9093', 'kafka-tls': true })).toMatchObject({ settings: { tls: { rejectUnauthorized: true } } });
    const env = choose({ brokers: 'k:9093' }, { SENDWH_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', SENDWH_KAFKA_SASL_USERNAME: 'sendwh', SENDWH_KAFKA_SASL_PASSWORD: 'pw' });
    expect(env).toMatchObject({ settings: { sasl: { mechanism: 'scram-sha-512', username: 'sendwh', password: 'pw' } } });
    const file = choose({ brokers: 'k:9093', 'kafka-sasl-mechanism': 'plain', 'kafka-sasl-username': 'u', 'kafka-sasl-password-file': join(dir, 'password') });
    expect(file).toMatchObject({ settings: { sasl: { mechanism: 'plain', username: 'u', password: 's3cret' } } });
  });

  it('refuses bad values with a usage error (exit 2) that says what to give', () => {
    const usage = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return { code: (error as { code?: string }).code, kind: (error as { kind?: string }).kind, message: (error as Error).message, hint: (error as { hint?: string }).hint };
      }
      return undefined;
    };
    expect(usage(() => choose({ log: 'postgres' }))).toMatchObject({ code: 'bad-usage', kind: 'usage', message: "--log must be embedded or kafka, not 'postgres'" });
    expect(usage(() => choose({ log: 'kafka' }))).toMatchObject({ kind: 'usage', message: '--log kafka needs the brokers', hint: expect.stringContaining('SENDWH_KAFKA_BROKERS') });
    expect(usage(() => choose({ brokers: 'no-port' }))).toMatchObject({ kind: 'usage', message: expect.stringMatching(/^bad Kafka option brokers\.0: a broker is host:port/) });
    expect(usage(() => choose({ brokers: 'k:9092', 'kafka-sasl-mechanism': 'plain', 'kafka-sasl-username': 'u' }))).toMatchObject({
      kind: 'usage',
      message: 'SASL plain needs a user and a password',
    });
    expect(usage(() => choose({ brokers: 'k:9092', 'kafka-sasl-mechanism': 'kerberos', 'kafka-sasl-username': 'u' }, { SENDWH_KAFKA_SASL_PASSWORD: 'p' }))).toMatchObject({
      kind: 'usage',
      message: expect.stringMatching(/^bad Kafka option sasl\.mechanism/),
    });
    expect(usage(() => choose({ brokers: 'k:9092', 'kafka-partitions': 'many' }))).toMatchObject({ message: "--kafka-partitions must be a whole number, not 'many'" });
    expect(usage(() => choose({ brokers: 'k:9092', 'kafka-ca': '/nonexistent/ca.pem' }))).toMatchObject({ message: expect.stringMatching(/^--kafka-ca: cannot read \/nonexistent\/ca\.pem/) });
    expect(usage(() => choose({ brokers: 'k:9092', 'kafka-topic-prefix': 'bad prefix' }))).toMatchObject({ message: expect.stringMatching(/^bad Kafka option topicPrefix/) });
  });
});
