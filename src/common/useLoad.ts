/** Loads something asynchronously, re-running when deps change; stale answers are dropped. */
import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ value?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (value) => call === latest.current && setState({ value, loading: false }),
      (error: unknown) =>
        call === latest.current &&
        setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false })
    );
  }, [run, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}
