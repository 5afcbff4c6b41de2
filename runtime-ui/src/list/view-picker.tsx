import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Popconfirm, Select, Space } from 'antd';
import { label, type ObjectDef } from '../api/types.ts';
import { useLocale } from '../i18n/locale-context.ts';
import { useDeleteView, useSaveView, type SavedView, type ViewDefinition } from './saved-views.ts';
import { SaveViewDialog, type SaveViewValues } from './save-view-dialog.tsx';

/** `view:<api_name>` for an admin's view, `saved:<id>` for a saved one, '' for all records. */
export type ViewChoice = string;

interface Props {
  object: ObjectDef;
  savedViews: SavedView[];
  choice: ViewChoice;
  current?: SavedView;
  /** What saving now would remember: the columns, sort and filter on screen. */
  definition: () => ViewDefinition;
  onChoose(choice: ViewChoice): void;
}

/** The view picker (the admin's views, shared ones, the user's own) with Save, Save as and Delete. */
export function ViewPicker({ object, savedViews, choice, current, definition, onChoose }: Props) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = App.useApp();
  const save = useSaveView(object.api_name);
  const remove = useDeleteView(object.api_name);
  const [dialog, setDialog] = useState<'save' | 'saveAs'>();
  const mine = savedViews.filter((v) => v.mine);
  const shared = savedViews.filter((v) => !v.mine);
  const own = current?.editable ? current : undefined;

  const group = (title: string, options: Array<{ value: string; label: string }>) => (options.length ? [{ label: title, title, options }] : []);
  const options = [
    { value: '', label: t('list.allRecords') },
    ...group(
      t('listTools.standardViews'),
      (object.list_views ?? []).map((v) => ({ value: `view:${v.api_name}`, label: label(v.label, locale, v.api_name) })),
    ),
    ...group(t('listTools.sharedViews'), shared.map((v) => ({ value: `saved:${v.id}`, label: v.name }))),
    ...group(t('listTools.myViews'), mine.map((v) => ({ value: `saved:${v.id}`, label: v.name }))),
  ];

  const onSave = async (values: SaveViewValues, id?: string) => {
    const savedId = await save.mutateAsync({ id, ...values, definition: definition() });
    void message.success(t('listTools.saved'));
    onChoose(`saved:${savedId}`);
  };

  return (
    <Space wrap className="view-picker">
      <Select
        className="list-view"
        aria-label={t('list.view')}
        // A saved view not listed yet (still loading) shows no raw id.
        value={choice === '' || options.some((o) => 'options' in o && o.options.some((v) => v.value === choice)) ? choice : undefined}
        placeholder={t('listTools.views')}
        onChange={onChoose}
        options={options}
        popupMatchSelectWidth={false}
      />
      {own ? (
        <Button onClick={() => setDialog('save')}>{t('listTools.save')}</Button>
      ) : null}
      <Button onClick={() => setDialog('saveAs')}>{own ? t('listTools.saveAs') : t('listTools.save')}</Button>
      {own && (
        <Popconfirm
          title={t('listTools.deleteViewConfirm', { name: own.name })}
          okText={t('listTools.massDelete')}
          okButtonProps={{ danger: true }}
          cancelText={t('listTools.cancel')}
          onConfirm={async () => {
            try {
              await remove.mutateAsync(own.id);
              void message.success(t('listTools.viewDeleted'));
              onChoose('');
            } catch (error) {
              void message.error(error instanceof Error ? error.message : String(error));
            }
          }}
        >
          <Button danger>{t('listTools.deleteView')}</Button>
        </Popconfirm>
      )}
      {dialog && (
        <SaveViewDialog
          title={dialog === 'save' ? t('listTools.saveTitle') : t('listTools.saveAsTitle')}
          initial={dialog === 'save' && own ? { name: own.name, shared: own.shared } : { name: '', shared: false }}
          onSave={(values) => onSave(values, dialog === 'save' ? own?.id : undefined)}
          onClose={() => setDialog(undefined)}
        />
      )}
    </Space>
  );
}
