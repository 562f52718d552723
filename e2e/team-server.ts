/**
 * A real sync server for browser tests: PGlite in a temporary folder, on a free port of
 * 127.0.0.1, accepting requests from the page's origin (the site is served from another).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../sync-server/config';
import { startSyncServer, type RunningServer } from '../sync-server/server';

export interface TeamServer {
  readonly server: RunningServer;
  /** Closes the server and deletes its data folder. */
  stop(): Promise<void>;
}

export async function startTeamServer(
  baseURL: string | undefined,
  name: string,
): Promise<TeamServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `autoescalate-e2e-${name}-`));
  try {
    const server = await startSyncServer(
      {
        ...DEFAULT_CONFIG,
        port: 0,
        dataDir,
        corsOrigins: [new URL(baseURL ?? 'http://127.0.0.1:4178/').origin],
      },
      { logger: false },
    );
    return {
      server,
      async stop() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
