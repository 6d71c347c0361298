// English: every string the page shows, by key (www/src/i18n/index.js). Keys are grouped by the
// part of the page that shows them; zh-CN.js has the same keys.
export default {
  // the language switcher
  'lang.label': 'Language',
};
