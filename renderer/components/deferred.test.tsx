// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferredComponent } from './deferred';

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

afterEach(cleanup);

describe('a deferred component', () => {
  it('loads nothing until first active, then shows once its code is there', async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const { Deferred } = deferredComponent(load);
    const { rerender } = render(<Deferred active={false} name="Tina" />);
    expect(load).not.toHaveBeenCalled();
    expect(screen.queryByText('Hello Tina')).toBeNull();

    rerender(<Deferred active name="Tina" />);
    expect(await screen.findByText('Hello Tina')).toBeDefined();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stays mounted once shown, so that a closing transition can play', async () => {
    const { Deferred } = deferredComponent(() => Promise.resolve(Greeting));
    const { rerender } = render(<Deferred active name="Tina" />);
    await screen.findByText('Hello Tina');
    rerender(<Deferred active={false} name="Dana" />);
    expect(screen.getByText('Hello Dana')).toBeDefined();
  });

  it('renders at once, in the same commit, when its code was preloaded', async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const { Deferred, preload } = deferredComponent(load);
    await preload();
    const { rerender } = render(<Deferred active={false} name="Tina" />);
    rerender(<Deferred active name="Tina" />);
    expect(screen.getByText('Hello Tina')).toBeDefined();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again the next time it is needed when its code could not load', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const load = vi
      .fn<() => Promise<typeof Greeting>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(Greeting);
    const { Deferred } = deferredComponent(load);
    const { rerender } = render(<Deferred active name="Tina" />);
    await act(() => Promise.resolve());
    expect(error).toHaveBeenCalled();
    expect(screen.queryByText('Hello Tina')).toBeNull();
    rerender(<Deferred active={false} name="Tina" />);
    rerender(<Deferred active name="Tina" />);
    expect(await screen.findByText('Hello Tina')).toBeDefined();
    expect(load).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});
