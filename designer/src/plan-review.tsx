import { useEffect, useState } from 'react';
import { Alert, Button, Collapse, List, Modal, Spin, Typography } from 'antd';
import { ApiError, applyChange, planChange, useRefresh, type Change, type Plan } from './api.ts';

/** A plan in plain words: what each operation does, what the checks found in the data; the SQL one click away. */
export function PlanView({ plan }: { plan: Plan }) {
  return (
    <div className="plan-view">
      {plan.operations.length === 0 ? (
        <Typography.Paragraph>Metadata only: no table or column changes.</Typography.Paragraph>
      ) : (
        <List size="small" header={<strong>This change</strong>} bordered dataSource={plan.operations} renderItem={(o) => <List.Item>{o.description}</List.Item>} />
      )}
      {plan.checks.map((check) => (
        <Alert
          key={`${check.kind}-${check.field}`}
          className="plan-check"
          style={{ marginTop: 12 }}
          type={check.count === 0 ? 'info' : check.blocking ? 'error' : 'warning'}
          showIcon
          title={`${check.count.toLocaleString('en')} ${check.description}`}
          description={check.blocking && check.count > 0 ? 'This change cannot be applied until those records are fixed.' : undefined}
        />
      ))}
      {plan.sql.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[{ key: 'sql', label: 'Show SQL', children: <pre className="plan-sql">{plan.sql.join(';\n') + ';'}</pre> }]}
        />
      )}
    </div>
  );
}

/**
 * The last step of every change: the plan from POST /api/meta/plan, then Apply (the route that makes the
 * change). Definition errors come back from the plan exactly as from applying, and are shown here.
 */
export function ReviewModal({ change, title, onClose, onApplied }: { change: Change | undefined; title: string; onClose: () => void; onApplied: (result: Plan) => void }) {
  const [plan, setPlan] = useState<Plan>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const refresh = useRefresh();
  useEffect(() => {
    setPlan(undefined);
    setError(undefined);
    if (!change) return;
    let live = true;
    planChange(change).then(
      (p) => live && setPlan(p),
      (err: Error) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [change]);
  const apply = async () => {
    if (!change) return;
    setBusy(true);
    try {
      const result = await applyChange(change);
      await refresh();
      onApplied(result);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={change !== undefined}
      title={title}
      onCancel={onClose}
      width={640}
      footer={[
        <Button key="back" onClick={onClose}>
          Back
        </Button>,
        <Button key="apply" type="primary" disabled={!plan || !plan.applicable} loading={busy} onClick={() => void apply()}>
          Apply
        </Button>,
      ]}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.message}
          description={error instanceof ApiError && error.errors.length > 0 ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      {!plan && !error && <Spin />}
      {plan && <PlanView plan={plan} />}
    </Modal>
  );
}
