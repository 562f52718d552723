// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Location } from '../../../shared/domain';
import { indexLocations } from './location-tree';
import { LocationTree } from './LocationTree';

afterEach(cleanup);

const locations: Location[] = [
  { id: 'a', name: 'Plant A', kind: 'site', updatedAt: 0 },
  { id: 'press', name: 'Press shop', kind: 'area', parentId: 'a', updatedAt: 0 },
  { id: 'l3', name: 'Line 3', kind: 'line', parentId: 'press', updatedAt: 0 },
  { id: 'b', name: 'Plant B', kind: 'site', updatedAt: 0 },
];

function tree(onSelect = vi.fn()) {
  render(<LocationTree index={indexLocations(locations)} selectedId="press" onSelect={onSelect} />);
  return onSelect;
}

const focused = () => document.activeElement?.textContent;

describe('the location tree', () => {
  it('is a tree of levels, with one item in the tab order', () => {
    tree();
    const items = screen.getAllByRole('treeitem');
    expect(items.map((i) => [i.textContent, i.getAttribute('aria-level')])).toEqual([
      ['Plant ASite', '1'],
      ['Press shopArea', '2'],
      ['Line 3Line', '3'],
      ['Plant BSite', '1'],
    ]);
    expect(items.filter((i) => i.tabIndex === 0).map((i) => i.textContent)).toEqual([
      'Press shopArea',
    ]);
    expect(items[1]?.getAttribute('aria-selected')).toBe('true');
  });

  it('moves with the arrow keys, closes and opens branches, and selects with Enter', async () => {
    const onSelect = tree();
    await userEvent.tab();
    expect(focused()).toBe('Press shopArea');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).toBe('Line 3Line');
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused()).toBe('Press shopArea');
    await userEvent.keyboard('{ArrowLeft}');
    expect(screen.getAllByRole('treeitem')).toHaveLength(3);
    expect(screen.getByRole('treeitem', { name: /Press shop/ }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(focused()).toBe('Line 3Line');
    await userEvent.keyboard('{End}');
    expect(focused()).toBe('Plant BSite');
    await userEvent.keyboard('{Home}{Enter}');
    expect(onSelect).toHaveBeenLastCalledWith('a');
  });
});
