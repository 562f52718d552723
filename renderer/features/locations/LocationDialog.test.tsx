// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppCore } from '../../../shared/core/app-core';
import type { Location } from '../../../shared/domain';
import { storeLocations } from '../../../test-support/locations';
import { AppProviders, openTestCore, sessionOf } from '../../app/app-providers.test-util';
import { LocationDialog } from './LocationDialog';
import { indexLocations } from './location-tree';

const cores: AppCore[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

async function editing(which: 'site' | 'line') {
  const core = await openTestCore({ role: 'supervisor' });
  cores.push(core);
  const [site, line] = await storeLocations(
    core.db,
    { name: 'Plant A', kind: 'site', timeZone: 'Europe/Berlin' },
    { name: 'Line 3', kind: 'line', timeZone: 'America/Chicago' },
  );
  const all = [site!, { ...line!, parentId: site!.id }];
  await core.db.locations.upsert(all[1]!);
  const location = which === 'site' ? all[0]! : all[1]!;
  const onSaved = vi.fn<(saved: Location) => void>();
  const onClose = vi.fn<() => void>();
  render(
    <AppProviders session={sessionOf(core)}>
      <LocationDialog
        mode={{ kind: 'edit', location }}
        index={indexLocations(all)}
        onClose={onClose}
        onSaved={onSaved}
      />
    </AppProviders>,
  );
  return { core, location, onSaved, onClose };
}

describe('editing a location', () => {
  it("clears a line's own time zone, so that it takes its site's again", async () => {
    const { core, location, onSaved } = await editing('line');
    const user = userEvent.setup();
    await user.clear(screen.getByRole('combobox', { name: 'Time zone' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    const stored = (await core.db.locations.findOne(location.id).exec())!.toMutableJSON();
    expect(stored.timeZone).toBeUndefined();
    expect(stored.name).toBe('Line 3');
  });

  it("keeps a site's time zone: a site has no parent to take one from", async () => {
    const { core, location, onSaved, onClose } = await editing('site');
    const user = userEvent.setup();
    await user.clear(screen.getByRole('combobox', { name: 'Time zone' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(onSaved).not.toHaveBeenCalled();
    const stored = (await core.db.locations.findOne(location.id).exec())!.toMutableJSON();
    expect(stored.timeZone).toBe('Europe/Berlin');
  });
});
