// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { Role } from '../../../shared/domain';
import { AppProviders, openTestCore, plantOf, sessionOf } from '../../app/app-providers.test-util';
import { LocationsView } from './LocationsView';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function showLocations(role: Role, { withPlant = true } = {}) {
  const core = await openTestCore({ role });
  cores.push(core);
  if (withPlant) await plantOf(core);
  render(
    <AppProviders session={sessionOf(core)}>
      <LocationsView onShowOnBoard={() => undefined} />
    </AppProviders>,
  );
  return core;
}

async function selectPressShop() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('treeitem', { name: 'Press shop, area' }));
  return user;
}

describe('the locations for each role', () => {
  it('lets a supervisor add and edit locations', async () => {
    await showLocations('supervisor');
    const user = await selectPressShop();
    for (const name of ['Add a site', 'Edit', 'Add a line']) {
      expect(screen.getByRole('button', { name })).toHaveProperty('disabled', false);
    }
    await user.click(screen.getByRole('button', { name: 'Add a line' }));
    expect(await screen.findByRole('dialog')).toBeDefined();
  });

  it('shows a technician the locations with adding and editing disabled, and says why', async () => {
    await showLocations('technician');
    await selectPressShop();
    const actions = ['Add a site', 'Edit', 'Add a line'].map((name) =>
      screen.getByRole('button', { name }),
    );
    for (const action of actions) expect(action).toHaveProperty('disabled', true);
    // Looking things up still works.
    expect(screen.getByRole('button', { name: 'Show on board' })).toHaveProperty('disabled', false);
    // The reason shows on keyboard focus of the disabled action (its wrapper takes focus).
    const wrapper = actions[0]!.parentElement!;
    wrapper.focus();
    expect((await screen.findByRole('tooltip')).textContent).toMatch(
      /Only supervisors and admins set up locations/,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('tells a technician with no locations yet who sets them up', async () => {
    await showLocations('technician', { withPlant: false });
    const add = await screen.findByRole('button', { name: 'Add a site' });
    expect(add).toHaveProperty('disabled', true);
    expect(screen.getByText(/A supervisor or an admin sets them up/)).toBeDefined();
    expect(within(document.body).queryByRole('dialog')).toBeNull();
  });
});
