/**
 * What the replication client needs of its platform, as small structural types: a fetch, an
 * abort controller, timers and a text decoder. Node 22, browsers and Electron's main process
 * all provide them on `globalThis`; shared/ compiles without DOM or Node types, so they are
 * named here by the little that is used of them.
 */

export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

export interface ByteStreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** A response body: a WHATWG ReadableStream of bytes, read with a reader (all browsers). */
export interface ByteStream {
  getReader(): ByteStreamReader;
}

export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: ByteStream | null;
  text(): Promise<string>;
}

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignalLike;
}

/** The part of WHATWG fetch the client uses. `globalThis.fetch` fits it at run time. */
export type FetchLike = (url: string, init?: FetchInit) => Promise<FetchResponseLike>;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface PlatformGlobals {
  fetch?: FetchLike;
  AbortController?: new () => AbortControllerLike;
  TextDecoder?: new (label?: string) => {
    decode(input?: Uint8Array, options?: { stream?: boolean }): string;
  };
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

const platform = globalThis as unknown as PlatformGlobals;

function missing(what: string): Error {
  return new Error(`This platform has no ${what}; the replication client needs it.`);
}

/** The platform's fetch, bound to its global (some browsers refuse an unbound call). */
export function platformFetch(): FetchLike {
  const fetch = platform.fetch;
  if (!fetch) throw missing('fetch');
  return (url, init) => fetch.call(globalThis, url, init);
}

export function newAbortController(): AbortControllerLike {
  if (!platform.AbortController) throw missing('AbortController');
  return new platform.AbortController();
}

/** A streaming UTF-8 decoder: `decode(chunk)` keeps a character split across chunks. */
export function utf8Decoder(): { decode(chunk: Uint8Array): string; end(): string } {
  if (!platform.TextDecoder) throw missing('TextDecoder');
  const decoder = new platform.TextDecoder('utf-8');
  return {
    decode: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

export function platformTimers(): Timers {
  const { setTimeout, clearTimeout } = platform;
  if (!setTimeout || !clearTimeout) throw missing('setTimeout');
  return {
    setTimeout: (callback, ms) => setTimeout.call(globalThis, callback, ms),
    clearTimeout: (handle) => clearTimeout.call(globalThis, handle),
  };
}

/** Whether an error is the rejection of an aborted fetch or read. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' ||
      (error as { code?: unknown }).code === 'ABORT_ERR')
  );
}
