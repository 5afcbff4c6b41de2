import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client.ts';

function fileName(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(disposition ?? '')?.[1] ?? fallback;
}

/**
 * Downloads the current view as CSV (GET /api/records/:object/export with the list's own parameters).
 * Fetched first, so a refusal is shown as a message rather than saved as a file.
 */
export function ExportButton({ object, query }: { object: string; query: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(`/api/records/${encodeURIComponent(object)}/export${query}`, { credentials: 'same-origin', headers: { accept: 'text/csv' } });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
        throw new ApiError(response.status, problem.code ?? 'error', problem.detail ?? problem.title ?? response.statusText);
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName(response.headers.get('content-disposition'), `${object}.csv`);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      void message.success(t('listTools.exported'));
    } catch (error) {
      void message.error(`${t('listTools.exportFailed')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void download()}>
      {t('listTools.exportCsv')}
    </Button>
  );
}
