import { useMemo, useState } from 'react';
import { Alert, Button, Drawer, Form, Input, Space, Typography } from 'antd';
import { ApiError, planChange, type Change, type ObjectDef } from '../api.ts';
import type { FieldProblem } from '../../../runtime-ui/src/api/client.ts';
import { apiNameProblem } from '../api-name.ts';
import { useT } from '../i18n/index.ts';
import { RuleBuilder } from '../logic/rule-builder.tsx';
import { errorsUnder } from '../logic/rule-errors.tsx';
import { ReviewModal } from '../plan-review.tsx';
import { ColumnPicker } from './column-picker.tsx';
import { KanbanSettings } from './kanban-settings.tsx';
import { ListViewPreview } from './list-view-preview.tsx';
import { SortEditor } from './sort-editor.tsx';
import { errorAt, splitViewErrors } from './view-errors.ts';
import { draftOf, viewOf, withLabel, type ViewDraft } from './view-draft.ts';

interface Props {
  object: ObjectDef;
  objects: ObjectDef[];
  /** The view's place in the object's list views; undefined for a new one (added last). */
  index?: number;
  onClose(): void;
}

/**
 * A list view's editor: name and label, columns, default sort, filter, board settings and a preview of
 * the rows it would list. Save plans `update_object {list_views}`; the engine's errors are shown at their
 * place; a valid plan opens the review, where Apply makes it.
 */
export function ListViewEditor({ object, objects, index, onClose }: Props) {
  const { t } = useT('listViews');
  const existing = index === undefined ? undefined : object.list_views?.[index];
  const [draft, setDraft] = useState<ViewDraft>(() => draftOf(object, existing));
  const [errors, setErrors] = useState<FieldProblem[]>([]);
  const [problem, setProblem] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [change, setChange] = useState<Change>();
  const view = useMemo(() => viewOf(draft), [draft]);
  const at = index ?? object.list_views?.length ?? 0;
  // An edited part's errors go: they were about what it held before.
  const forget = (...parts: string[]) => {
    setProblem(undefined);
    setErrors((list) => list.filter((e) => !parts.some((p) => e.field === p || e.field.startsWith(`${p}.`))));
  };
  const typeLabel = (en: string, zh: string) => {
    forget('label', 'api_name');
    setDraft((d) => withLabel(d, en, zh));
  };
  const update = (patch: Partial<ViewDraft>) => {
    forget(...Object.keys(patch).map((k) => (['group_by', 'card_fields', 'sum_field'].includes(k) ? `kanban.${k}` : k === 'kanban' ? 'kanban' : k)));
    setDraft((d) => ({ ...d, ...patch }));
  };

  const save = async () => {
    const local: FieldProblem[] = [];
    const nameProblem = apiNameProblem(view.api_name);
    if (nameProblem) local.push({ field: 'api_name', message: nameProblem });
    if (!draft.en.trim() && !draft.zh.trim()) local.push({ field: 'label', message: t('labelNeeded') });
    setProblem(undefined);
    setErrors(local);
    if (local.length > 0) return;
    const list = object.list_views ?? [];
    const next = index === undefined ? [...list, view] : list.map((v, i) => (i === index ? view : v));
    const candidate: Change = { kind: 'update_object', object: object.api_name, patch: { list_views: next } };
    setChecking(true);
    try {
      await planChange(candidate);
      setChange(candidate);
    } catch (err) {
      const split = err instanceof ApiError ? splitViewErrors(err.errors, at) : { view: [], other: [] };
      setErrors(split.view);
      setProblem(split.view.length > 0 && split.other.length === 0 ? t('fixErrors') : [(err as Error).message, ...split.other.map((e) => `${e.field}: ${e.message}`)].join(' — '));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Drawer
      open
      size={760}
      title={existing ? t('editTitle', { name: existing.api_name }) : t('newTitle')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="primary" loading={checking} onClick={() => void save()}>
            {t('common:review')}
          </Button>
        </Space>
      }
    >
      {problem && <Alert type="error" showIcon className="gap-bottom view-problem" title={problem} />}
      <Form layout="vertical" className="list-view-form">
        <Space align="start" wrap>
          <Form.Item label={t('labelEn')} {...errorAt(errors, 'label')}>
            <Input aria-label={t('labelEn')} value={draft.en} onChange={(e) => typeLabel(e.target.value, draft.zh)} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('labelZh')}>
            <Input aria-label={t('labelZh')} value={draft.zh} onChange={(e) => typeLabel(draft.en, e.target.value)} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('apiName')} {...errorAt(errors, 'api_name')} extra={existing ? t('apiNameFixed') : t('apiNameHint')}>
            <Input aria-label={t('apiName')} value={draft.api_name} disabled={existing !== undefined} onChange={(e) => update({ api_name: e.target.value, nameEdited: true })} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item label={t('columns')} {...errorAt(errors, 'columns')}>
          <ColumnPicker object={object} value={draft.columns} onChange={(columns) => update({ columns })} />
        </Form.Item>
        <Form.Item label={t('sort')} {...errorAt(errors, 'sort')}>
          <SortEditor object={object} value={draft.sort} onChange={(sort) => update({ sort })} />
        </Form.Item>
        <Form.Item label={t('filter')} extra={t('filterHint')}>
          <RuleBuilder object={object} objects={objects} value={draft.filter} onChange={(filter) => update({ filter })} allowLookups errors={errorsUnder(errors, 'filter')} />
        </Form.Item>
        <KanbanSettings object={object} value={draft} errors={errors} onChange={(kanban) => update(kanban)} />
        <Typography.Title level={5}>{t('preview')}</Typography.Title>
        <ListViewPreview object={object} objects={objects} view={view} />
      </Form>
      <ReviewModal change={change} title={existing ? t('reviewEdit') : t('reviewNew')} onClose={() => setChange(undefined)} onApplied={onClose} />
    </Drawer>
  );
}
