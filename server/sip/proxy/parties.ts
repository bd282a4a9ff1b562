/**
 * The From and To of a request as the proxy's identity and relaying decisions see them, each read at most once by the
 * core's name-addr parser (rfc3261#section-20.20, rfc3261#section-20.39, grammar in rfc3261#section-25.1). The display
 * name plays no part: `"<sip:x@evil.test>" <sip:alice@example.test>` is alice, as every user agent reads it. A value
 * the parser rejects is `unreadable`, which the proxy answers with 400: never "foreign" by default.
 */
import { parseNameAddr, type NameAddr, type SipRequest } from '../../../src/core/sip/index.ts';
import { localPartyOf, type LocalUser } from './routing.ts';

export interface Unreadable {
  /** The reason phrase of the 400. */
  unreadable: 'Bad From' | 'Bad To';
}

export interface Sender {
  /** The user of our domain the From names, `'domain'` when it names our domain without a user, null when foreign. */
  sender: LocalUser | 'domain' | null;
}

export interface Recipient {
  /** The user of our domain the To names, or null. */
  recipient: LocalUser | null;
  /** A To tag: the request is inside a dialog (rfc3261#section-12.2). */
  inDialog: boolean;
}

/** Who the From claims to be. */
export function readSender(request: SipRequest, domain: string): Sender | Unreadable {
  const from = nameAddr(request.headers.get('From'));
  return from ? { sender: localPartyOf(from.uri, domain) } : { unreadable: 'Bad From' };
}

/** Whom the To names, and whether the request is in a dialog. */
export function readRecipient(request: SipRequest, domain: string): Recipient | Unreadable {
  const to = nameAddr(request.headers.get('To'));
  if (!to) return { unreadable: 'Bad To' };
  const recipient = localPartyOf(to.uri, domain);
  return { recipient: recipient === 'domain' ? null : recipient, inDialog: to.params.has('tag') };
}

function nameAddr(value: string | undefined): NameAddr | null {
  if (value === undefined) return null;
  try {
    return parseNameAddr(value);
  } catch {
    return null;
  }
}
