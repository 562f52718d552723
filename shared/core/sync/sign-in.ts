/**
 * Signing a device in to a sync server and out again, for every platform: the desktop's
 * main process and the web edition's page call these with their fetch. Input is checked
 * here, once, with a sentence per field for the sign-in form; every failure becomes a
 * {@link SignInFailure}, plain data that survives IPC.
 */
import { NAME_MAX, ROLES } from '../../domain';
import type { SignInRequest, SignInResponse, SyncUser, WhoAmIResponse } from '../../sync/protocol';
import type { FieldProblem } from '../../validation/errors';
import type { FetchLike } from './platform';
import { requestJson, SyncRequestError, type SyncHttp } from './sync-http';

export interface SignInInput {
  /** e.g. `https://sync.plant.example` or `http://10.0.4.2:8787`; https is assumed when no scheme is given. */
  serverUrl: string;
  userName: string;
  password: string;
  /** A name for this device the user recognises later, e.g. "Line 3 tablet". */
  deviceName: string;
}

export type SignInFailureReason =
  /** A field of the form is empty or malformed (see `problems`). */
  | 'invalid-input'
  /** The server does not know this user name and password (or the user is disabled). */
  | 'wrong-credentials'
  /** No answer from the address. */
  | 'unreachable'
  /** Something answered, but not an AutoEscalate sync server of this protocol version. */
  | 'not-a-sync-server'
  /** Too many attempts: wait. */
  | 'rate-limited'
  /** The server failed or refused for another reason; `message` says why. */
  | 'server-error';

export interface SignInFailure {
  reason: SignInFailureReason;
  /** A sentence for the user. */
  message: string;
  /** Per field of {@link SignInInput}, for the form. */
  problems: FieldProblem[];
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly reason: SignInFailureReason;
  readonly problems: FieldProblem[];

  constructor(failure: SignInFailure) {
    super(failure.message);
    this.reason = failure.reason;
    this.problems = failure.problems.map((problem) => ({ ...problem }));
  }

  toJSON(): SignInFailure {
    return { reason: this.reason, message: this.message, problems: this.problems };
  }
}

/** A signed-in device: where, who, and the token to send. */
export interface SyncSession {
  serverUrl: string;
  token: string;
  deviceId: string;
  user: SyncUser;
}

const HOST =
  /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)$/;

/**
 * The server address in the form every request is built on: scheme, host, optional port and
 * path prefix, no trailing slash. Returns a problem sentence instead when it is not one.
 */
export function normalizeServerUrl(
  text: string,
): { ok: true; url: string } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the address of the sync server.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const match = /^(https?):\/\/([^/?#:]+|\[[^\]]*\])(?::(\d{1,5}))?(\/[^?#]*)?$/i.exec(withScheme);
  const scheme = match?.[1]?.toLowerCase();
  const host = match?.[2]?.toLowerCase();
  if (!match || scheme === undefined || host === undefined || !HOST.test(host)) {
    return {
      ok: false,
      message:
        'The server address is a web address such as https://sync.example.com or http://10.0.4.2:8787.',
    };
  }
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) {
    return { ok: false, message: 'The port of the server address is between 1 and 65535.' };
  }
  const path = (match[4] ?? '').replace(/\/+$/, '');
  if (/\s/.test(path)) {
    return { ok: false, message: 'The server address may not contain spaces.' };
  }
  return { ok: true, url: `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}` };
}

function required(field: keyof SignInInput, value: string, what: string): FieldProblem[] {
  if (value.trim() === '') return [{ field, reason: 'required', message: `Enter ${what}.` }];
  return [];
}

/** Checks the form; returns the input as it will be sent, or every problem found. */
export function checkSignInInput(
  input: SignInInput,
): { ok: true; value: SignInInput } | { ok: false; failure: SignInFailure } {
  const problems: FieldProblem[] = [];
  const server = normalizeServerUrl(input.serverUrl);
  if (!server.ok) {
    problems.push({
      field: 'serverUrl',
      reason: input.serverUrl.trim() === '' ? 'required' : 'invalid-format',
      message: server.message,
    });
  }
  const userName = input.userName.trim();
  const deviceName = input.deviceName.trim();
  problems.push(
    ...required('userName', userName, 'your user name'),
    ...required('password', input.password, 'your password'),
    ...required('deviceName', deviceName, 'a name for this device'),
  );
  for (const [field, value, what] of [
    ['userName', userName, 'A user name'],
    ['deviceName', deviceName, 'A device name'],
  ] as const) {
    if (value.length > NAME_MAX) {
      problems.push({
        field,
        reason: 'too-long',
        message: `${what} has at most ${NAME_MAX} characters (this one has ${value.length}).`,
      });
    }
  }
  if (problems.length > 0 || !server.ok) {
    return {
      ok: false,
      failure: {
        reason: 'invalid-input',
        message: problems.map((p) => p.message).join(' '),
        problems,
      },
    };
  }
  return {
    ok: true,
    value: { serverUrl: server.url, userName, password: input.password, deviceName },
  };
}

