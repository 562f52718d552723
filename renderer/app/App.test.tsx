// @vitest-environment happy-dom
/**
 * The app on the web edition's bridge, with the sign-in endpoints of a sync server answered
 * in the page: from the sync status to the sync settings, signing in, acting as the signed-in
 * user, and back to the device's own identity after signing out.
 */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { of } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../shared/core/app-core';
import { fakeSyncServer, SIGN_IN } from '../platform/fake-sync-server.test-util';
import { createLocalIdentity, type KeyValueStore } from '../platform/local-identity';
import { createWebBridge, type WebBridge } from '../platform/web';
import { browserSessionKeeper } from '../platform/web-sync';
import { App } from './App';

const bridges: WebBridge[] = [];
let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);

beforeEach(() => globalThis.history.replaceState(null, '', '#/board'));
afterEach(async () => {
  cleanup();
  for (const bridge of bridges.splice(0)) await bridge.close();
});

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

function webBridge(): WebBridge {
  const store = memoryStore();
  const identity = createLocalIdentity(store, () => 'browser-1');
  identity.save({ userId: 'Tina', role: 'supervisor' });
  const bridge = createWebBridge({
    identity,
    storage: getRxStorageMemory(),
    databaseName: `app${RUN}x${++counter}`,
    startCore: (options) =>
      createAppCore({
        storage: options.storage,
        actor: options.actor,
        ...(options.databaseName !== undefined && { databaseName: options.databaseName }),
        ...(options.sync !== undefined && { sync: { platform: options.sync } }),
      }),
    // The browser says offline: only sign-in and sign-out are asked of the server.
    sync: {
      keeper: browserSessionKeeper(store),
      fetch: fakeSyncServer().fetch,
      online$: of(false),
    },
  });
  bridges.push(bridge);
  return bridge;
}

describe('sync in the app', () => {
  it('is reached from the sync status, signs in, acts as the user, and signs out again', async () => {
    const user = userEvent.setup();
    const bridge = webBridge();
    await bridge.whenReady();
    await act(async () => {
      render(<App bridge={bridge} />);
      await bridge.openDatabase();
    });
    // Opening the database takes a while on a busy machine: a safety net, not a timing check.
    const status = await screen.findByRole(
      'link',
      { name: /^Sync: Local only\./ },
      { timeout: 15_000 },
    );
    await user.click(status);
    expect(globalThis.location.hash).toBe('#/sync');
    expect(await screen.findByRole('heading', { name: 'Sync with the team server', level: 1 }));
    expect(document.title).toBe('Sync · AutoEscalate');
    expect(
      screen.getByRole('button', { name: 'Signed in on this device as Tina, supervisor' }),
    ).toBeTruthy();

    await user.type(screen.getByLabelText(/Server address/), SIGN_IN.serverUrl);
    await user.type(screen.getByLabelText(/User name/), SIGN_IN.userName);
    await user.type(screen.getByLabelText(/Password/), 'not the password');
    await user.type(screen.getByLabelText(/Name of this device/), SIGN_IN.deviceName);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The user name or the password is wrong.',
    );
    await user.type(screen.getByLabelText(/Password/), SIGN_IN.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const panel = await screen.findByRole('region', { name: 'Sync with the team server' });
    expect(within(panel).getByRole('status').textContent).toBe('Offline');
    expect(within(panel).getByRole('group', { name: 'Signed in as' }).textContent).toContain(
      'omar (technician)',
    );
    const menu = await screen.findByRole('button', {
      name: 'Signed in to the team server as omar, technician',
    });
    await user.click(menu);
    expect(screen.getByText('Technician · signed in to the team server')).toBeTruthy();
    expect(screen.queryByRole('menuitem', { name: 'Change name or role…' })).toBeNull();
    await user.keyboard('{Escape}');

    await user.click(within(panel).getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(
      await screen.findByRole('button', { name: 'Signed in on this device as Tina, supervisor' }),
    ).toBeTruthy();
  });
});
