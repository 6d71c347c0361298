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
  'notify.on': 'Notifying',
  'notify.off': 'Notify me',
  'notify.jobTitle': 'A browser notification when this job ends',
  'notify.viewTitle': 'A browser notification when a job of this view (its filters and search) fails or ends',
  'notify.denied': 'Notifications are blocked for this site: allow them in the browser\'s site settings',
  'notify.unsupported': 'This browser shows no notifications',
  'notify.jobEnded': '{id}: {status}',
  'notify.jobEndedBody': 'Job {id} on {where} is now {status}.',
  'notify.everyCluster': 'every cluster',
};
