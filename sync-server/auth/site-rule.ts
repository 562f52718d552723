/**
 * The one rule for which site a document belongs to. Sites are the root locations (kind
 * 'site', no parent); a user is given sites and sees only their documents.
 *
 * - locations: a site's own id for a root location, otherwise its parent location's site;
 * - issues: the site of their location (`locationId`);
 * - comments, issue_events and escalations: the site of their issue (`issueId`);
 * - workflows and escalation_rules: shared by every site (no site).
 */
import {
  DOCUMENT_PARENTS,
  type ParentCollection,
  type ParentReference,
} from '../../shared/sync/document-parents';
import type { ReplicatedCollection } from '../../shared/sync/protocol';

/** Where a document's site comes from: its parent's (the table is shared with the client). */
export const SITE_SOURCES = DOCUMENT_PARENTS;
export type SiteSource = ParentReference;

/** Where to find a document's site: fixed, or that of a parent document. */
export type SiteReference =
  { site: string | null } | { parent: ParentCollection; parentId: string };

export function siteReference(
  collection: ReplicatedCollection,
  body: Record<string, unknown>,
): SiteReference {
  const source = SITE_SOURCES[collection];
  if (source.kind === 'shared') return { site: null };
  const parentId = body[source.field];
  if (typeof parentId === 'string' && parentId !== '') {
    return { parent: source.parent, parentId };
  }
  if (source.optional && typeof body.id === 'string') return { site: body.id };
  throw new Error(`A ${collection} document needs ${source.field} to have a site.`);
}

/** The collections whose documents take their site from documents of `collection`. */
export function collectionsFollowingSite(collection: ReplicatedCollection): ReplicatedCollection[] {
  return (Object.keys(SITE_SOURCES) as ReplicatedCollection[]).filter((name) => {
    const source = SITE_SOURCES[name];
    return source.kind === 'parent' && source.parent === collection;
  });
}

/**
 * Whether a document may change site. An issue may (its comments and events follow it); a
 * location may not, since its whole subtree of locations and their issues would have to move.
 */
export function canChangeSite(collection: ReplicatedCollection): boolean {
  return collectionsFollowingSite(collection).every(
    (follower) => collectionsFollowingSite(follower).length === 0,
  );
}
