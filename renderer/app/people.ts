/**
 * People by name, the one lookup every screen uses: issues, comments and history store people
 * by id (the sync server's user ids, or the device's own identity before anyone signs in) and
 * the `people` collection, pulled from the server, gives their names. Cards, the issue table
 * and its CSV, the issue drawer, comments, history, the assignee choices and the query bar
 * all name people through a {@link PeopleDirectory}.
 *
 * Nobody is ever shown as a blank: an id nobody here knows (never synced, signed out, a person
 * of another site) shows as the id itself, except the acting user's, which shows as their
 * account name until their person arrives. A disabled person keeps their name on what they
 * did, marked "(disabled)", and is no longer offered for new work.
 */
import { BehaviorSubject, combineLatest, map, shareReplay, tap, type Observable } from 'rxjs';
import type { AppDatabase } from '../../shared/core/database';
import { actorName, type Actor, type Person } from '../../shared/domain';

export interface PeopleDirectory {
  /** What screens show for a person id: "Dana Smith", "Sam Lee (disabled)", or the id. */
  nameOf(id: string): string;
  /** The person, when known here. */
  person(id: string): Person | undefined;
  /**
   * What the query language knows the person by: their name when known (without the mark a
   * disabled person carries on screen), else the id.
   */
  queryName(id: string): string;
  /** Every person known here, by name. */
  readonly all: readonly Person[];
  /** The people new work may go to (not disabled), by name. */
  readonly assignable: readonly Person[];
}

/** The mark a disabled person's name carries. */
export const DISABLED_MARK = ' (disabled)';

function byName(a: Person, b: Person): number {
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The directory of `people`; `self`, the acting user, names themselves by their account
 * name until the server's person for them is here.
 */
export function createPeopleDirectory(people: readonly Person[], self?: Actor): PeopleDirectory {
  const byId = new Map(people.map((person) => [person.id, person]));
  const all = [...people].sort(byName);
  const fallback = (id: string) => (self && id === self.userId ? actorName(self) : id);
  return {
    nameOf(id) {
      const person = byId.get(id);
      if (!person) return fallback(id);
      return person.active ? person.name : `${person.name}${DISABLED_MARK}`;
    },
    person: (id) => byId.get(id),
    queryName: (id) => byId.get(id)?.name ?? fallback(id),
    all,
    assignable: all.filter((person) => person.active),
  };
}

/** Nobody known: every id shows as itself. */
export const NO_PEOPLE: PeopleDirectory = createPeopleDirectory([]);

/** The live directory of one database, shared by every screen reading that database. */
export interface PeopleSource {
  /** The directory now (NO_PEOPLE-like until the collection has been read). */
  readonly current: () => PeopleDirectory;
  /** The current directory first, then one per change of the people or the acting user. */
  readonly directory$: Observable<PeopleDirectory>;
  /** The acting user changed (sign-in, sign-out). */
  setSelf(actor: Actor | undefined): void;
}

const sources = new WeakMap<AppDatabase, PeopleSource>();

function createPeopleSource(db: AppDatabase): PeopleSource {
  const self$ = new BehaviorSubject<Actor | undefined>(undefined);
  let latest: PeopleDirectory = NO_PEOPLE;
  let list: readonly Person[] = [];
  const people$ = db.people.find().$.pipe(
    map((docs) => docs.map((doc) => doc.toMutableJSON())),
    tap((read) => (list = read)),
  );
  const directory$ = combineLatest([people$, self$]).pipe(
    map(([people, self]) => createPeopleDirectory(people, self)),
    tap((directory) => (latest = directory)),
    // One query for every screen; dropped once none follows it any more.
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return {
    current: () => latest,
    directory$,
    setSelf(actor) {
      const before = self$.getValue();
      if (before?.userId === actor?.userId && before?.account?.name === actor?.account?.name) {
        return;
      }
      // Until the collection is read, the acting user is named from what is known already.
      latest = createPeopleDirectory(list, actor);
      self$.next(actor);
    },
  };
}

/** The live people directory of `db`. */
export function peopleSource(db: AppDatabase): PeopleSource {
  let source = sources.get(db);
  if (!source) {
    source = createPeopleSource(db);
    sources.set(db, source);
  }
  return source;
}

/** Someone new work may be assigned to, as the assignee field offers them. */
export interface AssigneeChoice {
  id: string;
  name: string;
}

/**
 * Who the assignee field offers: the people not disabled, by name, and the acting user when
 * they are not known here yet (never synced, or before their person arrives), so they can
 * always take an issue themselves. A disabled person is never offered.
 */
export function assigneeChoices(people: PeopleDirectory, self?: Actor): AssigneeChoice[] {
  const choices = people.assignable.map(({ id, name }) => ({ id, name }));
  if (self && !people.person(self.userId)) {
    choices.push({ id: self.userId, name: actorName(self) });
    choices.sort((a, b) => a.name.localeCompare(b.name));
  }
  return choices;
}

/**
 * The assignee typed in as text: a choice's name (any case) stands for that person's id;
 * other text is kept as it is (an id, or someone not known here).
 */
export function assigneeOfText(text: string, choices: readonly AssigneeChoice[]): string {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return '';
  return choices.find((choice) => choice.name.toLowerCase() === wanted)?.id ?? text;
}
