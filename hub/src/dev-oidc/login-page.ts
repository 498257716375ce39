const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Only an inline style block; the form posts to the provider itself. */
export const LOGIN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const STYLE = `
body{margin:0;font-family:Arial,Helvetica,sans-serif;background:#f3f3f3;color:#1b1b1b}
header{background:#003476;color:#fff;padding:12px 20px;font-weight:bold;font-size:1.3em}
.test{background:#ffdd00;color:#1b1b1b;padding:6px 20px;font-size:.9em}
main{max-width:420px;margin:32px auto;background:#fff;border:1px solid #d0d0d0;padding:24px}
h1{font-size:1.25em;margin:0 0 4px}
p.en{color:#555;margin:0 0 16px}
label{display:block;margin:14px 0 4px;font-weight:bold}
input{width:100%;box-sizing:border-box;padding:8px;font-size:1em;border:2px solid #1b1b1b}
button{margin-top:20px;background:#00703c;color:#fff;border:0;padding:10px 18px;font-size:1em;cursor:pointer}
.error{border-left:5px solid #b10e1e;padding:8px 12px;background:#fbeaea;margin-bottom:12px}
.cancel{background:#555}`;

/**
 * The provider's sign-in form, plainly in the manner of gov.gr's TAXISnet page (username and
 * password), Greek first; marked as a test provider so nobody takes it for the real one.
 */
export function loginPage(input: { uid: string; clientName: string; error: boolean; username?: string }): string {
  const uid = encodeURIComponent(input.uid);
  const error = input.error ? '<div class="error" role="alert">Λάθος όνομα χρήστη ή κωδικός. / Wrong username or password.</div>' : '';
  return `<!doctype html>
<html lang="el"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Σύνδεση TAXISnet (δοκιμαστικός πάροχος) / TAXISnet sign-in (test provider)</title><style>${STYLE}</style></head>
<body><header>gov.gr</header>
<div class="test">Δοκιμαστικός πάροχος ταυτότητας για επίδειξη και δοκιμές — όχι το gov.gr. / Test identity provider for demos and tests — not gov.gr.</div>
<main>
<h1>Σύνδεση με κωδικούς TAXISnet</h1>
<p class="en" lang="en">Sign in with your TAXISnet credentials to continue to ${escapeHtml(input.clientName)}.</p>
${error}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<label for="username">Χρήστης / <span lang="en">Username</span></label>
<input id="username" name="username" required autofocus value="${escapeHtml(input.username ?? '')}">
<label for="password">Κωδικός / <span lang="en">Password</span></label>
<input id="password" name="password" type="password" required>
<button type="submit">Σύνδεση / <span lang="en">Sign in</span></button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit" class="cancel">Ακύρωση / <span lang="en">Cancel</span></button></form>
</main></body></html>`;
}

/** What the provider shows when a request to it goes wrong (no details that help an attacker). */
export function providerErrorPage(error: string): string {
  return `<!doctype html>
<html lang="el"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Σφάλμα / Error</title><style>${STYLE}</style></head>
<body><header>gov.gr</header><div class="test">Δοκιμαστικός πάροχος / Test provider</div>
<main><h1>Κάτι πήγε στραβά</h1><p class="en" lang="en">Something went wrong.</p><p><code>${escapeHtml(error)}</code></p></main></body></html>`;
}
