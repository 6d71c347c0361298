// 简体中文: the same keys as en.js (www/src/i18n/index.js).
export default {
  // the language switcher
  'lang.label': '语言',
};
