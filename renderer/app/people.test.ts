import { describe, expect, it } from 'vitest';
import type { Person } from '../../shared/domain';
import { indexPeople, NO_PEOPLE, unknownPersonName } from './people';

function person(id: string, name: string): Person {
  return { id, name, userName: id, role: 'technician', sites: [], active: true, updatedAt: 1 };
}

describe('people', () => {
  const people = indexPeople([
    person('u-2', 'Sam South'),
    person('3f9c0a1b2c3d4e5f', 'Dana Smith'),
  ]);

  it('names a known person by their name', () => {
    expect(people.nameOf('3f9c0a1b2c3d4e5f')).toBe('Dana Smith');
    expect(people.queryName('u-2')).toBe('Sam South');
  });

  it('marks an unknown id and shortens a long one', () => {
    expect(people.nameOf('0a1b2c3d4e5f6a7b')).toBe('0a1b2c3d… (unknown)');
    expect(unknownPersonName('tina')).toBe('tina (unknown)');
    expect(people.queryName('tina')).toBe('tina');
    expect(NO_PEOPLE.nameOf('tina')).toBe('tina (unknown)');
  });

  it('lists people by name', () => {
    expect(people.list.map((p) => p.name)).toEqual(['Dana Smith', 'Sam South']);
  });
});
