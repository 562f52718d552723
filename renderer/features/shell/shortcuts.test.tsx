// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useShortcut } from './shortcuts';

afterEach(cleanup);

function Page({ onCreate }: { onCreate: () => void }) {
  useShortcut('c', onCreate);
  return (
    <div>
      <button type="button">Board</button>
      <input aria-label="Title" />
      <textarea aria-label="Description" />
      <div role="dialog" aria-modal="true">
        <button type="button">Inside a dialog</button>
      </div>
    </div>
  );
}

describe('the C shortcut', () => {
  it('opens the form from anywhere outside of a field', async () => {
    const onCreate = vi.fn();
    const page = render(<Page onCreate={onCreate} />);
    page.getByRole('button', { name: 'Board' }).focus();
    await userEvent.keyboard('c');
    await userEvent.keyboard('C');
    expect(onCreate).toHaveBeenCalledTimes(2);
  });

  it('leaves the key to fields, dialogs and modified presses', async () => {
    const onCreate = vi.fn();
    const page = render(<Page onCreate={onCreate} />);
    await userEvent.click(page.getByRole('textbox', { name: 'Title' }));
    await userEvent.keyboard('c');
    await userEvent.click(page.getByRole('textbox', { name: 'Description' }));
    await userEvent.keyboard('c');
    page.getByRole('button', { name: 'Inside a dialog' }).focus();
    await userEvent.keyboard('c');
    page.getByRole('button', { name: 'Board' }).focus();
    await userEvent.keyboard('{Control>}c{/Control}');
    expect(onCreate).not.toHaveBeenCalled();
    expect((page.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('c');
  });
});
