import React, { useState } from 'react';
import { Alert, Stack, useStyles2 } from '@grafana/ui';
import type { NodeSnapshot } from '../../api/client';
import { getTableStyles } from '../../common/styles';
import { testIds } from '../../components/testIds';
import { clientInspection, describeFlags, formatIdle } from './clientRows';
import { formatBytes } from './nodeState';
import { NodePicker, redisNodes } from './NodePicker';

/** CLIENT LIST of one node, largest output buffers first: shown only where the target opted in. */
export function ClientsTab({ nodes }: { nodes: NodeSnapshot[] }) {
  const s = useStyles2(getTableStyles);
  const candidates = redisNodes(nodes);
  const [address, setAddress] = useState(candidates[0]?.address ?? '');
  const node = candidates.find((n) => n.address === address) ?? candidates[0];
  if (!node) {
    return <Alert title="No reachable Redis node in the latest snapshot" severity="info" />;
  }
  const inspection = clientInspection(node);
  return (
    <Stack direction="column" gap={2}>
      <NodePicker
        nodes={candidates}
        value={node.address}
        onChange={setAddress}
        testId={testIds.targetDetail.clientsNode}
      />
      {inspection.state === 'off' && (
        <Alert
          title="Client inspection is off for this target"
          severity="info"
          data-testid={testIds.targetDetail.clientsOff}
        >
          RedisLens reads CLIENT LIST only where a target opts in: set <code>inspect: {'{ clients: true }'}</code> on
          the target (REST API, provisioning or fleet file) and allow <code>+client|list</code> to RedisLens&apos;s ACL
          user. Redis shows the last command&apos;s name only, never its arguments.
        </Alert>
      )}
      {inspection.state === 'failed' && (
        <Alert title="CLIENT LIST failed on this node" severity="warning">
          {inspection.message}
        </Alert>
      )}
      {inspection.state === 'collected' && (
        <>
          <p>
            {inspection.clients.length < inspection.total
              ? `The ${inspection.clients.length} of ${inspection.total} connections with the largest output buffers`
              : `${inspection.total} connection${inspection.total === 1 ? '' : 's'}`}
            , largest output buffers first.
          </p>
          <table className={s.table} data-testid={testIds.targetDetail.clients}>
            <thead>
              <tr>
                <th>Address</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Idle</th>
                <th>Output buffer</th>
                <th>Reply list entries</th>
                <th>Last command</th>
              </tr>
            </thead>
            <tbody>
              {inspection.clients.map((c) => (
                <tr key={c.addr} data-testid={testIds.targetDetail.client(c.addr)}>
                  <td>{c.addr}</td>
                  <td>{c.name || '—'}</td>
                  <td title={`CLIENT LIST flags: ${c.flags}`}>{describeFlags(c.flags)}</td>
                  <td>{formatIdle(c.idle)}</td>
                  <td>{formatBytes(c.omem)}</td>
                  <td>{c.oll}</td>
                  <td>
                    <code>{c.cmd}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Stack>
  );
}
