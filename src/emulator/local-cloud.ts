import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KafkaBroker } from './kafka/index.js';

export interface LocalCloudOptions {
  dataDir: string;
  /** Address every part listens on; default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port; default 9092. */
  kafkaPort?: number;
  regionId?: string;
  autoCreateTopics?: boolean;
  log?: (line: string) => void;
}

/** What `kafka-oss local up --output json` prints: each part adds its endpoints once it is running. */
export interface LocalCloudDescription {
  regionId: string;
  kafka?: { bootstrapServers: string };
  dataDir: string;
  [part: string]: unknown;
}

/** Handles of the running parts, filled in start order, so a later part can use an earlier one. */
export interface LocalCloudHandles {
  kafka?: KafkaBroker;
}

export interface LocalCloud extends LocalCloudHandles {
  description: LocalCloudDescription;
  /** Stops the parts in reverse start order. */
  close(): Promise<void>;
}

interface PartContext {
  options: LocalCloudOptions & { host: string; dataDir: string; regionId: string };
  handles: LocalCloudHandles;
}

interface StartedPart {
  /** Merged into the description, e.g. { kafka: { bootstrapServers } }. */
  description: Record<string, unknown>;
  close(): Promise<void>;
}

interface Part {
  name: string;
  start(ctx: PartContext): Promise<StartedPart>;
}

const kafkaPart: Part = {
  name: 'kafka',
  async start({ options, handles }) {
    const { startKafkaBroker } = await import('./kafka/index.js');
    const broker = await startKafkaBroker({
      host: options.host,
      port: options.kafkaPort ?? 9092,
      dataDir: join(options.dataDir, 'kafka'),
      autoCreateTopics: options.autoCreateTopics ?? false,
      log: options.log,
    });
    handles.kafka = broker;
    return { description: { kafka: { bootstrapServers: broker.bootstrapServers } }, close: () => broker.close() };
  },
};

/** The parts of the local cloud, started in this order. */
const PARTS: Part[] = [kafkaPart];

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const options = { ...opts, dataDir, host: opts.host ?? '127.0.0.1', regionId: opts.regionId ?? 'cn-hangzhou' };
  const handles: LocalCloudHandles = {};
  const description: LocalCloudDescription = { regionId: options.regionId, dataDir };
  const started: StartedPart[] = [];
  const closeAll = async () => {
    for (const part of started.splice(0).reverse()) await part.close().catch(() => undefined);
  };
  try {
    for (const part of PARTS) {
      const running = await part.start({ options, handles });
      started.push(running);
      Object.assign(description, running.description);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    ...handles,
    description,
    close: () => (closing ??= closeAll()),
  };
}
