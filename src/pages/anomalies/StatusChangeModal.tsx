import React, { useState } from 'react';
import { Alert, Button, Field, Modal, TextArea } from '@grafana/ui';
import { unwrap, type Anomaly } from '../../api/client';
import { useSidecar } from '../../common/SidecarContext';
import { testIds } from '../../components/testIds';
import type { AnomalyStatus } from '../../datasource/types';
import { STATUS_ACTIONS } from './actions';

/** Confirms a status change of the selected anomalies with an optional note (kept in the audit trail). */
export function StatusChangeModal({
  status,
  anomalies,
  onDismiss,
  onDone,
}: {
  status: AnomalyStatus;
  anomalies: Anomaly[];
  onDismiss: () => void;
  onDone: () => void;
}) {
  const { client } = useSidecar();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const action = STATUS_ACTIONS[status];

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(
        client.POST('/api/v1/anomalies/status', {
          body: { ids: anomalies.map((a) => a.id), status, ...(note.trim() ? { note: note.trim() } : {}) },
        })
      );
      onDone();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`${action.label}: ${anomalies.length} anomal${anomalies.length === 1 ? 'y' : 'ies'}`}
      isOpen
      onDismiss={onDismiss}
    >
      {error && (
        <Alert severity="error" title="The status was not changed">
          {error}
        </Alert>
      )}
      <Field label="Note" description="Why; kept with who and when in each anomaly's history">
        <TextArea
          id="rl-status-note"
          data-testid={testIds.anomalies.note}
          value={note}
          maxLength={2000}
          rows={3}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </Field>
      <Modal.ButtonRow>
        <Button variant="secondary" fill="outline" onClick={onDismiss}>
          Cancel
        </Button>
        <Button data-testid={testIds.anomalies.confirm} disabled={busy || anomalies.length === 0} onClick={submit}>
          {action.label}
        </Button>
      </Modal.ButtonRow>
    </Modal>
  );
}
