import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import App from './App';
import { testIds } from '../testIds';

// No sidecar in unit tests: every REST call fails, so pages must show their error state, not crash.
const props = {
  basename: 'a/redislens-analyzer-app',
  meta: { id: 'redislens-analyzer-app', name: 'RedisLens', type: PluginType.app, enabled: true, jsonData: {} },
  query: {},
  path: '',
  onNavChanged: jest.fn(),
} as unknown as AppRootProps;

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App {...props} />
    </MemoryRouter>
  );
}

describe('App routes', () => {
  beforeEach(() => {
    (globalThis as { fetch?: unknown }).fetch = jest.fn(() =>
      Promise.reject(new Error('sidecar not reachable in this test'))
    );
  });

  // Pages are lazy chunks: the first import of @grafana/runtime on a cold cache is slow on a busy machine.

  it('opens the overview by default and reports an unreachable sidecar in words', async () => {
    renderAt('/');
    expect(await screen.findByTestId(testIds.overview.container)).toBeInTheDocument();
    expect(await screen.findByTestId(testIds.common.error)).toHaveTextContent(/Could not load/);
  });

  it.each([
    ['/anomalies?severity=critical', testIds.anomalies.container],
    ['/targets', testIds.targets.container],
    ['/rules', testIds.rules.container],
    ['/analyze', testIds.analyze.container],
  ])('routes %s to its page', async (path, id) => {
    renderAt(path);
    expect(await screen.findByTestId(id)).toBeInTheDocument();
  });
});
