/** Targets and rules, which most pages need for names, pickers and filters. */
import { unwrap, type Rule, type Target } from '../api/client';
import { useSidecar } from './SidecarContext';
import { useLoad, type Loaded } from './useLoad';

export function useTargets(): Loaded<Target[]> {
  const { client } = useSidecar();
  return useLoad(async () => (await unwrap(client.GET('/api/v1/targets'))).items, [client]);
}

export function useRules(): Loaded<Rule[]> {
  const { client } = useSidecar();
  return useLoad(async () => (await unwrap(client.GET('/api/v1/rules'))).items, [client]);
}

export const byId = <T extends { id: string }>(list: T[] | undefined): Map<string, T> =>
  new Map((list ?? []).map((x) => [x.id, x]));
