// The topics of the Kafka event log, and the rule that keeps it a log: events
// are kept forever. Topics sendwh creates get unlimited retention and the
// delete cleanup policy; a topic that would delete events after a time or a
// size, or compact a record's events down to its last one, is refused.
//
//   <prefix>.commits          one partition: one commit record per appended file
//   <prefix>.events.<source>  the events, keyed by record identity
import kafkajs, { type Admin } from 'kafkajs';

const { ConfigResourceTypes } = kafkajs;
import { SendwhError, type SourceName } from '../../../models/index.js';

export function commitsTopic(prefix: string): string {
  return `${prefix}.commits`;
}

export function eventsTopic(prefix: string, source: SourceName): string {
  return `${prefix}.events.${source}`;
}

/** The topic configuration every sendwh topic must have: nothing is ever deleted or compacted. */
export const KEEP_FOREVER: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'retention.ms': '-1',
  'retention.bytes': '-1',
};

/** One way a topic would lose events. */
export interface TopicProblem {
  topic: string;
  problem: string;
}

/** Creates the topic with KEEP_FOREVER if it does not exist; returns its partition count. */
export async function ensureTopic(admin: Admin, topic: string, partitions: number, replicationFactor: number | undefined): Promise<number> {
  const existing = await partitionCount(admin, topic);
  if (existing !== undefined) return existing;
  const replicas = replicationFactor ?? Math.min(3, (await admin.describeCluster()).brokers.length);
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: partitions,
        replicationFactor: replicas,
        configEntries: Object.entries(KEEP_FOREVER).map(([name, value]) => ({ name, value })),
      },
    ],
  });
  // Another worker may have created it first, with its own partition count.
  const created = await partitionCount(admin, topic);
  if (created === undefined) {
    throw new SendwhError('kafka-topic-missing', `Kafka topic ${topic} was created but the brokers do not list it`, {
      hint: 'try again; if it persists, check the cluster (and that sendwh may create topics)',
    });
  }
  return created;
}

/** The number of partitions of `topic`, or undefined when it does not exist. */
export async function partitionCount(admin: Admin, topic: string): Promise<number | undefined> {
  const topics = await admin.listTopics();
  if (!topics.includes(topic)) return undefined;
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  return metadata.topics[0]?.partitions.length;
}

/** The names of the events topics that exist under the prefix. */
export async function existingEventsTopics(admin: Admin, prefix: string): Promise<string[]> {
  const start = `${prefix}.events.`;
  return (await admin.listTopics()).filter((t) => t.startsWith(start)).sort();
}

/** Why each of `topics` would lose events (empty when they all keep them forever). */
export async function topicProblems(admin: Admin, topics: readonly string[]): Promise<TopicProblem[]> {
  if (topics.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: Object.keys(KEEP_FOREVER) })),
  });
  const problems: TopicProblem[] = [];
  for (const resource of described.resources) {
    const value = (name: string) => resource.configEntries.find((e) => e.configName === name)?.configValue;
    const topic = resource.resourceName;
    const policy = value('cleanup.policy') ?? '';
    if (policy.split(',').map((p) => p.trim()).includes('compact')) {
      problems.push({ topic, problem: `cleanup.policy=${policy} compacts a record's events down to its latest one` });
    } else if (policy !== 'delete') {
      problems.push({ topic, problem: `cleanup.policy=${policy || '(unset)'} is not delete` });
    }
    const ms = value('retention.ms');
    if (ms !== '-1') problems.push({ topic, problem: `retention.ms=${ms ?? '(unset)'} deletes events after a time` });
    const bytes = value('retention.bytes');
    if (bytes !== '-1') problems.push({ topic, problem: `retention.bytes=${bytes ?? '(unset)'} deletes events beyond a size` });
  }
  return problems;
}

/** Refuses to run on topics that would lose events, naming each problem and the fix. */
export function refuseUnsafeTopics(problems: readonly TopicProblem[], brokers: readonly string[]): void {
  if (problems.length === 0) return;
  const topics = [...new Set(problems.map((p) => p.topic))];
  const fix = topics
    .map(
      (t) =>
        `kafka-configs.sh --bootstrap-server ${brokers[0] ?? 'BROKER'} --alter --entity-type topics --entity-name ${t} ` +
        `--add-config cleanup.policy=delete,retention.ms=-1,retention.bytes=-1`,
    )
    .join('; ');
  throw new SendwhError(
    'kafka-topic-unsafe',
    `refusing to use Kafka topic${topics.length > 1 ? 's' : ''} that would lose events: ${problems.map((p) => `${p.topic}: ${p.problem}`).join('; ')}`,
    {
      hint: `the event log keeps every event forever; if events were already lost, ingest the extracts again into new topics (--kafka-topic-prefix). Fix the topic configuration with: ${fix}`,
    },
  );
}
