/**
 * The app's places, kept in the URL's hash so that reloading, the back button and links all
 * work the same in an Electron window (file://) and in the web edition:
 * `#/board?location=<id>&issue=<id>`, `#/issues?issue=<id>`, `#/locations`, `#/rules`,
 * `#/sync` (the sync settings, reached from the sync status).
 */

export const VIEWS = ['board', 'issues', 'locations', 'rules', 'sync'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** The issue open in the detail drawer. */
  issueId?: string;
  /** The board shows this location and everything below it. */
  locationId?: string;
}

export const DEFAULT_ROUTE: Route = { view: 'board' };

function isView(value: string): value is View {
  return (VIEWS as readonly string[]).includes(value);
}

export function parseRoute(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const [path = '', query = ''] = text.split('?', 2);
  const name = path.replace(/^\/+/, '').split('/')[0] ?? '';
  const route: Route = { view: isView(name) ? name : DEFAULT_ROUTE.view };
  const params = new URLSearchParams(query);
  const issueId = params.get('issue');
  const locationId = params.get('location');
  if (issueId) route.issueId = issueId;
  if (locationId) route.locationId = locationId;
  return route;
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.locationId !== undefined) params.set('location', route.locationId);
  if (route.issueId !== undefined) params.set('issue', route.issueId);
  const query = params.toString();
  return `#/${route.view}${query === '' ? '' : `?${query}`}`;
}
