/** The app's main places, in the order of the navigation; a new place is one more entry. */
import type { View } from '../../app/routes';

export interface NavigationItem {
  view: View;
  label: string;
  /** What the place is for, for the page title and screen readers. */
  description: string;
}

export const NAVIGATION: readonly NavigationItem[] = [
  { view: 'board', label: 'Board', description: 'Issues by workflow status' },
  { view: 'issues', label: 'Issues', description: 'Every issue in a table, with queries' },
  { view: 'locations', label: 'Locations', description: 'Sites, areas and lines' },
  { view: 'rules', label: 'Rules', description: 'Escalation rules: when and how issues escalate' },
];

/** Sync with the team server: reached from the sync status, not from the navigation. */
export const SYNC_PLACE: NavigationItem = {
  view: 'sync',
  label: 'Sync',
  description: 'Sign in to the team server; what is sent and received',
};

/** Every place, for the page title and the main region's name. */
export const PLACES: readonly NavigationItem[] = [...NAVIGATION, SYNC_PLACE];
