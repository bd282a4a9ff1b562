/**
 * Test-side instrumentation (no app hook), installed with `page.addInitScript` after the bench's own
 * (page-instrumentation.ts): `WebSocket` is wrapped so that the bench timeline also has the SIP traffic, at the moment
 * the page hands a message to the socket and the moment one arrives (before JsSIP or the app's codec sees it):
 *
 *   ws-out:<METHOD>           a request sent (SIP over WebSocket, RFC 7118: one message per frame)
 *   ws-in:<METHOD>            a request received
 *   ws-in:<status>:<METHOD>   a response received, with the method of its CSeq
 *   ws-out:<status>:<METHOD>  a response sent (the callee's 200 OK to the INVITE carries its SDP)
 *
 * Runs in the page (serialized): self-contained.
 */
export function installSipWireLog(): void {
  const w = window as unknown as { __bench?: { log(e: string): void }; __benchSipWire?: boolean; WebSocket: typeof WebSocket };
  if (w.__benchSipWire) return;
  w.__benchSipWire = true;
  const log = (e: string): void => w.__bench?.log(e);
  /** The start line and CSeq are in the first kilobytes; bodies may be binary. */
  const head = (data: unknown): string => {
    if (typeof data === 'string') return data.slice(0, 4096);
    if (data instanceof ArrayBuffer) return new TextDecoder().decode(data.slice(0, 4096));
    if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data.buffer.slice(data.byteOffset, data.byteOffset + Math.min(data.byteLength, 4096)));
    return '';
  };
  const requestMethod = (text: string): string | undefined => /^([A-Z]+) \S+ SIP\/2\.0\r\n/.exec(text)?.[1];
  const Original = w.WebSocket;
  w.WebSocket = class extends Original {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      // Registered before JsSIP sets onmessage, so it runs first.
      this.addEventListener('message', (event: MessageEvent) => {
        const text = head(event.data);
        const method = requestMethod(text);
        if (method) return log(`ws-in:${method}`);
        const status = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
        const cseq = /^CSeq:\s*\d+\s+([A-Z]+)\s*$/im.exec(text)?.[1];
        if (status && cseq) log(`ws-in:${status}:${cseq}`);
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      const text = head(data);
      const method = requestMethod(text);
      if (method) log(`ws-out:${method}`);
      else {
        const status = /^SIP\/2\.0 (\d{3})/.exec(text)?.[1];
        const cseq = /^CSeq:\s*\d+\s+([A-Z]+)\s*$/im.exec(text)?.[1];
        if (status && cseq) log(`ws-out:${status}:${cseq}`);
      }
      super.send(data);
    }
  };
}