/** Turns any failure of a sign-in request into the form's terms. */
export function signInFailureOf(error: unknown, serverUrl: string): SignInFailure {
  if (error instanceof SignInError) return error.toJSON();
  if (!(error instanceof SyncRequestError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: 'server-error', message: `Signing in failed: ${message}`, problems: [] };
  }
  if (error.kind === 'network') {
    const hint = serverUrl.startsWith('https://')
      ? ' If the server does not use TLS, write http:// before its address.'
      : '';
    return {
      reason: 'unreachable',
      message: `The server at ${serverUrl} cannot be reached. Check the address and the network.${hint}`,
      problems: [{ field: 'serverUrl', reason: 'not-allowed', message: 'No answer from here.' }],
    };
  }
  if (error.kind === 'protocol') {
    return {
      reason: 'not-a-sync-server',
      message: error.message,
      problems: [{ field: 'serverUrl', reason: 'not-allowed', message: error.message }],
    };
  }
  switch (error.status) {
    case 401:
      return {
        reason: 'wrong-credentials',
        message: 'The user name or the password is wrong.',
        problems: [
          {
            field: 'password',
            reason: 'not-allowed',
            message: 'Check the user name and password.',
          },
        ],
      };
    case 429:
      return {
        reason: 'rate-limited',
        message: error.message || 'Too many sign-in attempts; wait a minute and try again.',
        problems: [],
      };
    case 400:
      return { reason: 'invalid-input', message: error.message, problems: [] };
    default:
      return {
        reason: 'server-error',
        message: `The server could not sign you in: ${error.message}`,
        problems: [],
      };
  }
}

/**
 * Signs this device in. Resolves with the session to keep (the token is shown once);
 * rejects with a {@link SignInError}.
 */
export async function signIn(
  fetch: FetchLike,
  input: SignInInput,
  now: () => number = Date.now,
): Promise<SyncSession> {
  const checked = checkSignInInput(input);
  if (!checked.ok) throw new SignInError(checked.failure);
  const { serverUrl, userName, password, deviceName } = checked.value;
  const http: SyncHttp = { serverUrl, fetch, now };
  const request: SignInRequest = { userName, password, deviceName };
  try {
    const response = await requestJson<SignInResponse>(http, '/auth/sign-in', {
      method: 'POST',
      body: request,
    });
    if (!isSignInResponse(response)) {
      throw new SyncRequestError('protocol', `${serverUrl} sent an unexpected sign-in answer.`);
    }
    return {
      serverUrl,
      token: response.token,
      deviceId: response.deviceId,
      user: response.user,
    };
  } catch (error) {
    throw new SignInError(signInFailureOf(error, serverUrl));
  }
}

/** Revokes the session's token on the server. Rejects with a SyncRequestError. */
export async function signOut(
  fetch: FetchLike,
  session: Pick<SyncSession, 'serverUrl' | 'token'>,
  now: () => number = Date.now,
): Promise<void> {
  await requestJson<undefined>({ ...session, fetch, now }, '/auth/sign-out', { method: 'POST' });
}

/** The user and device the token belongs to. Rejects with a SyncRequestError. */
export async function whoAmI(http: SyncHttp): Promise<WhoAmIResponse> {
  const response = await requestJson<WhoAmIResponse>(http, '/auth/me');
  if (!isSyncUser(response?.user)) {
    throw new SyncRequestError('protocol', `${http.serverUrl} sent an unexpected user.`);
  }
  return response;
}

export function isSyncUser(value: unknown): value is SyncUser {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name, role, sites, allSites } = value as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    (ROLES as readonly unknown[]).includes(role) &&
    Array.isArray(sites) &&
    sites.every((site) => typeof site === 'string') &&
    typeof allSites === 'boolean'
  );
}

function isSignInResponse(value: unknown): value is SignInResponse {
  if (typeof value !== 'object' || value === null) return false;
  const { token, deviceId, user } = value as Record<string, unknown>;
  return typeof token === 'string' && typeof deviceId === 'string' && isSyncUser(user);
}
