// Sign-in and the signed-in user in the console (docs/api.md §12): a visitor the console does not
// know sees a form for their token (or, behind an identity proxy, where to sign in), never a raw
// 401; a signed-in user sees their name and role, and a sign-out button.
import { consoleState, signIn, signOut } from './console.js';
import { h } from './dom.js';
import { t } from './i18n/index.js';

/** The card asking for sign-in; `done()` runs once the console accepted a token. */
export function signInCard(done) {
  const out = consoleState.signedOut ?? { message: '', how: 'token' };
  if (out.how === 'proxy') return proxyCard(out.message);
  if (out.how === 'closed') return closedCard(out.message);
  const token = h('input', {
    name: 'token', type: 'password', 'data-testid': 'signin-token', autocomplete: 'current-password', required: true,
    'aria-describedby': 'signin-what', spellcheck: 'false',
  });
  const problem = h('p.signin-problem', { role: 'alert', 'data-testid': 'signin-error', hidden: true });
  const submit = h('button', { type: 'submit', 'data-testid': 'signin-submit' }, t('signin.submit'));
  const form = h('form.signin', {
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      problem.hidden = true;
      let answer;
      try {
        answer = await signIn(token.value.trim());
      } catch {
        answer = { ok: false, message: t('signin.noAnswer') };
      }
      submit.disabled = false;
      if (answer.ok) { token.value = ''; done(); return; }
      if (answer.proxy) { form.closest('section')?.replaceWith(proxyCard(answer.message)); return; }
      problem.replaceChildren(...(answer.message
        ? [t('signin.refusedSaid'), ' ', h('q', { lang: 'en' }, answer.message)]
        : [t('signin.refused')]));
      problem.hidden = false;
      token.select();
    },
  },
  h('label', {}, t('signin.token'), token),
  submit,
  problem);
  const card = h('section.card.signin-card', { 'data-testid': 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.title')),
    h('p', { id: 'signin-what' }, t('signin.what')),
    form);
  queueMicrotask(() => token.focus());
  return card;
}

/** Behind an identity proxy (`jwt`), signing in happens there: this page can only say so. */
function proxyCard(message) {
  return h('section.card.signin-card', { 'data-testid': 'signin', 'data-auth': 'jwt', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.proxy.title')),
    h('p', {}, t('signin.proxy.what')),
    message ? h('p.hint', {}, t('signin.consoleSaid'), ' ', h('q', { lang: 'en' }, message)) : null,
    h('p', {}, h('button', { type: 'button', onclick: () => location.reload() }, t('signin.reload'))));
}

/** A console without sign-in (`JOBGLASS_AUTH=none`) reached from another machine. */
function closedCard(message) {
  return h('section.card.signin-card', { 'data-testid': 'signin', 'data-auth': 'none', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.closed.title')),
    h('p', {}, t('signin.closed.what'), ' ', h('code', {}, 'JOBGLASS_AUTH=token'), ' / ', h('code', {}, 'jwt'), t('err.end')),
    message ? h('p.hint', {}, t('signin.consoleSaid'), ' ', h('q', { lang: 'en' }, message)) : null);
}

/**
 * The header's "signed in as" line; empty outside the console or when signed out. Sign-out is
 * offered where this page signed the user in (tokens); behind an identity proxy that is the
 * proxy's, and without sign-in there is nothing to end.
 */
export function sessionLine(onSignedOut) {
  const s = consoleState.session;
  if (!consoleState.on || !s) return [];
  return [
    h('span.session', { 'data-testid': 'session' },
      h('span', { 'data-testid': 'session-user' }, s.user), ' ',
      h(`span.role.${s.role}`, { 'data-testid': 'session-role', 'data-role': s.role, title: s.role === 'operator' ? t('session.operator.title') : t('session.viewer.title') },
        s.role === 'operator' ? t('session.operator') : t('session.viewer'))),
    consoleState.tokens ? h('button', { type: 'button', 'data-testid': 'signout', onclick: async () => { await signOut(); onSignedOut(); } }, t('signin.signOut')) : null,
  ].filter(Boolean);
}
