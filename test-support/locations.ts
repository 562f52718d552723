/**
 * Locations stored as fixtures, the way a supervisor's setup (or the team server) would have
 * left them, so that tests may act as anyone, technicians included: only supervisors and
 * admins may add locations through the core's commands.
 */
import type { AppDatabase } from '../shared/core/database';
import type { Location } from '../shared/domain';

let counter = 0;

export type LocationFixture = Omit<Location, 'id' | 'updatedAt'> & { id?: string };

/** Stores the locations in order (parents first); returns them as stored. */
export async function storeLocations(
  db: AppDatabase,
  ...fixtures: LocationFixture[]
): Promise<Location[]> {
  const stored: Location[] = [];
  for (const fixture of fixtures) {
    const location: Location = {
      ...fixture,
      id: fixture.id ?? `fixture-location-${String(++counter).padStart(4, '0')}`,
      updatedAt: 1,
    };
    await db.locations.insert(location);
    stored.push(location);
  }
  return stored;
}

/** Plant A (a site) / `area` / `line`, each under the one before. */
export async function storePlant(
  db: AppDatabase,
  names: { site?: string; siteId?: string; area?: string; line?: string; timeZone?: string } = {},
): Promise<{ site: Location; area: Location; line: Location }> {
  const [site] = await storeLocations(db, {
    ...(names.siteId !== undefined && { id: names.siteId }),
    name: names.site ?? 'Plant A',
    kind: 'site',
    ...(names.timeZone !== undefined && { timeZone: names.timeZone }),
  });
  const [area] = await storeLocations(db, {
    name: names.area ?? 'Press shop',
    kind: 'area',
    parentId: site!.id,
  });
  const [line] = await storeLocations(db, {
    name: names.line ?? 'Line 3',
    kind: 'line',
    parentId: area!.id,
  });
  return { site: site!, area: area!, line: line! };
}
