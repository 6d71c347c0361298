// docs/images/notifications.png: what the console posts for one failed job, in each format. The
// bodies are built by the worker's own webhook-format.js (what the tests' receivers get), and drawn
// here as plain cards in headless Chromium, labelled as such: they are not screenshots of Slack,
// Feishu, DingTalk or WeCom (docs/notifications.md).
// Usage: node scripts/notify-image.mjs
import { launch } from '../tests/page/browser.mjs';
import { webhookRequest } from '../worker/src/webhook-format.js';

const announcement = {
  cluster: 'prod', id: 'raysubmit_7Yb2kQ', name: 'resnet50-imagenet', status: 'FAILED', previousStatus: 'RUNNING',
  startTime: 1796040000000, endTime: 1796061725000, errorType: 'JOB_ENTRYPOINT_COMMAND_ERROR',
  url: 'https://jobs.example.com/?cluster=prod&id=raysubmit_7Yb2kQ',
};
const now = 1796061730000;
const rules = [
  { format: 'slack', webhook: 'https://hooks.slack.com/services/T/B/x' },
  { format: 'feishu', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', signSecret: 'example' },
  { format: 'dingtalk', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x', signSecret: 'SECexample' },
  { format: 'wecom', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x' },
  { format: 'json', webhook: 'https://hooks.example.com/jobs' },
];
const escape = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
const cards = [];
for (const rule of rules) {
  const { body } = await webhookRequest(rule, announcement, now);
  const b = JSON.parse(body);
  const shown = rule.format === 'slack' ? b.text : rule.format === 'feishu' ? b.content.text
    : rule.format === 'dingtalk' ? b.markdown.text : rule.format === 'wecom' ? b.markdown.content : JSON.stringify(b, null, 2);
  cards.push(`<section><h2>${rule.format}</h2><pre>${escape(shown)}</pre></section>`);
}
const html = `<!doctype html><meta charset="utf-8"><style>
body { font: 14px system-ui, sans-serif; margin: 16px; background: #f6f7f9; color: #1b1f24; width: 900px; }
h1 { font-size: 16px; margin: 0 0 4px; } p { margin: 0 0 12px; color: #57606a; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
section { background: #fff; border: 1px solid #d8dee4; border-radius: 8px; padding: 8px 12px; }
h2 { font-size: 13px; margin: 0 0 6px; color: #0a58ca; text-transform: uppercase; letter-spacing: .04em; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12.5px ui-monospace, monospace; }
</style><h1>What the console posts when job raysubmit_7Yb2kQ fails</h1>
<p>The text of each body as built by worker/src/webhook-format.js, drawn as plain cards, not as each platform shows it.</p>
<main>${cards.join('')}</main>`;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 932, height: 600 } });
await page.setContent(html);
await page.screenshot({ path: new URL('../docs/images/notifications.png', import.meta.url).pathname, fullPage: true });
await browser.close();
console.log('docs/images/notifications.png');
