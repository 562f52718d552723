import { firstValueFrom, filter } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../shared/core/app-core';
import type { Actor, Person } from '../../shared/domain';
import { openTestCore } from './app-providers.test-util';
import {
  assigneeChoices,
  assigneeOfText,
  createPeopleDirectory,
  NO_PEOPLE,
  peopleSource,
} from './people';

function person(id: string, name: string, active = true): Person {
  return { id, name, userName: id, role: 'technician', sites: [], active, updatedAt: 1 };
}

const dana = person('u-5d', 'Dana Smith');
const sam = person('u-1s', 'Sam Lee', false);
const tina: Actor = {
  userId: 'u-7t',
  role: 'supervisor',
  deviceId: 'laptop-7',
  account: { name: 'tina.m', sites: [], allSites: true },
};

describe('the people directory', () => {
  const people = createPeopleDirectory([sam, dana], tina);

  it('names a person, marks a disabled one, and shows an unknown id as it is', () => {
    expect(people.nameOf('u-5d')).toBe('Dana Smith');
    expect(people.nameOf('u-1s')).toBe('Sam Lee (disabled)');
    expect(people.nameOf('u-0a')).toBe('u-0a');
    expect(NO_PEOPLE.nameOf('u-5d')).toBe('u-5d');
  });

  it('names the acting user by their account until their person is known', () => {
    expect(people.nameOf('u-7t')).toBe('tina.m');
    expect(createPeopleDirectory([person('u-7t', 'Tina Meyer')], tina).nameOf('u-7t')).toBe(
      'Tina Meyer',
    );
  });

  it('gives queries the plain name, and lists people by name', () => {
    expect(people.queryName('u-1s')).toBe('Sam Lee');
    expect(people.queryName('u-0a')).toBe('u-0a');
    expect(people.all.map((p) => p.name)).toEqual(['Dana Smith', 'Sam Lee']);
    expect(people.assignable.map((p) => p.name)).toEqual(['Dana Smith']);
  });
});

describe('the assignee choices', () => {
  it('offer the people not disabled and the acting user, by name', () => {
    const people = createPeopleDirectory([sam, dana]);
    expect(assigneeChoices(people, tina)).toEqual([
      { id: 'u-5d', name: 'Dana Smith' },
      { id: 'u-7t', name: 'tina.m' },
    ]);
    const known = createPeopleDirectory([sam, dana, person('u-7t', 'Tina Meyer')]);
    expect(assigneeChoices(known, tina).map((c) => c.name)).toEqual(['Dana Smith', 'Tina Meyer']);
  });

  it('take a typed name for its person and keep other text', () => {
    const choices = assigneeChoices(createPeopleDirectory([dana, sam]));
    expect(assigneeOfText(' dana SMITH ', choices)).toBe('u-5d');
    expect(assigneeOfText('Sam Lee', choices)).toBe('Sam Lee');
    expect(assigneeOfText('bob', choices)).toBe('bob');
    expect(assigneeOfText('  ', choices)).toBe('');
  });
});

describe('the people source', () => {
  let core: AppCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('follows the collection live: a rename stored in it reaches the directory', async () => {
    core = await openTestCore();
    const source = peopleSource(core.db);
    expect(peopleSource(core.db)).toBe(source);
    const named = (name: string) =>
      firstValueFrom(source.directory$.pipe(filter((d) => d.nameOf('u-5d') === name)));
    await named('u-5d');
    await core.db.people.insert(dana);
    await named('Dana Smith');
    await core.db.people.upsert({ ...dana, name: 'Dana Smith-Jones', updatedAt: 2 });
    await named('Dana Smith-Jones');
    expect(source.current().nameOf('u-5d')).toBe('Dana Smith-Jones');
  });

  it('names the acting user once told who acts', async () => {
    core = await openTestCore({ userId: 'u-7t', account: tina.account! });
    const source = peopleSource(core.db);
    expect(source.current().nameOf('u-7t')).toBe('u-7t');
    source.setSelf(tina);
    expect(source.current().nameOf('u-7t')).toBe('tina.m');
  });
});
