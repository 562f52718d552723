/**
 * Which document a replicated document hangs from, for the client and the server alike. The
 * server takes a document's site from it and refuses a document whose parent it does not
 * know yet (`unknown-parent`); the client pushes parents before the documents that name them.
 *
 * - locations: their parent location (`parentId`); a root location (a site) has none;
 * - issues: their location (`locationId`);
 * - comments and issue_events: their issue (`issueId`);
 * - escalations: their issue (`issueId`);
 * - workflows and escalation_rules: none, they are shared by every site;
 * - people: none; the server writes them and shows each to the users of the person's sites.
 */
import type { ReplicatedCollection } from './protocol';

export type ParentCollection = 'locations' | 'issues';

export type ParentReference =
  /** Hangs from nothing: seen by every site. */
  | { kind: 'shared' }
  /** Hangs from the document named by `field` in `parent`. */
  | {
      kind: 'parent';
      parent: ParentCollection;
      field: string;
      /** When absent (a root location), the document is a site itself. */
      optional: boolean;
    };

export const DOCUMENT_PARENTS: Record<ReplicatedCollection, ParentReference> = {
  locations: { kind: 'parent', parent: 'locations', field: 'parentId', optional: true },
  issues: { kind: 'parent', parent: 'locations', field: 'locationId', optional: false },
  comments: { kind: 'parent', parent: 'issues', field: 'issueId', optional: false },
  issue_events: { kind: 'parent', parent: 'issues', field: 'issueId', optional: false },
  escalations: { kind: 'parent', parent: 'issues', field: 'issueId', optional: false },
  workflows: { kind: 'shared' },
  escalation_rules: { kind: 'shared' },
  // Never pushed: the server writes people from its users and scopes them by their sites.
  people: { kind: 'shared' },
};
