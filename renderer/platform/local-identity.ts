/**
 * The web edition's actor until sign-in with a server exists: a device id created once, and
 * the name and role the person gave on first run, both kept in the page's localStorage.
 */
import type { Actor } from '../../shared/domain';
import { NAME_MAX, ROLES } from '../../shared/domain';
import { checkChoice, checkText, ProblemCollector } from '../../shared/validation/problems';
import type { LocalIdentity, LocalProfile } from './bridge';

export const DEVICE_ID_KEY = 'autoescalate.deviceId';
export const PROFILE_KEY = 'autoescalate.profile';

/** The part of the Web Storage API used here (localStorage in a page, a map in tests). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Checks a profile; throws one DomainError with a problem per field (`userId`, `role`). */
export function validateProfile(input: unknown): LocalProfile {
  const problems = new ProblemCollector();
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const userId = checkText(
    record.userId ?? '',
    'userId',
    { label: 'Your name', min: 1, max: NAME_MAX },
    problems,
  );
  const role = checkChoice(record.role ?? '', 'role', 'Role', ROLES, problems);
  if (userId === undefined || role === undefined) throw problems.toError();
  return { userId, role };
}

function readProfile(store: KeyValueStore): LocalProfile | undefined {
  const text = store.getItem(PROFILE_KEY);
  if (text === null) return undefined;
  try {
    return validateProfile(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export interface DeviceIdentity extends LocalIdentity {
  /** This browser's device id, created and stored on first use. */
  readonly deviceId: string;
  /** The actor for the core, once a profile is saved. */
  actor(): Actor | undefined;
}

export function createLocalIdentity(store: KeyValueStore, newId: () => string): DeviceIdentity {
  let deviceId = store.getItem(DEVICE_ID_KEY);
  if (deviceId === null || deviceId.trim() === '' || deviceId.length > 64) {
    deviceId = newId();
    store.setItem(DEVICE_ID_KEY, deviceId);
  }
  const device = deviceId;
  let profile = readProfile(store);
  return {
    deviceId: device,
    current: () => profile,
    save(input) {
      const valid = validateProfile(input);
      store.setItem(PROFILE_KEY, JSON.stringify(valid));
      profile = valid;
      return valid;
    },
    actor: () =>
      profile ? { userId: profile.userId, role: profile.role, deviceId: device } : undefined,
  };
}
