/**
 * Runs the sync server: opens the database (migrating it), builds the application and
 * listens. Closing stops accepting requests, ends the streams, lets requests in flight
 * finish, then closes the database.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { ServerConfig } from './config';
import { buildSyncApp } from './http/app';
import type { Database } from './store/database';
import { openDatabase } from './store/open-database';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
}

export async function startSyncServer(
  config: ServerConfig,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<RunningServer> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    schema: config.databaseSchema,
    dataDir: config.dataDir,
  });
  let app: FastifyInstance;
  try {
    const https =
      config.tlsCertFile && config.tlsKeyFile
        ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
        : undefined;
    ({ app } = await buildSyncApp({
      db,
      config,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(https ? { https } : {}),
    }));
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const scheme = config.tlsCertFile && config.tlsKeyFile ? 'https' : 'http';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${host}:${port}`,
    app,
    db,
    close() {
      closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await db.close();
        }
      })();
      return closing;
    },
  };
}
