import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/validation/errors';
import {
  createLocalIdentity,
  DEVICE_ID_KEY,
  PROFILE_KEY,
  validateProfile,
  type KeyValueStore,
} from './local-identity';

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & {
  values: Map<string, string>;
} {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('the local identity', () => {
  it('creates a device id once and keeps it', () => {
    const store = memoryStore();
    let ids = 0;
    const newId = () => `device-${++ids}`;
    const first = createLocalIdentity(store, newId);
    const second = createLocalIdentity(store, newId);
    expect(first.deviceId).toBe('device-1');
    expect(second.deviceId).toBe('device-1');
    expect(store.values.get(DEVICE_ID_KEY)).toBe('device-1');
  });

  it('has no profile and no actor before the first run', () => {
    const identity = createLocalIdentity(memoryStore(), () => 'd');
    expect(identity.current()).toBeUndefined();
    expect(identity.actor()).toBeUndefined();
  });

  it('stores the name and role given, trimmed, and acts with them on this device', () => {
    const store = memoryStore();
    const identity = createLocalIdentity(store, () => 'laptop-7');
    identity.save({ userId: '  Tina Berg ', role: 'supervisor' });
    expect(identity.actor()).toEqual({
      userId: 'Tina Berg',
      role: 'supervisor',
      deviceId: 'laptop-7',
    });
    const reloaded = createLocalIdentity(store, () => 'other');
    expect(reloaded.current()).toEqual({ userId: 'Tina Berg', role: 'supervisor' });
  });

  it('refuses an empty name or an unknown role, naming each field', () => {
    const identity = createLocalIdentity(memoryStore(), () => 'd');
    let refusal: unknown;
    try {
      identity.save({ userId: '   ', role: 'boss' as never });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).problems.map((p) => p.field)).toEqual(['userId', 'role']);
    expect(identity.current()).toBeUndefined();
  });

  it('ignores a stored profile that is damaged', () => {
    const store = memoryStore({ [PROFILE_KEY]: '{"userId": 5' });
    expect(createLocalIdentity(store, () => 'd').current()).toBeUndefined();
    store.values.set(PROFILE_KEY, JSON.stringify({ userId: 'x', role: 'root' }));
    expect(createLocalIdentity(store, () => 'd').current()).toBeUndefined();
  });

  it('validates a profile the same way the first-run form does', () => {
    expect(validateProfile({ userId: 'Ana', role: 'technician' })).toEqual({
      userId: 'Ana',
      role: 'technician',
    });
    expect(() => validateProfile({ userId: 'x'.repeat(101), role: 'admin' })).toThrow(
      /at most 100 characters/,
    );
  });
});
