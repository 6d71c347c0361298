// English: every string the page shows, by key (www/src/i18n/index.js). Keys are grouped by the
// part of the page that shows them; zh-CN.js has the same keys.
export default {
  // the language switcher
  'lang.label': 'Language',

  // notifications and history (docs/notifications.md)
  'history.include': 'Include history',
  'history.mark': 'history',
  'history.markTitle': 'From history: its cluster no longer lists this job',
  'history.noteTitle': 'From history.',
  'history.note': 'Its cluster no longer lists this job (gone since {when}); this is its last known state, {status}.',
  'history.unavailable': 'The console keeps no history',
};
