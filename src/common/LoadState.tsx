/** Loading, error and empty states shared by the pages, each with its own testid. */
import React from 'react';
import { Alert, EmptyState, LoadingPlaceholder } from '@grafana/ui';
import type { Loaded } from './useLoad';
import { testIds } from '../components/testIds';

export function LoadState<T>({
  loaded,
  empty,
  emptyMessage,
  children,
}: {
  loaded: Loaded<T>;
  empty?: (value: T) => boolean;
  emptyMessage?: string;
  children: (value: T) => React.ReactNode;
}) {
  if (loaded.error) {
    return (
      <Alert title="Could not load from the RedisLens sidecar" severity="error" data-testid={testIds.common.error}>
        {loaded.error.message}
      </Alert>
    );
  }
  if (loaded.value === undefined && loaded.loading) {
    return <LoadingPlaceholder text="Loading…" data-testid={testIds.common.loading} />;
  }
  // A load that answered nothing (no target chosen, fewer than two snapshots to diff) is empty, not loading.
  if (loaded.value === undefined || empty?.(loaded.value)) {
    return (
      <div data-testid={testIds.common.empty}>
        <EmptyState variant="not-found" message={emptyMessage ?? 'Nothing here yet'} />
      </div>
    );
  }
  return <>{children(loaded.value)}</>;
}
