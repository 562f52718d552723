/** The current route from the URL's hash, and a way to go elsewhere (pushing history). */
import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from './routes';

export function useHashRoute(): [Route, (next: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(globalThis.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(globalThis.location.hash));
    globalThis.addEventListener('hashchange', update);
    return () => globalThis.removeEventListener('hashchange', update);
  }, []);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const hash = formatRoute(next);
    if (hash === globalThis.location.hash) return;
    if (options.replace) globalThis.history.replaceState(null, '', hash);
    else globalThis.history.pushState(null, '', hash);
    setRoute(parseRoute(hash));
  }, []);
  return [route, navigate];
}
