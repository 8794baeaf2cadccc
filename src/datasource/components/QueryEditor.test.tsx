import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { DataSource } from '../datasource';
import { RedisLensQuery } from '../types';
import { QueryEditor } from './QueryEditor';
import { testIds } from './testIds';

function setup(query: RedisLensQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor datasource={{} as DataSource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  // The Combobox menu is virtualised and sizes itself from clientHeight/clientWidth, which jsdom
  // leaves at 0: without a size it renders no options.
  beforeAll(() => {
    jest.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300);
    jest.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
  });
  afterAll(() => {
    jest.restoreAllMocks();
  });

  it('shows the label of the current query type', () => {
    setup({ refId: 'A', queryType: 'topology' });
    expect(screen.getByTestId(testIds.queryEditor.queryType)).toHaveValue('Topology');
  });

  it('changes the query type and runs the query', async () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'anomalies' });
    const input = screen.getByTestId(testIds.queryEditor.queryType);
    fireEvent.click(input);
    fireEvent.click(await screen.findByText('Rules'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'rules' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('edits the target and runs the query on blur', () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'instances' });
    const target = screen.getByTestId(testIds.queryEditor.target);
    fireEvent.change(target, { target: { value: '$target' } });
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'instances', target: '$target' });
    fireEvent.blur(target);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows only the fields the query type reads', () => {
    setup({ refId: 'A', queryType: 'rules' });
    expect(screen.queryByTestId(testIds.queryEditor.target)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.queryEditor.severity)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.queryEditor.metrics)).not.toBeInTheDocument();
  });

  it('sets the metrics of a metrics query from a comma-separated list', () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'metrics' });
    const metrics = screen.getByTestId(testIds.queryEditor.metrics);
    fireEvent.blur(metrics, { target: { value: 'used_memory, connected_clients ,' } });
    expect(onChange).toHaveBeenCalledWith({
      refId: 'A',
      queryType: 'metrics',
      metrics: ['used_memory', 'connected_clients'],
    });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('filters anomaly counts by severity, as an alert rule on criticals does', async () => {
    const { onChange } = setup({ refId: 'A', queryType: 'anomalyCounts' });
    fireEvent.click(screen.getByTestId(testIds.queryEditor.severity));
    fireEvent.click(await screen.findByText('critical'));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'anomalyCounts', severity: ['critical'] });
  });
});
