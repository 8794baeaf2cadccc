/** Loads something asynchronously, again when deps change or on reload(); answers for older deps are dropped. */
import { DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  /** The latest answer; kept while a newer load runs so the page does not flicker. */
  value?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  value?: T;
  error?: Error;
  /** Which load this answers. */
  generation: number;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<State<T>>({ generation: -1 });
  const generation = useRef(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    const mine = ++generation.current;
    loadRef.current().then(
      (value) => mine === generation.current && setState({ value, generation: mine }),
      (error: unknown) =>
        mine === generation.current &&
        setState((s) => ({
          value: s.value,
          error: error instanceof Error ? error : new Error(String(error)),
          generation: mine,
        }))
    );
    // The caller's deps decide when to load again, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    value: state.value,
    error: state.error,
    // eslint-disable-next-line react-hooks/refs
    loading: state.generation !== generation.current,
    reload,
  };
}
