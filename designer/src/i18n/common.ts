import { texts } from './texts.ts';

/** Words every page of the designer uses. */
export const common = texts(
  {
    save: 'Save',
    cancel: 'Cancel',
    delete: 'Delete',
    edit: 'Edit',
    add: 'Add',
    remove: 'Remove',
    apply: 'Apply',
    review: 'Review',
    close: 'Close',
    yes: 'Yes',
    no: 'No',
    english: 'English',
    chinese: 'Chinese',
    language: 'Language',
    loadFailed: 'Could not load: {{message}}',
  },
  {
    save: '保存',
    cancel: '取消',
    delete: '删除',
    edit: '编辑',
    add: '添加',
    remove: '移除',
    apply: '应用',
    review: '预览变更',
    close: '关闭',
    yes: '是',
    no: '否',
    english: '英文',
    chinese: '中文',
    language: '语言',
    loadFailed: '无法加载：{{message}}',
  },
);
