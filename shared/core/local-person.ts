/**
 * The device's own identity as a person, so that what it records before anyone signs in to
 * the team server shows by name like everything else. The server's people arrive by
 * replication; this one document is the device's and is never pushed (the server refuses
 * people from devices).
 */
import type { Actor, Person } from '../domain';
import type { AppDatabase } from './database';

export function localPerson(actor: Actor, now: number): Person {
  return {
    id: actor.userId,
    name: actor.userId,
    userName: actor.userId,
    role: actor.role,
    sites: [],
    active: true,
    updatedAt: now,
  };
}

/** Stores the identity's person, or updates its role; leaves an unchanged one alone. */
export async function keepLocalPerson(db: AppDatabase, actor: Actor, now: number): Promise<void> {
  const stored = await db.people.findOne(actor.userId).exec();
  if (stored && stored.role === actor.role) return;
  await db.people.upsert(localPerson(actor, now));
}
