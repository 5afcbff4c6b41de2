import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { App, Button, Checkbox, Form, Modal, Select, Space, Typography } from 'antd';
import { api, ApiError } from '../api/client.ts';
import { label, type ApiRecord, type FieldDef, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { fieldErrorText } from '../form/field-errors.ts';
import { runPerRecord, type RecordOutcome } from './run-per-record.ts';
import { hasValue, MASS_UPDATABLE, MassValueInput, type MassValue } from './mass-value-input.tsx';

/** The record's owner, offered beside the fields (a user picker; the engine checks who may be given records). */
const ownerField = (t: TFunction): FieldDef => ({ api_name: 'owner_id', type: 'user', label: { en: t('listTools.owner'), 'zh-CN': t('listTools.owner') }, required: true });

const recordUrl = (object: ObjectDef, record: ApiRecord) => `/api/records/${encodeURIComponent(object.api_name)}/${encodeURIComponent(record.id)}`;
const ifMatch = (record: ApiRecord) => ({ 'if-match': `"${record.version}"` });

function reason(error: unknown, t: TFunction, object: ObjectDef, locale: string): string {
  if (error instanceof ApiError) {
    if (error.status === 412 || error.code === 'version_conflict') return t('listTools.conflict');
    if (error.status === 403) return t('listTools.forbidden');
    if (error.status === 404) return t('listTools.gone');
    const fieldName = (name: string) => label(object.fields.find((f) => f.api_name === name)?.label, locale, name === 'owner_id' ? t('listTools.owner') : name);
    if (error.errors.length) return error.errors.map((e) => `${fieldName(e.field)}: ${fieldErrorText(e, t, object, locale)}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** What happened to each record: how many succeeded, and each failure with its reason. */
function Outcomes({ object, outcomes, t, locale }: { object: ObjectDef; outcomes: RecordOutcome[]; t: TFunction; locale: string }) {
  const failed = outcomes.filter((o) => o.error !== undefined);
  if (failed.length === 0) return null;
  return (
    <div className="mass-failures">
      <Typography.Text strong>{t('listTools.failures')}</Typography.Text>
      <ul>
        {failed.map(({ record, error }) => (
          <li key={record.id}>
            <Typography.Text>{String(record[object.name_field] ?? '') || record.id.slice(0, 8)}</Typography.Text> — <Typography.Text type="danger">{reason(error, t, object, locale)}</Typography.Text>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The bar over a list with selected rows: mass update of one field, mass delete, each reported per record. */
export function MassActions({ object, selected, onClear, onDone }: { object: ObjectDef; selected: ApiRecord[]; onClear(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { modal } = App.useApp();
  const [updating, setUpdating] = useState(false);
  const [progress, setProgress] = useState<number>();
  const fields = [...object.fields.filter((f) => !f.archived && MASS_UPDATABLE.has(f.type)), ownerField(t)];

  const run = async (kind: 'update' | 'delete', request: (record: ApiRecord) => Promise<unknown>) => {
    setProgress(0);
    const outcomes = await runPerRecord(selected, request, setProgress);
    setProgress(undefined);
    const done = outcomes.filter((o) => o.error === undefined).length;
    const title = t(kind === 'update' ? 'listTools.updatedSome' : 'listTools.deletedSome', { done, count: outcomes.length });
    const report = { title, content: <Outcomes object={object} outcomes={outcomes} t={t} locale={locale} />, className: 'mass-report' };
    if (done === outcomes.length) modal.success(report);
    else modal.warning(report);
    onDone();
  };

  const confirmDelete = () =>
    modal.confirm({
      title: t('listTools.massDeleteConfirm', { count: selected.length }),
      content: t('listTools.massDeleteHint'),
      okText: t('listTools.massDelete'),
      okButtonProps: { danger: true },
      cancelText: t('listTools.cancel'),
      onOk: () => run('delete', (record) => api('DELETE', recordUrl(object, record), undefined, ifMatch(record))),
    });

  return (
    <div className="mass-bar" role="toolbar" aria-label={t('listTools.selected', { count: selected.length })}>
      <Typography.Text strong>{t('listTools.selected', { count: selected.length })}</Typography.Text>
      {progress !== undefined ? (
        <Typography.Text type="secondary">{t('listTools.working', { done: progress, count: selected.length })}</Typography.Text>
      ) : (
        <Space wrap>
          <Button disabled={fields.length === 0} onClick={() => setUpdating(true)}>
            {t('listTools.massUpdate')}
          </Button>
          <Button danger onClick={confirmDelete}>
            {t('listTools.massDelete')}
          </Button>
          <Button type="link" onClick={onClear}>
            {t('listTools.clearSelection')}
          </Button>
        </Space>
      )}
      {updating && (
        <MassUpdateDialog
          fields={fields}
          count={selected.length}
          locale={locale}
          onClose={() => setUpdating(false)}
          onApply={(field, value) => {
            setUpdating(false);
            void run('update', (record) => api('PATCH', recordUrl(object, record), { [field]: value }, ifMatch(record)));
          }}
        />
      )}
    </div>
  );
}

function MassUpdateDialog({ fields, count, locale, onClose, onApply }: { fields: FieldDef[]; count: number; locale: string; onClose(): void; onApply(field: string, value: MassValue | null): void }) {
  const { t } = useTranslation();
  const [fieldName, setFieldName] = useState<string>();
  const [value, setValue] = useState<MassValue>();
  const [clear, setClear] = useState(false);
  const field = fields.find((f) => f.api_name === fieldName);
  const ready = field !== undefined && (clear || hasValue(value));
  return (
    <Modal
      open
      title={t('listTools.massUpdateTitle', { count })}
      okText={t('listTools.massApply')}
      cancelText={t('listTools.cancel')}
      okButtonProps={{ disabled: !ready }}
      onOk={() => field && onApply(field.api_name, clear ? null : (value ?? null))}
      onCancel={onClose}
      className="mass-update"
    >
      <Form layout="vertical">
        <Form.Item label={t('listTools.massField')}>
          <Select
            aria-label={t('listTools.massField')}
            value={fieldName}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(name: string) => {
              setFieldName(name);
              setValue(undefined);
              setClear(false);
            }}
            options={fields.map((f) => ({ value: f.api_name, label: label(f.label, locale, f.api_name) }))}
          />
        </Form.Item>
        {field && (
          <Form.Item label={t('listTools.massValue')}>
            <Space orientation="vertical" className="full-width">
              {!clear && <MassValueInput key={field.api_name} field={field} value={value} onChange={setValue} ariaLabel={t('listTools.massValue')} />}
              {!field.required && (
                <Checkbox checked={clear} onChange={(e) => setClear(e.target.checked)}>
                  {t('listTools.massClear')}
                </Checkbox>
              )}
            </Space>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
