/**
 * HTTP requests to the sync server over the platform's fetch: the protocol version and the
 * bearer token on every request, and every way a request can fail turned into one
 * {@link SyncRequestError} that says whether trying again can help.
 */
import {
  SYNC_ERROR_CODES,
  SYNC_PROTOCOL_HEADER,
  SYNC_PROTOCOL_VERSION,
  type SyncErrorBody,
  type SyncErrorCode,
  type SyncProblem,
} from '../../sync/protocol';
import { retryAfterMs } from './backoff';
import type { AbortSignalLike, FetchLike, FetchResponseLike } from './platform';

/**
 * - `network`: no answer (offline, server down, connection dropped);
 * - `http`: the server answered with an error status (`status`, `code`);
 * - `protocol`: the answer is not the sync server's (wrong address, a proxy's page, another
 *   protocol version, malformed JSON).
 */
export type SyncFailureKind = 'network' | 'http' | 'protocol';

export class SyncRequestError extends Error {
  override readonly name = 'SyncRequestError';
  readonly kind: SyncFailureKind;
  readonly status: number | undefined;
  readonly code: SyncErrorCode | undefined;
  readonly problems: SyncProblem[];
  /** From the server's Retry-After header. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: SyncFailureKind,
    message: string,
    details: {
      status?: number;
      code?: SyncErrorCode;
      problems?: SyncProblem[];
      retryAfterMs?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.problems = details.problems ?? [];
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The token is unknown, expired or revoked: only a new sign-in helps. */
  get unauthorized(): boolean {
    return this.status === 401;
  }

  /** The user's role or sites do not allow it: trying again does not help. */
  get forbidden(): boolean {
    return this.status === 403;
  }

  /** The batch is too large for the server: smaller batches help. */
  get tooLarge(): boolean {
    return this.status === 413;
  }
}

/** Thrown by the client's handlers once it has been stopped. */
export class SyncStoppedError extends Error {
  override readonly name = 'SyncStoppedError';
  constructor() {
    super('Sync was stopped.');
  }
}

export interface SyncHttp {
  readonly serverUrl: string;
  readonly fetch: FetchLike;
  readonly token?: string;
  readonly now: () => number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignalLike;
  headers?: Record<string, string>;
}

export function requestHeaders(
  http: SyncHttp,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [SYNC_PROTOCOL_HEADER]: String(SYNC_PROTOCOL_VERSION),
    ...(http.token !== undefined && { authorization: `Bearer ${http.token}` }),
    ...extra,
  };
}

/** Sends one request; resolves with the response when its status is a success. */
export async function send(
  http: SyncHttp,
  path: string,
  options: RequestOptions = {},
): Promise<FetchResponseLike> {
  const headers = requestHeaders(http, {
    ...(options.body !== undefined && { 'content-type': 'application/json' }),
    ...options.headers,
  });
  let response: FetchResponseLike;
  try {
    response = await http.fetch(`${http.serverUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      ...(options.signal !== undefined && { signal: options.signal }),
    });
  } catch (error) {
    throw new SyncRequestError('network', `The server at ${http.serverUrl} cannot be reached.`, {
      cause: error,
    });
  }
  if (!response.ok) throw await errorOf(http, response);
  checkProtocol(http, response);
  return response;
}

/** Sends one request and reads its JSON answer (undefined for 204). */
export async function requestJson<T>(
  http: SyncHttp,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const response = await send(http, path, options);
  if (response.status === 204) return undefined as T;
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new SyncRequestError('network', 'The connection dropped while reading an answer.', {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SyncRequestError('protocol', `The server at ${http.serverUrl} sent malformed JSON.`, {
      cause: error,
    });
  }
}

function checkProtocol(http: SyncHttp, response: FetchResponseLike): void {
  const spoken = response.headers.get(SYNC_PROTOCOL_HEADER);
  if (spoken === null) {
    throw new SyncRequestError(
      'protocol',
      `${http.serverUrl} does not answer like an AutoEscalate sync server. Check the server address.`,
      { status: response.status },
    );
  }
  if (spoken !== String(SYNC_PROTOCOL_VERSION)) {
    throw new SyncRequestError(
      'protocol',
      `The server speaks sync protocol ${spoken}, this app ${SYNC_PROTOCOL_VERSION}. Update the app or the server.`,
      { status: response.status },
    );
  }
}

function isErrorBody(value: unknown): value is SyncErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { error, message } = value as Record<string, unknown>;
  return (
    typeof message === 'string' &&
    typeof error === 'string' &&
    (SYNC_ERROR_CODES as readonly string[]).includes(error)
  );
}

async function errorOf(http: SyncHttp, response: FetchResponseLike): Promise<SyncRequestError> {
  const retryAfter = retryAfterMs(response.headers.get('retry-after'), http.now());
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const details = {
    status: response.status,
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  };
  if (isErrorBody(body) && response.headers.get(SYNC_PROTOCOL_HEADER) !== null) {
    return new SyncRequestError('http', body.message, {
      ...details,
      code: body.error,
      ...(Array.isArray(body.problems) && { problems: body.problems }),
    });
  }
  if (response.status >= 500 || response.status === 429) {
    return new SyncRequestError(
      'http',
      `The server at ${http.serverUrl} answered ${response.status}.`,
      details,
    );
  }
  return new SyncRequestError(
    'protocol',
    `${http.serverUrl} answered ${response.status} and does not look like an AutoEscalate sync server. Check the server address.`,
    details,
  );
}

/** A sentence for the user about any error the client met. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return String(error);
}
