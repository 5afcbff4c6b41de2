import { texts } from './texts.ts';

/** The ER diagram. */
export const er = texts(
  {
    title: 'ER diagram',
    help: "Drag from an object's right dot to another object to add a lookup; click an object to open it; drag a box to place it (saved for all admins).",
    dragToRelate: 'Drag to another object to add a lookup',
    autoLayout: 'Auto layout',
    zoomToFit: 'Zoom to fit',
    saving: 'Saving the layout…',
    saved: 'Layout saved for all admins',
    saveFailed: 'The layout could not be saved: {{message}}',
  },
  {
    title: 'ER 图',
    help: '从对象右侧的圆点拖到另一个对象即可添加查找关系；点击对象可打开它；拖动方框可调整位置（对所有管理员保存）。',
    dragToRelate: '拖到另一个对象以添加查找关系',
    autoLayout: '自动布局',
    zoomToFit: '缩放以适应',
    saving: '正在保存布局…',
    saved: '布局已为所有管理员保存',
    saveFailed: '布局无法保存：{{message}}',
  },
);
