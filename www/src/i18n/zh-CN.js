// 简体中文: the same keys as en.js (www/src/i18n/index.js).
export default {
  // the language switcher
  'lang.label': '语言',

  // 通知与历史记录 (docs/notifications.md)
  'history.include': '包含历史记录',
  'history.mark': '历史',
  'history.markTitle': '来自历史记录：所在集群已不再列出此作业',
  'history.noteTitle': '来自历史记录。',
  'history.note': '所在集群已不再列出此作业（自 {when} 起）；以下是它最后已知的状态：{status}。',
  'history.unavailable': '控制台未保存历史记录',
};
