/**
 * In-dialog requests of an authenticated caller are not challenged again (issue 18 item 2). A UDP phone (sipp,
 * baresip, a desk phone) proves itself with digest on its INVITE; the proxy keeps no dialog state, so its BYE used to
 * be challenged again, and phones that do not answer a challenge on a BYE (sipp's scenarios, some desk phones) could
 * never hang up. Here the dialogs such a caller set up through us (its INVITE authenticated, our Record-Route in it,
 * a 2xx back) are remembered by Call-ID and tags (rfc3261#section-12: they identify the dialog), with the address it
 * came from; a later request of the caller in that dialog from that address stands for the same user. A BYE ends the
 * entry. Bounded in number and time: a forgotten dialog costs its caller one challenge, never a wrong identity.
 */
import { parseNameAddr, type SipRequest, type SipResponse } from '../../../src/core/sip/index.ts';
import type { AuthenticatedUser } from '../request-context.ts';
import type { SipConnection } from '../transport/connection.ts';
import { canonicalAddress } from '../transport/address-key.ts';

export interface AuthenticatedDialogOptions {
  /** Dialogs remembered at most (the oldest are forgotten first). Default 10 000. */
  maxDialogs?: number;
  /** How long one is remembered, in ms. Default 12 hours. */
  lifetimeMs?: number;
  now?: () => number;
}

interface Entry {
  user: AuthenticatedUser;
  address: string;
  expiresAt: number;
}

export class AuthenticatedDialogs {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #lifetime: number;
  readonly #now: () => number;

  constructor(options: AuthenticatedDialogOptions = {}) {
    this.#max = options.maxDialogs ?? 10_000;
    this.#lifetime = options.lifetimeMs ?? 12 * 3600_000;
    this.#now = options.now ?? Date.now;
  }

  /** `invite` (authenticated as `user`, from `connection`) got the dialog-creating `response`. */
  established(invite: SipRequest, response: SipResponse, user: AuthenticatedUser, connection: SipConnection): void {
    if (response.status < 200 || response.status >= 300) return;
    const key = dialogKey(invite.headers.get('Call-ID'), tagOf(invite.headers.get('From')), tagOf(response.headers.get('To')));
    if (!key) return;
    this.#entries.delete(key);
    this.#entries.set(key, { user, address: canonicalAddress(connection.remoteAddress), expiresAt: this.#now() + this.#lifetime });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** The user a request of a remembered dialog stands for, from the address that set it up; null otherwise. */
  userOf(request: SipRequest, connection: SipConnection): AuthenticatedUser | null {
    const key = dialogKey(request.headers.get('Call-ID'), tagOf(request.headers.get('From')), tagOf(request.headers.get('To')));
    const entry = key ? this.#entries.get(key) : undefined;
    if (!entry || !key) return null;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return null;
    }
    if (entry.address !== canonicalAddress(connection.remoteAddress)) return null;
    if (request.method === 'BYE') this.#entries.delete(key);
    return entry.user;
  }

  get size(): number {
    return this.#entries.size;
  }
}

function tagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return parseNameAddr(value).params.get('tag') ?? undefined;
  } catch {
    return undefined;
  }
}

function dialogKey(callId: string | undefined, fromTag: string | undefined, toTag: string | undefined): string | undefined {
  return callId && fromTag && toTag ? `${callId}\n${fromTag}\n${toTag}` : undefined;
}
