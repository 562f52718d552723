/**
 * A component whose code loads only when it is first needed, or when preloaded earlier: the
 * first screen does not load nor evaluate the dialogs, menus and drawers it does not show.
 *
 * `Deferred` takes the component's own props plus `active` (say, the dialog is open). It
 * renders nothing and loads nothing while it has never been active; once active it renders
 * the component as soon as its code is there (at once when it was preloaded, so an opening
 * dialog does not wait on a file), and it stays mounted after that, so that a closing
 * transition plays out as before. A code file that could not load is logged and tried again
 * the next time the component becomes active.
 */
import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

export interface DeferredComponent<P extends object> {
  Deferred: (props: P & { active: boolean }) => ReactNode;
  /** Starts loading the code now; resolves once it is there. */
  preload(): Promise<void>;
}

export function deferredComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): DeferredComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;

  function fetchCode(): Promise<ComponentType<P>> {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  }

  function Deferred({ active, ...props }: P & { active: boolean }): ReactNode {
    const [wanted, setWanted] = useState(active);
    if (active && !wanted) setWanted(true);
    // Only re-renders this component once the code has arrived.
    const [, setArrived] = useState<ComponentType<P>>();
    const needed = wanted || active;
    useEffect(() => {
      if (!needed || loaded) return;
      let current = true;
      fetchCode().then(
        (component) => {
          if (current) setArrived(() => component);
        },
        (error: unknown) => console.error('A part of the app could not be loaded:', error),
      );
      return () => {
        current = false;
      };
    }, [needed, active]);
    const Component = loaded;
    return needed && Component ? <Component {...(props as unknown as P)} /> : null;
  }

  return {
    Deferred,
    preload: () =>
      fetchCode().then(
        () => undefined,
        (error: unknown) => console.error('A part of the app could not be preloaded:', error),
      ),
  };
}
