/** Who acts: the signed-in user, their role, and the device they act from. */

export const ROLES = ['technician', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles that set the team up: locations, workflows and escalation rules. Technicians
 * report and work on issues at the locations set up for them.
 */
export const SETUP_ROLES: readonly Role[] = ['supervisor', 'admin'];

export interface Actor {
  userId: string;
  role: Role;
  deviceId: string;
  /**
   * Present while a user signed in to the team server acts, as the server knows them;
   * absent for the device's own identity (whose `userId` is the name its user gave).
   */
  account?: ActorAccount;
}

export interface ActorAccount {
  /** The user name on the server (`userId` is the server's id of the user). */
  name: string;
  /** Ids of the sites the user works on; every site when `allSites`. */
  sites: string[];
  allSites: boolean;
}

/** How people know the actor: the account's name, else the name the device was given. */
export function actorName(actor: Actor): string {
  return actor.account?.name ?? actor.userId;
}

/**
 * A person as the team's devices know them, from the `people` collection: the sync server
 * writes one per user account (devices only pull them), and a device not signed in keeps
 * one for its own identity. Issues, comments and history name people by `id`; screens show
 * `name`.
 */
export interface Person {
  /** The server's user id, or the device's own identity when not signed in. */
  id: string;
  /** The name people know them by, e.g. "Dana Smith". */
  name: string;
  /** The sign-in name on the server ("dana.smith"); the identity's name on a device. */
  userName: string;
  role: Role;
  /** Ids of the sites the person works on; empty for admins (every site). */
  sites: string[];
  /** False once the account is disabled: the name still shows on what they did. */
  active: boolean;
  /** The server's stamp of the last change (epoch ms); the device's clock for its own. */
  updatedAt: number;
}
