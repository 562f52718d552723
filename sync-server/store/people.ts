/**
 * SQL for the people feed: each user as a `people` document (shared/schemas), in order of
 * the server stamp of their last change, read by pulls and streams like the documents'
 * feed. A reader sees the people who share one of their sites, and every admin (admins work
 * on every site); admins see everyone.
 */
import type { Person } from '../../shared/domain';
import type { SyncCheckpoint } from '../../shared/sync/protocol';
import type { SqlExecutor } from './database';
import type { SiteScope, StoredDocument } from './documents';

/** A person in the feed, with what decides who sees them. */
export interface PersonEntry extends StoredDocument {
  body: Person & Record<string, unknown>;
  /** The person's sites; null for an admin, who is seen by every site. */
  personSites: readonly string[] | null;
}

interface PersonRow {
  id: string;
  name: string;
  display_name: string;
  role: Person['role'];
  disabled: boolean;
  people_stamp: number;
  sites: string[] | null;
}

function entryOf(row: PersonRow): PersonEntry {
  const sites = row.role === 'admin' ? [] : (row.sites ?? []);
  return {
    id: row.id,
    body: {
      id: row.id,
      name: row.display_name,
      userName: row.name,
      role: row.role,
      sites,
      active: !row.disabled,
      updatedAt: row.people_stamp,
    },
    deleted: false,
    rev: '',
    updatedAt: row.people_stamp,
    updatedBy: '',
    updatedOnDevice: '',
    site: null,
    parentId: null,
    personSites: row.role === 'admin' ? null : sites,
  };
}

/** Whether a reader with `scope` sees the person. */
export function personVisible(scope: SiteScope, person: PersonEntry): boolean {
  if (scope.allSites || person.personSites === null) return true;
  return person.personSites.some((site) => scope.sites.includes(site));
}

/** People changed after `after`, in feed order (stamp, then id), visible in `scope`. */
export async function readPeopleChanges(
  db: SqlExecutor,
  after: SyncCheckpoint | null,
  limit: number,
  scope: SiteScope,
): Promise<PersonEntry[]> {
  const params: unknown[] = [after?.updatedAt ?? -1, after?.id ?? '', limit];
  let siteFilter = '';
  if (!scope.allSites) {
    params.push([...scope.sites]);
    siteFilter = `AND (u.role = 'admin' OR EXISTS (
      SELECT 1 FROM user_sites s WHERE s.user_id = u.id AND s.site_id = ANY($4::text[])))`;
  }
  const rows = await db.query<PersonRow>(
    `SELECT u.id, u.name, u.display_name, u.role, u.disabled, u.people_stamp,
            array(SELECT s.site_id FROM user_sites s WHERE s.user_id = u.id ORDER BY s.site_id)
              AS sites
       FROM users u
      WHERE (u.people_stamp, u.id) > ($1::bigint, $2::text) ${siteFilter}
      ORDER BY u.people_stamp, u.id
      LIMIT $3`,
    params,
  );
  return rows.map(entryOf);
}

/** The position of the last person in the feed; null when there are no users. */
export async function lastPeopleCheckpoint(db: SqlExecutor): Promise<SyncCheckpoint | null> {
  const [row] = await db.query<{ id: string; people_stamp: number }>(
    'SELECT id, people_stamp FROM users ORDER BY people_stamp DESC, id DESC LIMIT 1',
  );
  return row ? { id: row.id, updatedAt: row.people_stamp } : null;
}
