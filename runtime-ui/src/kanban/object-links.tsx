import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Space } from 'antd';
import type { ObjectDef } from '../api/types.ts';

/** The list page's ways to the object's board (when it has a picklist to group by) and its recycle bin. */
export function ObjectLinks({ object, view }: { object: ObjectDef; view?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const board = object.fields.some((f) => f.type === 'picklist' && !f.archived);
  const kanbanView = object.list_views?.find((v) => v.api_name === view && v.kanban);
  return (
    <Space.Compact>
      {board && <Button onClick={() => navigate(`/o/${object.api_name}/kanban${kanbanView ? `?view=${encodeURIComponent(kanbanView.api_name)}` : ''}`)}>{t('kanban.board')}</Button>}
      <Button onClick={() => navigate(`/o/${object.api_name}/recycle-bin`)}>{t('bin.open')}</Button>
    </Space.Compact>
  );
}
