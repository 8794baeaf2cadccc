import React from 'react';
import { of, throwError } from 'rxjs';
import { render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from '../testIds';

const fetchMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
  // The real picker needs Grafana's DataSourceSrv; its behaviour is Grafana's, not ours.
  DataSourcePicker: ({ current }: { current: string }) => <span>picker: {current}</span>,
}));

const props = {
  plugin: {
    meta: { id: 'redislens-analyzer-app', name: 'RedisLens', type: PluginType.app, enabled: true, jsonData: {} },
  },
  query: {},
} as unknown as AppConfigProps;

describe('App configuration', () => {
  beforeEach(() => fetchMock.mockReset());

  it('defaults to the provisioned datasource and shows its health', async () => {
    fetchMock.mockReturnValue(of({ data: { status: 'OK', message: 'sidecar ready at 10.0.0.1:50051' } }));
    render(<AppConfig {...props} />);
    expect(screen.getByTestId(testIds.appConfig.datasource)).toHaveTextContent('picker: redislens');
    expect(await screen.findByText('sidecar ready at 10.0.0.1:50051')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/datasources/uid/redislens/health' }));
    expect(screen.queryByText(/api key|api url/i)).not.toBeInTheDocument();
  });

  it('shows the health check failure message', async () => {
    fetchMock.mockReturnValue(
      throwError(() => ({ status: 400, data: { message: 'sidecar not reachable at 127.0.0.1:50051' } }))
    );
    render(<AppConfig {...props} />);
    expect(await screen.findByText('sidecar not reachable at 127.0.0.1:50051')).toBeInTheDocument();
    expect(screen.getByText('Sidecar not healthy')).toBeInTheDocument();
  });
});
