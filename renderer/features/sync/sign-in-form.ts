/** The sign-in form's values, its errors per field, and what to warn about before sending. */
import {
  normalizeServerUrl,
  type SignInFailure,
  type SignInInput,
} from '../../../shared/core/sync/sign-in';
import type { SyncSessionView } from '../../../shared/ipc/contract';

export type SignInField = keyof SignInInput;
export const SIGN_IN_FIELDS: readonly SignInField[] = [
  'serverUrl',
  'userName',
  'password',
  'deviceName',
];

/** The form's first values: the last sign-in's server, user and device, never a password. */
export function initialSignInValues(
  view: SyncSessionView | null,
  defaultDeviceName = '',
): SignInInput {
  return {
    serverUrl: view?.lastServerUrl ?? '',
    userName: view?.lastUserName ?? '',
    password: '',
    deviceName: view?.lastDeviceName ?? defaultDeviceName,
  };
}

export interface SignInErrors {
  fields: Partial<Record<SignInField, string>>;
  /** The failure's sentence, shown above the form. */
  general: string;
}

export function signInErrorsOf(failure: SignInFailure): SignInErrors {
  const fields: Partial<Record<SignInField, string>> = {};
  for (const problem of failure.problems) {
    const field = SIGN_IN_FIELDS.find((f) => f === problem.field);
    if (field !== undefined && fields[field] === undefined) fields[field] = problem.message;
  }
  // Per-field sentences alone say it all when the input is incomplete.
  const general =
    failure.reason === 'invalid-input' && Object.keys(fields).length > 0 ? '' : failure.message;
  return { fields, general };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * A warning for a server reached over plain http on the network: the password and the
 * device's token would travel unencrypted. None for https or this computer itself.
 */
export function plainHttpWarning(serverUrl: string): string | undefined {
  const normalized = normalizeServerUrl(serverUrl);
  if (!normalized.ok || !normalized.url.startsWith('http://')) return undefined;
  const host = normalized.url.slice('http://'.length).replace(/[:/].*$/, '');
  if (LOOPBACK.test(host) || normalized.url.startsWith('http://[::1]')) return undefined;
  return 'This address does not use https: your password and this device’s access travel unencrypted. Use it only on a network you trust.';
}
