/**
 * The exact bytes of a SIP message as the socket codec hands it over: the header section is UTF-8 text, and the body is
 * either UTF-8 text (a text frame) or a Latin-1 byte string (a binary frame, see socket-codec.ts). Content-Length
 * (rfc3261#section-20.14, a byte count) tells the two apart: the encoding whose length matches wins. Identity
 * (RFC 4474 section 9) hashes the body bytes, so getting them exactly right matters.
 */
const encoder = new TextEncoder();

export function sipMessageBytes(text: string): Uint8Array {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return encoder.encode(text);
  const head = encoder.encode(text.slice(0, split + 4));
  const body = text.slice(split + 4);
  const declared = contentLength(text.slice(0, split));
  const utf8Body = encoder.encode(body);
  const bodyBytes = declared !== undefined && utf8Body.length !== declared && isLatin1(body) && body.length === declared ? latin1Bytes(body) : utf8Body;
  const out = new Uint8Array(head.length + bodyBytes.length);
  out.set(head, 0);
  out.set(bodyBytes, head.length);
  return out;
}

function contentLength(head: string): number | undefined {
  const m = /\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(head);
  return m ? Number(m[1]) : undefined;
}

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
