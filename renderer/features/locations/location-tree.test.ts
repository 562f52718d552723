import { describe, expect, it } from 'vitest';
import type { Location } from '../../../shared/domain';
import { indexLocations, searchLocations } from './location-tree';

function location(
  id: string,
  name: string,
  kind: Location['kind'],
  parentId?: string,
  timeZone?: string,
): Location {
  return {
    id,
    name,
    kind,
    updatedAt: 0,
    ...(parentId !== undefined && { parentId }),
    ...(timeZone !== undefined && { timeZone }),
  };
}

const plant = [
  location('l3', 'Line 3', 'line', 'press'),
  location('b', 'Plant B', 'site'),
  location('press', 'Press shop', 'area', 'a'),
  location('a', 'Plant A', 'site', undefined, 'Europe/Berlin'),
  location('l10', 'Line 10', 'line', 'press'),
  location('paint', 'Paint shop', 'area', 'a', 'Europe/Lisbon'),
];

describe('the location tree', () => {
  it('orders sites, areas and lines by name, each under its parent', () => {
    const index = indexLocations(plant);
    expect(index.flat.map((n) => `${'  '.repeat(n.depth)}${n.location.name}`)).toEqual([
      'Plant A',
      '  Paint shop',
      '  Press shop',
      '    Line 3',
      '    Line 10',
      'Plant B',
    ]);
    expect(index.roots.map((n) => n.location.id)).toEqual(['a', 'b']);
  });

  it('names a location by its path and subtrees by their ids', () => {
    const index = indexLocations(plant);
    expect(index.pathName('l10')).toBe('Plant A › Press shop › Line 10');
    expect(index.pathName('gone')).toBe('gone');
    expect(index.subtreeIds('press').sort()).toEqual(['l10', 'l3', 'press']);
    expect(index.subtreeIds('a')).toHaveLength(5);
    expect(index.subtreeIds('gone')).toEqual(['gone']);
  });

  it('lets a location inherit the time zone of its nearest ancestor', () => {
    const index = indexLocations(plant);
    expect(index.timeZoneOf('l3')).toBe('Europe/Berlin');
    expect(index.timeZoneOf('paint')).toBe('Europe/Lisbon');
    expect(index.timeZoneOf('b')).toBeUndefined();
  });

  it('finds locations by every word of their path', () => {
    const index = indexLocations(plant);
    expect(searchLocations(index, 'press line').map((n) => n.location.id)).toEqual(['l3', 'l10']);
    expect(searchLocations(index, 'PLANT b').map((n) => n.location.id)).toEqual(['b']);
    expect(searchLocations(index, '  ')).toHaveLength(6);
  });

  it('keeps locations whose parent is missing or that form a cycle', () => {
    const index = indexLocations([
      location('x', 'Orphan line', 'line', 'not-synced-yet'),
      location('p', 'P', 'area', 'q'),
      location('q', 'Q', 'area', 'p'),
    ]);
    expect(index.flat.map((n) => n.location.id).sort()).toEqual(['p', 'q', 'x']);
    expect(index.pathName('p')).toBe('Q › P');
  });
});
