/**
 * PostgreSQL over the network, for teams that run several server instances on one database.
 * Notifications use LISTEN/NOTIFY on one dedicated connection, so a change committed through
 * any instance reaches the streams of every instance. A schema may be given to keep several
 * servers (or test runs) apart in one database; channel names are scoped to it.
 */
import pg from 'pg';
import type { Database, Transaction } from './database';

export interface PostgresOptions {
  connectionString: string;
  /** Tables live in this schema (created when missing); default: the server's search_path. */
  schema?: string;
  poolSize?: number;
  /** Errors of idle connections and of the listening connection (they are retried). */
  onBackgroundError?: (error: Error) => void;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,40}$/;
const INT8_OID = 20;

function checkIdentifier(kind: string, name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Invalid ${kind} name: ${name}`);
  return name;
}

/** A description of the connection string without its password. */
function describe(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const schema =
    options.schema === undefined ? undefined : checkIdentifier('schema', options.schema);
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
      oid === INT8_OID
        ? (value: string) => Number(value)
        : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
  };
  const config: pg.PoolConfig = {
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types,
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  };
  const onBackgroundError = options.onBackgroundError ?? (() => {});

  if (schema) {
    const setup = new pg.Client({ connectionString: options.connectionString });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }

  const pool = new pg.Pool(config);
  pool.on('error', onBackgroundError);
  const channelName = (channel: string) =>
    checkIdentifier('channel', schema ? `${schema}_${channel}` : channel);
  const listener = new NotificationListener(config, onBackgroundError);

  return {
    kind: 'postgres',
    location: describe(options.connectionString) + (schema ? ` (schema ${schema})` : ''),
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, [...params]);
      return result.rows as Row[];
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work({
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            return (await client.query(sql, [...params])).rows as Row[];
          },
          async exec(script: string) {
            await client.query(script);
          },
          async notify(channel, payload) {
            await client.query('SELECT pg_notify($1, $2)', [channelName(channel), payload]);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen(channel, onNotification, onGap) {
      return listener.add(channelName(channel), onNotification, onGap);
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

interface Subscription {
  onNotification: (payload: string) => void;
  onGap: (() => void) | undefined;
}

/** One connection that LISTENs for every channel, reconnecting after it is lost. */
class NotificationListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly channels = new Map<string, Set<Subscription>>();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = 250;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onError: (error: Error) => void,
  ) {}

  async add(
    channel: string,
    onNotification: (payload: string) => void,
    onGap: (() => void) | undefined,
  ): Promise<() => Promise<void>> {
    const subscription: Subscription = { onNotification, onGap };
    let subscribers = this.channels.get(channel);
    const isNew = !subscribers;
    if (!subscribers) {
      subscribers = new Set();
      this.channels.set(channel, subscribers);
    }
    subscribers.add(subscription);
    await this.connect();
    if (isNew && this.client) await this.client.query(`LISTEN ${channel}`);
    return async () => {
      subscribers.delete(subscription);
      if (subscribers.size === 0 && this.channels.get(channel) === subscribers) {
        this.channels.delete(channel);
        await this.client?.query(`UNLISTEN ${channel}`).catch(() => {});
      }
    };
  }

  private connect(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => {
      const subscribers = this.channels.get(message.channel);
      for (const subscriber of subscribers ?? []) subscriber.onNotification(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('The listening connection ended.')));
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`LISTEN ${channel}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
    this.retryDelay = 250;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.onError(error);
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().then(
        () => {
          for (const subscribers of this.channels.values()) {
            for (const subscriber of subscribers) subscriber.onGap?.();
          }
        },
        (error: Error) => {
          this.onError(error);
          this.retryDelay = Math.min(this.retryDelay * 2, 5_000);
          this.scheduleReconnect();
        },
      );
    }, this.retryDelay);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
