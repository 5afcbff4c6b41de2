import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input, Popover, Select, Tooltip } from 'antd';
import { BoldOutlined, ClearOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { isBlankHtml, safeHref, safeHtml, tidyHtml } from './safe-html.ts';
import './rich-text-editor.css';

export interface RichTextEditorProps {
  id?: string;
  value: string | undefined;
  onChange(html: string | undefined): void;
  onBlur?(): void;
  ariaLabel: string;
  disabled?: boolean;
  invalid?: boolean;
}

type Mark = 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'insertOrderedList';
const MARKS: Mark[] = ['bold', 'italic', 'underline', 'insertUnorderedList', 'insertOrderedList'];
const BLOCKS = ['p', 'h2', 'h3'] as const;

/**
 * A small rich-text editor on contentEditable: bold, italic, underline, lists, links and headings (also
 * Ctrl+B / I / U). Chromium's editing commands do the edits (document.execCommand, deprecated but
 * implemented by every browser); what is pasted is reduced to the allowlist first (safe-html.ts).
 */
export default function RichTextEditor({ id, value, onChange, onBlur, ariaLabel, disabled, invalid }: RichTextEditorProps) {
  const { t } = useTranslation();
  const editor = useRef<HTMLDivElement>(null);
  /** The HTML this editor last reported: a value that differs came from outside and replaces the content. */
  const emitted = useRef<string | undefined>(undefined);
  /** The selection inside the editor, kept while a toolbar control has the focus. */
  const range = useRef<Range | null>(null);
  const [active, setActive] = useState<{ marks: Set<Mark>; block: string }>({ marks: new Set(), block: 'p' });
  const [linking, setLinking] = useState(false);
  const [href, setHref] = useState('');

  useEffect(() => {
    const element = editor.current;
    if (!element || value === emitted.current) return;
    element.innerHTML = value ? safeHtml(value) : '';
    emitted.current = value;
  }, [value]);

  const inside = (node: Node | null) => !!node && !!editor.current && editor.current.contains(node);

  const refresh = useCallback(() => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || !inside(selection.anchorNode)) return;
    range.current = selection.getRangeAt(0).cloneRange();
    const block = String(document.queryCommandValue('formatBlock') || 'p').toLowerCase();
    setActive({ marks: new Set(MARKS.filter((m) => document.queryCommandState(m))), block: (BLOCKS as readonly string[]).includes(block) ? block : 'p' });
  }, []);

  useEffect(() => {
    document.addEventListener('selectionchange', refresh);
    return () => document.removeEventListener('selectionchange', refresh);
  }, [refresh]);

  const emit = () => {
    const element = editor.current;
    if (!element) return;
    const html = isBlankHtml(element.innerHTML) ? undefined : tidyHtml(element);
    emitted.current = html;
    onChange(html);
  };

  /** Text goes into paragraphs: an empty editor gets one to type in, a bare first line becomes one. */
  const startParagraph = () => {
    const element = editor.current;
    if (!element || disabled) return;
    if (element.childNodes.length === 0) {
      element.innerHTML = '<p><br></p>';
      const selection = document.getSelection();
      const paragraph = element.firstChild;
      if (selection && paragraph) selection.setBaseAndExtent(paragraph, 0, paragraph, 0);
    } else if (element.firstChild?.nodeType === Node.TEXT_NODE) document.execCommand('formatBlock', false, 'p');
  };

  /** Runs an editing command on the editor's selection (restored when a toolbar control took the focus). */
  const run = (command: string, argument?: string) => {
    const element = editor.current;
    if (!element || disabled) return;
    element.focus();
    const selection = document.getSelection();
    if (range.current && selection && !inside(selection.anchorNode)) {
      selection.removeAllRanges();
      selection.addRange(range.current);
    }
    document.execCommand('styleWithCSS', false, 'false');
    document.execCommand(command, false, argument);
    emit();
    refresh();
  };

  const addLink = () => {
    const url = safeHref(/^[a-z][a-z0-9+.-]*:/i.test(href.trim()) ? href : `https://${href.trim()}`);
    setLinking(false);
    setHref('');
    if (url) run('createLink', url);
  };

  const markButton = (mark: Mark, icon: React.ReactNode, title: string) => (
    <Tooltip title={title} key={mark}>
      <Button
        type={active.marks.has(mark) ? 'primary' : 'text'}
        ghost={active.marks.has(mark)}
        size="small"
        icon={icon}
        aria-label={title}
        aria-pressed={active.marks.has(mark)}
        disabled={disabled}
        // The editor keeps its selection: a mouse press on the toolbar does not take the focus.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => run(mark)}
      />
    </Tooltip>
  );

  return (
    <div className={`rich-editor${invalid ? ' rich-editor-error' : ''}${disabled ? ' rich-editor-disabled' : ''}`}>
      <div className="rich-editor-toolbar" role="toolbar" aria-label={t('richText.toolbar')}>
        <Select
          size="small"
          className="rich-editor-block"
          style={{ width: 120 }}
          value={active.block}
          disabled={disabled}
          aria-label={t('richText.block')}
          onChange={(block: string) => run('formatBlock', block)}
          options={[
            { value: 'p', label: t('richText.paragraph') },
            { value: 'h2', label: t('richText.heading1') },
            { value: 'h3', label: t('richText.heading2') },
          ]}
        />
        {markButton('bold', <BoldOutlined />, t('richText.bold'))}
        {markButton('italic', <ItalicOutlined />, t('richText.italic'))}
        {markButton('underline', <UnderlineOutlined />, t('richText.underline'))}
        {markButton('insertUnorderedList', <UnorderedListOutlined />, t('richText.bullets'))}
        {markButton('insertOrderedList', <OrderedListOutlined />, t('richText.numbers'))}
        <Popover
          open={linking}
          onOpenChange={(open) => setLinking(open && !disabled)}
          trigger="click"
          content={
            <div className="rich-editor-link">
              <Input size="small" autoFocus placeholder="https://…" aria-label={t('richText.linkAddress')} value={href} onChange={(e) => setHref(e.target.value)} onPressEnter={addLink} />
              <Button size="small" type="primary" onClick={addLink} disabled={href.trim() === ''}>
                {t('richText.linkAdd')}
              </Button>
            </div>
          }
        >
          <Tooltip title={t('richText.link')}>
            <Button type="text" size="small" icon={<LinkOutlined />} aria-label={t('richText.link')} disabled={disabled} onMouseDown={(e) => e.preventDefault()} />
          </Tooltip>
        </Popover>
        <Tooltip title={t('richText.clear')}>
          <Button
            type="text"
            size="small"
            icon={<ClearOutlined />}
            aria-label={t('richText.clear')}
            disabled={disabled}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              run('removeFormat');
              run('unlink');
              run('formatBlock', 'p');
            }}
          />
        </Tooltip>
      </div>
      <div
        ref={editor}
        id={id}
        className="rich-editor-content rich-text"
        role="textbox"
        aria-multiline="true"
        aria-label={ariaLabel}
        aria-invalid={invalid || undefined}
        contentEditable={!disabled}
        suppressContentEditableWarning
        onFocus={() => {
          document.execCommand('defaultParagraphSeparator', false, 'p');
          startParagraph();
        }}
        onInput={() => {
          startParagraph();
          emit();
        }}
        onBlur={() => onBlur?.()}
        onPaste={(event) => {
          // Only the allowlist gets in: a pasted script, image or event handler never reaches the page.
          event.preventDefault();
          const html = event.clipboardData.getData('text/html');
          if (html) document.execCommand('insertHTML', false, safeHtml(html));
          else document.execCommand('insertText', false, event.clipboardData.getData('text/plain'));
          emit();
        }}
        onDrop={(event) => event.preventDefault()}
      />
    </div>
  );
}
