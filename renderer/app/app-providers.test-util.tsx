/**
 * What component tests render screens in: a real app core on RxDB's memory storage, and the
 * providers the app puts around every screen (theme, notifications, session, reference data).
 */
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { ReactNode } from 'react';
import { createAppCore, type AppCore } from '../../shared/core/app-core';
import type { AppCommands } from '../../shared/core/commands';
import type { Actor } from '../../shared/domain';
import type { PlatformBridge } from '../platform/bridge';
import { NotificationsProvider } from './notifications';
import { ReferenceDataProvider } from './reference-data';
import { SessionProvider, type Session } from './session';
import { storePlant } from '../../test-support/locations';
import { createAppTheme } from './theme';

let counter = 0;
const RUN = Math.random().toString(36).slice(2, 8);

export async function openTestCore(actor: Partial<Actor> = {}): Promise<AppCore> {
  return createAppCore({
    storage: getRxStorageMemory(),
    databaseName: `ui${RUN}x${++counter}`,
    actor: { userId: 'tina', role: 'technician', deviceId: 'test-device', ...actor },
  });
}

export function sessionOf(
  core: AppCore,
  commands: Partial<AppCommands> = {},
  platform: Partial<PlatformBridge> = {},
): Session {
  const all = { ...core.commands, ...commands };
  const bridge: PlatformBridge = {
    storage: getRxStorageMemory(),
    commands: all,
    whenReady: () => Promise.resolve({ databaseName: core.db.name, actor: core.actor }),
    openDatabase: () => Promise.resolve(core.db),
    on: () => () => undefined,
    ...platform,
  };
  return { db: core.db, commands: all, actor: core.actor, bridge };
}

export function AppProviders({ session, children }: { session: Session; children: ReactNode }) {
  return (
    <ThemeProvider theme={createAppTheme('light')}>
      <CssBaseline />
      <NotificationsProvider>
        <SessionProvider session={session}>
          <ReferenceDataProvider>{children}</ReferenceDataProvider>
        </SessionProvider>
      </NotificationsProvider>
    </ThemeProvider>
  );
}

/** A site, an area and a line: Plant A › Press shop › Line 3, as a supervisor set them up. */
export function plantOf(core: AppCore) {
  return storePlant(core.db);
}
