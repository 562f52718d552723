/**
 * The server's settings, from environment variables, with defaults that need no set-up:
 * 127.0.0.1, the embedded database in ./.data/server, conservative limits.
 */

export interface ServerLimits {
  /** Largest request body in bytes (Fastify's bodyLimit). */
  bodyBytes: number;
  /** Most rows in one push. */
  pushRows: number;
  /** Largest single document (its JSON) in bytes. */
  documentBytes: number;
  /** Pull page size when the client names none, and the most it may ask for. */
  defaultPullLimit: number;
  maxPullLimit: number;
  /** Requests per minute per token (or per address without one). */
  requestsPerMinute: number;
  /** Sign-in attempts per minute per address. */
  signInsPerMinute: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** postgres://… ; when absent the embedded database is used. */
  databaseUrl: string | undefined;
  /** PostgreSQL only: schema for the tables. */
  databaseSchema: string | undefined;
  /** The embedded database's folder. */
  dataDir: string;
  logLevel: string;
  heartbeatMs: number;
  limits: ServerLimits;
  /** Origins allowed to call the server from a browser (the web edition). */
  corsOrigins: string[];
  /** TLS: paths of a PEM certificate and key; both set means HTTPS. */
  tlsCertFile: string | undefined;
  tlsKeyFile: string | undefined;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 4 * 1024 * 1024,
  pushRows: 500,
  documentBytes: 64 * 1024,
  defaultPullLimit: 100,
  maxPullLimit: 1_000,
  requestsPerMinute: 1_200,
  signInsPerMinute: 10,
};

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  port: 8787,
  databaseUrl: undefined,
  databaseSchema: undefined,
  dataDir: '.data/server',
  logLevel: 'info',
  heartbeatMs: 15_000,
  limits: DEFAULT_LIMITS,
  corsOrigins: [],
  tlsCertFile: undefined,
  tlsKeyFile: undefined,
  trustProxy: false,
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, not "${raw}".`);
  }
  return value;
}

function text(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Reads the configuration; throws with the variable's name when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const d = DEFAULT_CONFIG;
  const l = DEFAULT_LIMITS;
  return {
    host: text(env, 'SYNC_HOST') ?? d.host,
    port: integer(env, 'SYNC_PORT', d.port),
    databaseUrl: text(env, 'DATABASE_URL'),
    databaseSchema: text(env, 'SYNC_DATABASE_SCHEMA'),
    dataDir: text(env, 'SYNC_DATA_DIR') ?? d.dataDir,
    logLevel: text(env, 'SYNC_LOG_LEVEL') ?? d.logLevel,
    heartbeatMs: integer(env, 'SYNC_HEARTBEAT_MS', d.heartbeatMs),
    limits: {
      bodyBytes: integer(env, 'SYNC_BODY_LIMIT_BYTES', l.bodyBytes),
      pushRows: integer(env, 'SYNC_PUSH_MAX_ROWS', l.pushRows),
      documentBytes: integer(env, 'SYNC_DOCUMENT_MAX_BYTES', l.documentBytes),
      defaultPullLimit: integer(env, 'SYNC_PULL_DEFAULT_LIMIT', l.defaultPullLimit),
      maxPullLimit: integer(env, 'SYNC_PULL_MAX_LIMIT', l.maxPullLimit),
      requestsPerMinute: integer(env, 'SYNC_RATE_LIMIT_PER_MINUTE', l.requestsPerMinute),
      signInsPerMinute: integer(env, 'SYNC_SIGN_IN_LIMIT_PER_MINUTE', l.signInsPerMinute),
    },
    corsOrigins: (text(env, 'SYNC_CORS_ORIGINS') ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    tlsCertFile: text(env, 'SYNC_TLS_CERT'),
    tlsKeyFile: text(env, 'SYNC_TLS_KEY'),
    trustProxy: env.SYNC_TRUST_PROXY === 'true' || env.SYNC_TRUST_PROXY === '1',
  };
}
