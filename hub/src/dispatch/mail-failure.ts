/** What went wrong when handing a message to the mail server, said so that a person can act on it. */
export interface MailFailure {
  /** The server said no for good (5xx): trying again will not help until something is changed. */
  permanent: boolean;
  reason: string;
}

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
}

export function describeMailFailure(error: unknown, recipient: string): MailFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorFields;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const reply = typeof e.response === 'string' ? e.response.trim() : typeof e.message === 'string' ? e.message : String(error);
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return { permanent: true, reason: `The mail server refused the hub’s sign-in (${reply}); check smtp.auth in hub-config.json.` };
  }
  if (responseCode !== null && responseCode >= 500) {
    if (e.command === 'RCPT TO')
      return { permanent: true, reason: `The mail server refused the address ${recipient} (${reply}); check the citizen’s e-mail address.` };
    if (e.command === 'MAIL FROM') return { permanent: true, reason: `The mail server refused the sender (${reply}); check smtp.from in hub-config.json.` };
    return { permanent: true, reason: `The mail server refused the message (${reply}).` };
  }
  if (responseCode !== null) return { permanent: false, reason: `The mail server deferred the message (${reply}).` };
  return { permanent: false, reason: `The mail server could not be reached (${reply}).` };
}
