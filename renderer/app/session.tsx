/**
 * What every screen needs once the core is ready: the database to read (live queries), the
 * core's commands (the only way to write) and the acting user. Provided once by App.
 */
import { createContext, use, type ReactNode } from 'react';
import type { AppCommands } from '../../shared/core/commands';
import type { AppDatabase } from '../../shared/core/database';
import type { Actor } from '../../shared/domain';
import type { PlatformBridge } from '../platform/bridge';

export interface Session {
  db: AppDatabase;
  commands: AppCommands;
  actor: Actor;
  bridge: PlatformBridge;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession is used outside of the SessionProvider.');
  return session;
}

/** Waits for the core and opens the UI's database; rejects with the reason it could not. */
export async function openSession(bridge: PlatformBridge): Promise<Session> {
  const [info, db] = await Promise.all([bridge.whenReady(), bridge.openDatabase()]);
  return { db, commands: bridge.commands, actor: info.actor, bridge };
}
