import type { ServerResponse } from 'node:http';
import { COMMON_HEADERS } from '../http/responses';

/** Why a sign-in did not give a session, in words for the citizen (Greek, then English). */
export type SignInProblem = 'not_configured' | 'failed' | 'provider_down' | 'invalid_identity' | 'bad_request';

const TEXT: Record<SignInProblem, { el: string; en: string }> = {
  not_configured: {
    el: 'Η ηλεκτρονική κράτηση ραντεβού δεν είναι διαθέσιμη εδώ. Μπορείτε να κλείσετε ραντεβού τηλεφωνικά με το ΚΕΠ σας.',
    en: 'Online booking is not set up here. You can book an appointment by phoning your KEP.',
  },
  failed: {
    el: 'Η σύνδεση δεν ολοκληρώθηκε (ακυρώθηκε, έληξε ή δεν ήταν έγκυρη). Δοκιμάστε ξανά.',
    en: 'The sign-in did not complete (it was cancelled, it expired, or it was not valid). Please try again.',
  },
  provider_down: {
    el: 'Η υπηρεσία σύνδεσης δεν απαντά αυτή τη στιγμή. Δοκιμάστε ξανά σε λίγα λεπτά.',
    en: 'The sign-in service is not answering right now. Please try again in a few minutes.',
  },
  invalid_identity: {
    el: 'Τα στοιχεία που έστειλε η υπηρεσία σύνδεσης δεν είναι πλήρη ή ο ΑΦΜ δεν είναι έγκυρος, οπότε δεν μπορείτε να κλείσετε ραντεβού ηλεκτρονικά. Επικοινωνήστε με το ΚΕΠ σας.',
    en: 'The details the sign-in service sent are incomplete or the tax number (AFM) is not valid, so you cannot book online. Please contact your KEP.',
  },
  bad_request: {
    el: 'Η διεύθυνση αυτή δεν μπορεί να χρησιμοποιηθεί για σύνδεση. Ανοίξτε τη σελίδα κράτησης από την αρχή.',
    en: 'This address cannot be used to sign in. Please open the booking page again.',
  },
};

/** A plain page with a way to start again; no scripts, nothing from elsewhere. */
export function sendSignInProblem(res: ServerResponse, status: number, problem: SignInProblem, cookies: readonly string[] = []): void {
  const { el, en } = TEXT[problem];
  const again = problem === 'not_configured' ? '' : '<p><a href="/book/sign-in">Σύνδεση ξανά</a> · <a href="/book/sign-in" lang="en">Sign in again</a></p>';
  const body = `<!doctype html>
<html lang="el"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Κράτηση ραντεβού / Booking</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><main><h1>Κράτηση ραντεβού</h1><p>${el}</p><p lang="en">${en}</p>${again}<p><a href="/book">Αρχική σελίδα κράτησης / <span lang="en">Booking home</span></a></p></main></body></html>`;
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ...(cookies.length > 0 ? { 'set-cookie': [...cookies] } : {}),
  });
  res.end(body);
}
