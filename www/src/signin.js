// Sign-in and the signed-in user in the console (docs/api.md §12): a visitor the console does not
// know sees a form for their token (or, behind an identity proxy, where to sign in), never a raw
// 401; a signed-in user sees their name and role, and a sign-out button.
import { consoleState, signIn, signOut } from './console.js';
import { h } from './dom.js';

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
  const submit = h('button', { type: 'submit', 'data-testid': 'signin-submit' }, 'Sign in');
  const form = h('form.signin', {
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      problem.hidden = true;
      let answer;
      try {
        answer = await signIn(token.value.trim());
      } catch {
        answer = { ok: false, message: 'The console did not answer. Try again in a moment.' };
      }
      submit.disabled = false;
      if (answer.ok) { token.value = ''; done(); return; }
      if (answer.proxy) { form.closest('section')?.replaceWith(proxyCard(answer.message)); return; }
      problem.textContent = answer.message
        ? `The console did not accept this token: ${answer.message}`
        : 'The console did not accept this token. Check it and try again.';
      problem.hidden = false;
      token.select();
    },
  },
  h('label', {}, 'Access token', token),
  submit,
  problem);
  const card = h('section.card.signin-card', { 'data-testid': 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in to the job console'),
    h('p', { id: 'signin-what' }, 'This console shows its clusters\' jobs to the people its operators gave a token to. ',
      'Paste yours: the console keeps you signed in with a cookie only it can read, and the token never appears in a link.'),
    form);
  queueMicrotask(() => token.focus());
  return card;
}

/** Behind an identity proxy (`jwt`), signing in happens there: this page can only say so. */
function proxyCard(message) {
  return h('section.card.signin-card', { 'data-testid': 'signin', 'data-auth': 'jwt', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in through your organisation'),
    h('p', {}, 'This console signs people in through the identity proxy in front of it (Cloudflare Access, oauth2-proxy, Pomerium…), ',
      'and this request reached it without a valid sign-in. Reload the page to sign in again; if that does not help, ask the console\'s operators to let you in.'),
    message ? h('p.hint', {}, 'The console said: ', h('q', {}, message)) : null,
    h('p', {}, h('button', { type: 'button', onclick: () => location.reload() }, 'Reload')));
}

/** A console without sign-in (`JOBGLASS_AUTH=none`) reached from another machine. */
function closedCard(message) {
  return h('section.card.signin-card', { 'data-testid': 'signin', 'data-auth': 'none', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'This console serves only its own machine'),
    h('p', {}, 'It runs without sign-in, so it answers only requests made on the machine it runs on. ',
      'Open it there, or ask its operators to turn on sign-in (JOBGLASS_AUTH=token or jwt) for a team.'),
    message ? h('p.hint', {}, 'The console said: ', h('q', {}, message)) : null);
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
      h(`span.role.${s.role}`, { 'data-testid': 'session-role', title: s.role === 'operator' ? 'May stop and delete jobs' : 'May look at jobs' }, s.role)),
    consoleState.tokens ? h('button', { type: 'button', 'data-testid': 'signout', onclick: async () => { await signOut(); onSignedOut(); } }, 'Sign out') : null,
  ].filter(Boolean);
}
