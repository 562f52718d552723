/**
 * People by id, as every screen shows them: issues, comments and history store ids (the
 * sync server's user ids, or a device's own identity), the `people` collection gives names.
 * An id nobody here knows (a person of another site, one not pulled yet) shows as a short
 * form of the id, marked, so it is never taken for a name.
 */
import type { Person } from '../../shared/domain';

export interface PeopleIndex {
  readonly byId: ReadonlyMap<string, Person>;
  /** Every known person, by name. */
  readonly list: readonly Person[];
  /** The person's name, or the marked short form of an id not known here. */
  readonly nameOf: (id: string) => string;
  /** The name when the person is known, else the id itself: what a query may name them by. */
  readonly queryName: (id: string) => string;
}

const SHORT_ID = 8;

/** "3f9c0a1b… (unknown)": an id nobody here knows, shortened and marked. */
export function unknownPersonName(id: string): string {
  const short = id.length > SHORT_ID + 2 ? `${id.slice(0, SHORT_ID)}…` : id;
  return `${short} (unknown)`;
}

export function indexPeople(people: readonly Person[]): PeopleIndex {
  const byId = new Map(people.map((person) => [person.id, person]));
  const list = [...people].sort(
    (a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return {
    byId,
    list,
    nameOf: (id) => byId.get(id)?.name ?? unknownPersonName(id),
    queryName: (id) => byId.get(id)?.name ?? id,
  };
}

export const NO_PEOPLE: PeopleIndex = indexPeople([]);
