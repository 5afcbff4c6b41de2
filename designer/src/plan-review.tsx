import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Collapse, List, Modal, Spin, Typography } from 'antd';
import { ApiError, applyChange, planChange, useRefresh, type Change, type Plan } from './api.ts';
import { useLocale, useT } from './i18n/index.ts';
import { checkText, operationText } from './plan-words.ts';

/** A plan in plain words: what each operation does, what the checks found in the data; the SQL one click away. */
export function PlanView({ plan }: { plan: Plan }) {
  const { t } = useT('plan');
  const { locale } = useLocale();
  return (
    <div className="plan-view">
      {plan.operations.length === 0 ? (
        <Typography.Paragraph>{t('metadataOnly')}</Typography.Paragraph>
      ) : (
        <List size="small" header={<strong>{t('thisChange')}</strong>} bordered dataSource={plan.operations} renderItem={(o) => <List.Item>{operationText(o, t)}</List.Item>} />
      )}
      {plan.checks.map((check) => (
        <Alert
          key={`${check.kind}-${check.field}`}
          className="plan-check"
          style={{ marginTop: 12 }}
          type={check.count === 0 ? 'info' : check.blocking ? 'error' : 'warning'}
          showIcon
          title={checkText(check, t, locale)}
          description={check.blocking && check.count > 0 ? t('blocked') : undefined}
        />
      ))}
      {plan.sql.length > 0 && (
        <Collapse
          style={{ marginTop: 12 }}
          size="small"
          items={[{ key: 'sql', label: t('showSql'), children: <pre className="plan-sql">{plan.sql.join(';\n') + ';'}</pre> }]}
        />
      )}
    </div>
  );
}

/**
 * The last step of every change: the plan from POST /api/meta/plan, then Apply (the route that makes the
 * change). Definition errors come back from the plan exactly as from applying, and are shown here.
 * A plan that cannot be applied yet (rows to fix first) can be checked again once they are fixed.
 */
export function ReviewModal({ change, title, onClose, onApplied }: { change: Change | undefined; title: string; onClose: () => void; onApplied: (result: Plan) => void }) {
  const { t } = useT('plan');
  const [plan, setPlan] = useState<Plan>();
  const [error, setError] = useState<ApiError | Error>();
  const [busy, setBusy] = useState(false);
  const [round, setRound] = useState(0);
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
  }, [change, round]);
  const again = useCallback(() => setRound((r) => r + 1), []);
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
  const blocked = plan !== undefined && !plan.applicable;
  return (
    <Modal
      open={change !== undefined}
      title={title}
      onCancel={onClose}
      width={640}
      footer={[
        <Button key="back" onClick={onClose}>
          {t('back')}
        </Button>,
        ...(blocked
          ? [
              <Button key="again" onClick={again}>
                {t('checkAgain')}
              </Button>,
            ]
          : []),
        <Button key="apply" type="primary" disabled={!plan || !plan.applicable} loading={busy} onClick={() => void apply()}>
          {t('common:apply')}
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
