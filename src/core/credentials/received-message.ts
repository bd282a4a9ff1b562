/**
 * What the credential code reads of a received SIP message: header fields by name and the body bytes. A parsed
 * `SipRequest` (src/core/sip) fits as it is; an adapter over JsSIP's IncomingRequest fits with a small wrapper.
 */
export interface ReceivedMessage {
  headers: {
    /**
     * The first field's value, or undefined. Names compare without case and compact forms count as their long names
     * (`f` is From, `i` Call-ID, `m` Contact, `c` Content-Type, `y` Identity), as `SipHeaders.get` does.
     */
    get(name: string): string | undefined;
  };
  /** The body exactly as received, before any Content-Transfer-Encoding is undone. */
  body: Uint8Array;
}
