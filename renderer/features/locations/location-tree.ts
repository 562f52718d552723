/**
 * The plant's locations as a tree (site → area → line), with what the screens ask of it:
 * the path of names of a location, the ids of a subtree (to filter the board), the time zone
 * a location inherits, and search over paths (the location picker).
 */
import type { Location, LocationKind } from '../../../shared/domain';

export interface LocationNode {
  location: Location;
  children: LocationNode[];
  depth: number;
}

export interface LocationIndex {
  byId: ReadonlyMap<string, Location>;
  /** Sites first, each followed by its subtree; siblings sorted by name. */
  roots: readonly LocationNode[];
  /** Every node, depth first, in the order of `roots`. */
  flat: readonly LocationNode[];
  /** Names from the site down to the location; [] for an unknown id. */
  pathNames(id: string): string[];
  /** "Plant A › Press shop › Line 3"; the id itself when the location is not known here. */
  pathName(id: string): string;
  /** The location and everything below it. */
  subtreeIds(id: string): string[];
  /** The time zone set on the location or its nearest ancestor. */
  timeZoneOf(id: string): string | undefined;
}

/** What stands between the names of a location's path, on every screen. */
export const PATH_SEPARATOR = ' › ';

/** How a location's path reads everywhere: "Plant A › Press shop › Line 3". */
export function formatLocationPath(names: readonly string[]): string {
  return names.join(PATH_SEPARATOR);
}

const KIND_ORDER: Record<LocationKind, number> = { site: 0, area: 1, line: 2 };

const byName = (a: LocationNode, b: LocationNode) =>
  KIND_ORDER[a.location.kind] - KIND_ORDER[b.location.kind] ||
  a.location.name.localeCompare(b.location.name, undefined, { numeric: true }) ||
  a.location.id.localeCompare(b.location.id);

export function indexLocations(locations: readonly Location[]): LocationIndex {
  const byId = new Map(locations.map((location) => [location.id, location]));
  const childrenOf = new Map<string, Location[]>();
  const roots: Location[] = [];
  for (const location of locations) {
    const parent = location.parentId;
    // A location whose parent is not (yet) here is shown at the top rather than lost.
    if (parent === undefined || !byId.has(parent) || parent === location.id) roots.push(location);
    else childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), location]);
  }

  const flat: LocationNode[] = [];
  const placed = new Set<string>();
  function build(location: Location, depth: number): LocationNode {
    placed.add(location.id);
    const node: LocationNode = { location, children: [], depth };
    flat.push(node);
    const children = (childrenOf.get(location.id) ?? [])
      .filter((child) => !placed.has(child.id))
      .map((child) => ({ location: child, children: [], depth: depth + 1 }))
      .sort(byName);
    node.children = children.map((child) => build(child.location, depth + 1));
    return node;
  }
  const rootNodes = roots
    .map((location) => ({ location, children: [], depth: 0 }))
    .sort(byName)
    .map((node) => build(node.location, 0));
  // Locations caught in a cycle of parents (damaged data) still appear, at the top.
  for (const location of locations) {
    if (!placed.has(location.id)) rootNodes.push(build(location, 0));
  }

  const pathCache = new Map<string, string[]>();
  function pathNames(id: string): string[] {
    const cached = pathCache.get(id);
    if (cached) return cached;
    const names: string[] = [];
    const seen = new Set<string>();
    let current = byId.get(id);
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
    pathCache.set(id, names);
    return names;
  }

  const nodes = new Map(flat.map((node) => [node.location.id, node]));
  function subtreeIds(id: string): string[] {
    const node = nodes.get(id);
    if (!node) return [id];
    const ids: string[] = [];
    const stack = [node];
    while (stack.length > 0) {
      const next = stack.pop();
      if (!next) break;
      ids.push(next.location.id);
      stack.push(...next.children);
    }
    return ids;
  }

  function timeZoneOf(id: string): string | undefined {
    const seen = new Set<string>();
    let current = byId.get(id);
    while (current && !seen.has(current.id)) {
      if (current.timeZone) return current.timeZone;
      seen.add(current.id);
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
    return undefined;
  }

  return {
    byId,
    roots: rootNodes,
    flat,
    pathNames,
    pathName: (id) => {
      const names = pathNames(id);
      return names.length === 0 ? id : formatLocationPath(names);
    },
    subtreeIds,
    timeZoneOf,
  };
}

/**
 * The nodes whose path contains every word of the text (case-insensitive), in tree order;
 * every node for blank text.
 */
export function searchLocations(index: LocationIndex, text: string): LocationNode[] {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...index.flat];
  return index.flat.filter((node) => {
    const path = index.pathName(node.location.id).toLocaleLowerCase();
    return words.every((word) => path.includes(word));
  });
}

const KIND_NAMES: Record<LocationKind, string> = { site: 'Site', area: 'Area', line: 'Line' };

export function kindName(kind: LocationKind): string {
  return KIND_NAMES[kind];
}
