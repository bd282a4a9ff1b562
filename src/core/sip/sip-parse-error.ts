/**
 * The error every SIP parser in this folder throws for bad input: a CoreError of kind `malformed-sip` that also says
 * how a server answers it (rfc3261#section-8.2, rfc3261#section-16.3 and rfc3261#section-18.3):
 *
 * - `status` 400 (syntax, missing or duplicated headers, Content-Length), 505 (a SIP version other than 2.0,
 *   rfc3261#section-21.5.6) or 513 (over the size limit, rfc3261#section-21.5.7);
 * - `reason` a short reason phrase for the status line ("Bad CSeq", "Missing Call-ID"), `detail` what was wrong;
 * - `request` the request as far as it was parsed (start line and headers, empty body) when it is a request that
 *   carries at least one Via: enough for `createResponse` to build the answer. Responses are never answered.
 * - `fatal` only from `SipStreamFramer`: the stream lost its framing and must be closed.
 */
import { CoreError } from '../errors.ts';
import type { SipRequest } from './message.ts';

export interface SipParseErrorOptions {
  request?: SipRequest | undefined;
  fatal?: boolean;
  cause?: unknown;
}

export class SipParseError extends CoreError {
  readonly request: SipRequest | undefined;
  readonly fatal: boolean;

  constructor(
    readonly status: number,
    readonly reason: string,
    readonly detail: string,
    options: SipParseErrorOptions = {},
  ) {
    super('malformed-sip', `${status} ${reason}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.request = options.request;
    this.fatal = options.fatal ?? false;
  }

  /** True when `request` holds what a response needs (rfc3261#section-8.2.6.2). */
  get canRespond(): boolean {
    return this.request !== undefined;
  }

  /** The same error, now carrying the partial request (and fatality) known to the caller. */
  withContext(options: SipParseErrorOptions): SipParseError {
    return new SipParseError(this.status, this.reason, this.detail, {
      request: options.request ?? this.request,
      fatal: options.fatal ?? this.fatal,
      cause: this.cause,
    });
  }
}

/** Throws a 400 SipParseError; the value parsers' common failure. */
export function malformed(reason: string, detail: string): never {
  throw new SipParseError(400, reason, detail);
}

