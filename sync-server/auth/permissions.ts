/**
 * What each role may do. Every role reads the documents of its sites (admins: of every
 * site) and the shared ones. Writing is per collection: issues, comments, events and fired
 * escalations by everyone; locations, workflows and escalation rules (the team's
 * configuration) by supervisors and admins, who are the ones the app lets change them.
 */
import { SETUP_ROLES, type Role } from '../../shared/domain';
import type { ReplicatedCollection } from '../../shared/sync/protocol';
import type { SiteScope } from '../store/documents';
import type { UserRecord } from '../store/accounts';

const EVERYONE: readonly Role[] = ['technician', 'supervisor', 'admin'];
const MANAGERS = SETUP_ROLES;

export const WRITERS: Record<ReplicatedCollection, readonly Role[]> = {
  issues: EVERYONE,
  comments: EVERYONE,
  issue_events: EVERYONE,
  locations: MANAGERS,
  workflows: MANAGERS,
  escalation_rules: MANAGERS,
  // Every device runs the scheduler, which records the levels it fires.
  escalations: EVERYONE,
  // Written by the server from its users (admin commands), never by a push.
  people: [],
};

export function canWrite(role: Role, collection: ReplicatedCollection): boolean {
  return WRITERS[collection].includes(role);
}

export function siteScopeOf(user: UserRecord): SiteScope {
  return user.role === 'admin' ? { allSites: true } : { allSites: false, sites: user.sites };
}

/** Whether a reader with `scope` may see (and, given the role allows it, write) a document. */
export function inScope(scope: SiteScope, site: string | null): boolean {
  return site === null || scope.allSites || scope.sites.includes(site);
}
