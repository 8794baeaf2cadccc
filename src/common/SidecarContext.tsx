/** Which datasource the app talks through, its REST client and what the signed-in user may do. */
import React, { createContext, useContext, useMemo } from 'react';
import { config } from '@grafana/runtime';
import { createSidecarClient, type SidecarClient } from '../api/client';
import { DEFAULT_DATASOURCE_UID } from '../constants';

export interface Sidecar {
  datasourceUid: string;
  client: SidecarClient;
  /** Grafana Editors and Admins may change statuses, rules and targets; the sidecar enforces it too. */
  canEdit: boolean;
}

const SidecarContext = createContext<Sidecar | undefined>(undefined);

export function userCanEdit(): boolean {
  const role = config.bootData?.user?.orgRole;
  return role === 'Editor' || role === 'Admin' || Boolean(config.bootData?.user?.isGrafanaAdmin && role !== 'Viewer');
}

export function SidecarProvider({ datasourceUid, children }: { datasourceUid?: string; children: React.ReactNode }) {
  const uid = datasourceUid || DEFAULT_DATASOURCE_UID;
  const value = useMemo<Sidecar>(
    () => ({ datasourceUid: uid, client: createSidecarClient(uid), canEdit: userCanEdit() }),
    [uid]
  );
  return <SidecarContext.Provider value={value}>{children}</SidecarContext.Provider>;
}

export function useSidecar(): Sidecar {
  const sidecar = useContext(SidecarContext);
  if (!sidecar) {
    throw new Error('useSidecar needs a SidecarProvider (the app root provides one)');
  }
  return sidecar;
}
