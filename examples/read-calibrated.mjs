#!/usr/bin/env node
// Reads fuzzycal's calibrated predictions (sentiment.calibrated, CalibratedPrediction Avro in
// Confluent's wire format) and prints one JSON line per record. The records are decoded by
// Confluent's own AvroDeserializer (@confluentinc/schemaregistry), which fetches each writer schema
// from the Schema Registry by the id in the record; Kafka is read with KafkaJS (pure JavaScript, no
// native library), committed records only.
//
//   (cd examples/node && npm ci)          # once: the pinned packages of examples/node/package-lock.json
//   node examples/read-calibrated.mjs [--bootstrap-servers 127.0.0.1:9092] [--schema-registry http://127.0.0.1:8081]
//                                     [--topic sentiment.calibrated] [--max N] [--timeout 10s]
//
// Starts at the oldest record; stops after --max records, or when none came for --timeout.
import { createRequire } from 'node:module';

// the packages live in examples/node/node_modules, next to this file's package.json
const require = createRequire(new URL('./node/package.json', import.meta.url));
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistryClient, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

function options(argv) {
  const o = { bootstrapServers: '127.0.0.1:9092', schemaRegistry: 'http://127.0.0.1:8081',
    topic: 'sentiment.calibrated', max: Infinity, timeoutMs: 10000 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--bootstrap-servers') o.bootstrapServers = value;
    else if (flag === '--schema-registry') o.schemaRegistry = value;
    else if (flag === '--topic') o.topic = value;
    else if (flag === '--max') o.max = Number.parseInt(value, 10);
    else if (flag === '--timeout') o.timeoutMs = seconds(value) * 1000;
    else throw new Error(`unknown option ${flag}`);
  }
  return o;
}

function seconds(value) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  if (!m) throw new Error(`--timeout ${value}: use 500ms, 10s or 2m`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

const o = options(process.argv.slice(2));
const registry = new SchemaRegistryClient({ baseURLs: [o.schemaRegistry] });
const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
const kafka = new Kafka({ clientId: 'fuzzycal-read-calibrated', brokers: o.bootstrapServers.split(','),
  logLevel: logLevel.ERROR });
// a group of its own (KafkaJS reads through groups only), so every run starts at the oldest record
const consumer = kafka.consumer({ groupId: `fuzzycal-read-calibrated-${process.pid}-${Date.now()}`,
  readUncommitted: false });

let printed = 0;
let idle;
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
const restartIdle = () => { clearTimeout(idle); idle = setTimeout(finish, o.timeoutMs); };

await consumer.connect();
await consumer.subscribe({ topic: o.topic, fromBeginning: true });
restartIdle();
await consumer.run({
  eachMessage: async ({ message }) => {
    if (printed >= o.max) return;
    restartIdle();
    const p = await deserializer.deserialize(o.topic, message.value);
    console.log(JSON.stringify({
      documentId: p.documentId, modelId: p.modelId, variant: p.variant, labels: p.labels,
      raw: p.rawProbabilities, calibrated: p.calibratedProbabilities,
      calibratorVersion: Number(p.calibratorVersion), calibratorMethod: p.calibratorMethod,
      producedAt: new Date(Number(p.producedAt)).toISOString(),
    }));
    if (++printed >= o.max) finish();
  },
});
await finished;
clearTimeout(idle);
await consumer.disconnect();
console.error(`read-calibrated: ${printed} record(s) from ${o.topic}`);
