/**
 * What a query needs to know about the world to mean something: the current time, the
 * time zone of calendar dates, the workflow statuses, the location tree and the people.
 */
import type { Location, Person, WorkflowStatus } from '../domain';
import { QueryError, didYouMean } from './errors';

export interface QueryContext {
  /** Epoch milliseconds that relative dates and now() count from. */
  now: number;
  /** IANA time zone in which calendar dates like 2026-11-01 are read. Default: UTC. */
  timeZone?: string;
  /**
   * Statuses of the workflows in use, in workflow order (that order is how `status`
   * sorts). Several workflows may share a name: the name then stands for all their ids.
   */
  statuses: readonly Pick<WorkflowStatus, 'id' | 'name'>[];
  locations: readonly Pick<Location, 'id' | 'name' | 'parentId'>[];
  /**
   * The people known here: `assignee = "Dana Smith"` then also matches the issues assigned
   * to the ids of everyone of that name. Without them, people are matched by id only.
   */
  people?: readonly Pick<Person, 'id' | 'name'>[];
}

/** Regular-expression source matching `text` literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `^(?:a|b)$`: the whole value is one of the texts (used with the `i` flag). */
export function equalsPattern(texts: readonly string[]): string {
  return `^(?:${texts.map(escapeRegex).join('|')})$`;
}

export function containsPattern(text: string): string {
  return escapeRegex(text);
}

/** The one flag every text match uses: case-insensitive. */
export const TEXT_FLAGS = 'i';

export function textRegex(source: string): RegExp {
  return new RegExp(source, TEXT_FLAGS);
}

interface Named {
  id: string;
  name: string;
}

function matching<T extends Named>(items: readonly T[], source: string): T[] {
  const regex = textRegex(source);
  return items.filter((item) => regex.test(item.name));
}

function unknownName(
  what: string,
  name: string,
  known: readonly Named[],
  start: number,
  end: number,
): QueryError {
  const names = [...new Set(known.map((k) => k.name))];
  return new QueryError(
    'unknown-value',
    `Unknown ${what} '${name}'${didYouMean(name, names)}`,
    start,
    end,
  );
}

/** Resolves names of statuses and locations against the context. */
export class ContextIndex {
  private readonly children = new Map<string, string[]>();
  private readonly locationById = new Map<string, Pick<Location, 'id' | 'name' | 'parentId'>>();
  private readonly statusRank = new Map<string, number>();
  private readonly locationPaths = new Map<string, string[]>();
  private personNames: Map<string, string> | undefined;

  constructor(readonly context: QueryContext) {
    for (const location of context.locations) {
      this.locationById.set(location.id, location);
      if (location.parentId !== undefined) {
        const siblings = this.children.get(location.parentId) ?? [];
        siblings.push(location.id);
        this.children.set(location.parentId, siblings);
      }
    }
    context.statuses.forEach((status, index) => {
      if (!this.statusRank.has(status.id)) this.statusRank.set(status.id, index);
    });
  }

  /** Ids of the statuses named `name` (case-insensitive); throws if there is none. */
  statusIdsNamed(name: string, start: number, end: number): string[] {
    const found = matching(this.context.statuses, equalsPattern([name]));
    if (found.length === 0) throw unknownName('status', name, this.context.statuses, start, end);
    return unique(found.map((s) => s.id));
  }

  /** Ids of the people named one of `names` (case-insensitive); none is no error. */
  personIdsNamed(names: readonly string[]): string[] {
    return unique(matching(this.context.people ?? [], equalsPattern(names)).map((p) => p.id));
  }

  /** How a person sorts: their name in lower case; undefined for an id no one known has. */
  personSortName(id: string): string | undefined {
    if (this.personNames === undefined) {
      this.personNames = new Map();
      for (const person of this.context.people ?? []) {
        if (!this.personNames.has(person.id))
          this.personNames.set(person.id, person.name.toLowerCase());
      }
    }
    return this.personNames.get(id);
  }

  personIdsContaining(text: string): string[] {
    return unique(matching(this.context.people ?? [], containsPattern(text)).map((p) => p.id));
  }

  statusIdsContaining(text: string): string[] {
    return unique(matching(this.context.statuses, containsPattern(text)).map((s) => s.id));
  }

  /** Locations named `name` with everything below them; throws if none has the name. */
  locationIdsNamed(name: string, start: number, end: number): string[] {
    const found = matching(this.context.locations, equalsPattern([name]));
    if (found.length === 0) throw unknownName('location', name, this.context.locations, start, end);
    return this.subtrees(found.map((l) => l.id));
  }

  locationIdsContaining(text: string): string[] {
    return this.subtrees(matching(this.context.locations, containsPattern(text)).map((l) => l.id));
  }

  /** The roots and all their descendants, in the context's order. */
  private subtrees(roots: string[]): string[] {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(this.children.get(id) ?? []));
    }
    return unique(this.context.locations.filter((l) => seen.has(l.id)).map((l) => l.id));
  }

  /** Position of a status in workflow order; unknown statuses come after all known ones. */
  statusOrder(id: string): number {
    return this.statusRank.get(id) ?? this.context.statuses.length;
  }

  /** Lower-cased names from the site down to the location, or undefined if unknown. */
  locationPath(id: string): string[] | undefined {
    const cached = this.locationPaths.get(id);
    if (cached) return cached;
    if (!this.locationById.has(id)) return undefined;
    const path: string[] = [];
    const visited = new Set<string>();
    let current = this.locationById.get(id);
    while (current && !visited.has(current.id)) {
      visited.add(current.id);
      path.unshift(current.name.toLowerCase());
      current =
        current.parentId === undefined ? undefined : this.locationById.get(current.parentId);
    }
    this.locationPaths.set(id, path);
    return path;
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
