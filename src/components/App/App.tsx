import React, { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { AppSettings, ROUTES } from '../../constants';
import { SidecarProvider } from '../../common/SidecarContext';

// One lazy chunk per page keeps module.js small: Grafana loads it for every app navigation.
const Overview = lazy(() => import('../../pages/Overview'));
const Anomalies = lazy(() => import('../../pages/Anomalies'));
const Targets = lazy(() => import('../../pages/Targets'));
const TargetDetail = lazy(() => import('../../pages/TargetDetail'));
const History = lazy(() => import('../../pages/History'));
const Rules = lazy(() => import('../../pages/Rules'));
const Topology = lazy(() => import('../../pages/Topology'));
const Analyze = lazy(() => import('../../pages/Analyze'));

function App({ meta }: AppRootProps<AppSettings>) {
  return (
    <SidecarProvider datasourceUid={meta.jsonData?.datasourceUid}>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={ROUTES.Anomalies} element={<Anomalies />} />
          <Route path={`${ROUTES.Targets}/:id`} element={<TargetDetail />} />
          <Route path={ROUTES.Targets} element={<Targets />} />
          <Route path={ROUTES.History} element={<History />} />
          <Route path={ROUTES.Rules} element={<Rules />} />
          <Route path={ROUTES.Topology} element={<Topology />} />
          <Route path={ROUTES.Analyze} element={<Analyze />} />
          <Route path="*" element={<Overview />} />
        </Routes>
      </Suspense>
    </SidecarProvider>
  );
}

export default App;
