import { useEffect, useRef } from 'react';

/**
 * The list's selection check box: a native input drawn like antd's Checkbox (list-table.css, colours from
 * the theme). antd's Checkbox mounts a wave effect, style hooks and three wrappers per row; fifty of them
 * were a third of the time a list took to appear.
 */
export function RowCheck({ checked, indeterminate = false, label, onChange }: { checked: boolean; indeterminate?: boolean; label: string; onChange(checked: boolean, shiftKey: boolean): void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="row-check"
      checked={checked}
      aria-label={label}
      aria-checked={indeterminate ? 'mixed' : checked}
      onChange={(e) => onChange(e.target.checked, (e.nativeEvent as MouseEvent).shiftKey === true)}
      // A click on the box is not a click on the row.
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    />
  );
}
