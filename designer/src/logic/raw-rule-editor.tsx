import { useEffect, useRef, useState } from 'react';
import { Input, Typography } from 'antd';
import type { Rule } from '../api.ts';
import { useT } from '../i18n/index.ts';

/** The rule as JSON text: what is typed stays as typed; the rule changes only when the text parses. */
export function RawRuleEditor({ value, onChange, label }: { value: Rule | undefined; onChange: (rule: Rule | undefined) => void; label?: string }) {
  const { t } = useT('logic');
  const [textValue, setTextValue] = useState(() => format(value));
  const [parseError, setParseError] = useState<string>();
  const sent = useRef<Rule | undefined>(value);
  useEffect(() => {
    // A rule given from outside (another mode, a reset) replaces the text; our own echo does not.
    if (value !== sent.current) {
      sent.current = value;
      setTextValue(format(value));
      setParseError(undefined);
    }
  }, [value]);
  const change = (next: string) => {
    setTextValue(next);
    if (next.trim() === '') {
      setParseError(undefined);
      sent.current = undefined;
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setParseError(undefined);
      sent.current = parsed;
      onChange(parsed);
    } catch (err) {
      setParseError((err as Error).message);
    }
  };
  return (
    <div className="raw-rule-editor">
      <Input.TextArea
        aria-label={label ?? t('jsonText')}
        className="rule-json"
        autoSize={{ minRows: 3, maxRows: 16 }}
        spellCheck={false}
        value={textValue}
        status={parseError ? 'error' : undefined}
        onChange={(e) => change(e.target.value)}
        placeholder='{"==": [{"var": "stage"}, "won"]}'
      />
      {parseError && (
        <Typography.Text type="danger" className="rule-parse-error">
          {t('notJson', { message: parseError })}
        </Typography.Text>
      )}
    </div>
  );
}

function format(rule: Rule | undefined): string {
  return rule === undefined ? '' : JSON.stringify(rule, null, 2);
}
