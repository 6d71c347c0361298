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
  'notify.on': '通知已开启',
  'notify.off': '通知我',
  'notify.jobTitle': '此作业结束时发送浏览器通知',
  'notify.viewTitle': '此视图（按当前筛选和搜索）中的作业失败或结束时发送浏览器通知',
  'notify.denied': '此网站的通知已被阻止：请在浏览器的网站设置中允许',
  'notify.unsupported': '此浏览器不支持通知',
  'notify.jobEnded': '{id}：{status}',
  'notify.jobEndedBody': '{where} 上的作业 {id} 现在是 {status}。',
  'notify.everyCluster': '所有集群',
};
