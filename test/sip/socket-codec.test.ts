/** The socket codec (docs/jssip-notes.md "Recommended: a socket codec") over an in-memory inner socket. */
import JsSIP from 'jssip';
import type { Socket } from 'jssip/lib/Socket';
import { describe, expect, it } from 'vitest';
import { SocketCodec } from '../../src/sip/socket-codec.ts';
import { decodeBinaryFrame, fixContentLength } from '../../src/sip/sip-frame.ts';

/** A JsSIP Socket that records what is sent and lets the test deliver frames. */
class MemorySocket {
  via_transport = 'WS';
  readonly url = 'ws://127.0.0.1:1/sip';
  readonly sip_uri = 'sip:127.0.0.1:1;transport=ws';
  connected = false;
  refuse = false;
  readonly sent: string[] = [];
  onconnect: () => void = () => {};
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => {};
  ondata: (data: string | ArrayBuffer) => void = () => {};
  connect(): void {
    this.connected = true;
    this.onconnect();
  }
  disconnect(): void {
    this.connected = false;
  }
  send(message: string): boolean {
    if (this.refuse) return false;
    this.sent.push(message);
    return true;
  }
  isConnected(): boolean {
    return this.connected;
  }
  isConnecting(): boolean {
    return false;
  }
}

function setup(hooks: ConstructorParameters<typeof SocketCodec>[1] = {}) {
  const inner = new MemorySocket();
  const codec = new SocketCodec(inner as unknown as Socket, hooks, { notifyHoldMs: 500 });
  const received: string[] = [];
  const disconnects: { error: boolean; code?: number }[] = [];
  codec.ondata = (d) => void received.push(d as string);
  codec.ondisconnect = (error, code) => void disconnects.push({ error, code });
  codec.connect();
  return { inner, codec, received, disconnects };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function message(start: string, headers: Record<string, string>, body = ''): string {
  const lines = [start, 'Via: SIP/2.0/WSS h.invalid;branch=z9hG4bK1', 'From: <sip:a@x>;tag=1', 'To: <sip:b@x>', `Call-ID: ${headers['Call-ID'] ?? 'c1'}`, 'Max-Forwards: 70'];
  for (const [k, v] of Object.entries(headers)) if (k !== 'Call-ID') lines.push(`${k}: ${v}`);
  lines.push(`Content-Length: ${new TextEncoder().encode(body).length}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

const msg = (n: number, body = ''): string => message(`MESSAGE sip:b@x SIP/2.0`, { CSeq: `${n} MESSAGE`, 'Content-Type': 'text/plain' }, body);

describe('SocketCodec', () => {
  it('is a Socket JsSIP accepts (its config check) and send() is a plain function', () => {
    const { codec } = setup();
    expect(() => new JsSIP.UA({ sockets: [codec.asSocket()], uri: 'sip:a@x.test', register: false })).not.toThrow();
    expect(codec.send.constructor.name).toBe('Function');
  });

  it('send() returns true synchronously and false when not connected', () => {
    const { codec, inner } = setup(); // identity hooks
    expect(codec.send(msg(1))).toBe(true);
    inner.connected = false;
    expect(codec.send(msg(2))).toBe(false);
  });

  it('with nothing queued, a hook that answers synchronously puts the message on the wire before send() returns', () => {
    const { codec, inner } = setup({ outbound: (t) => t.replace('hello', 'HELLO') });
    codec.send(msg(1, 'hello'));
    expect(inner.sent).toHaveLength(1); // no await: a click's message leaves before the page re-renders
    expect(inner.sent[0]).toContain('\r\n\r\nHELLO');
  });

  it('a synchronous answer still waits behind an async one queued before it (FIFO)', async () => {
    let first = true;
    const { codec, inner } = setup({
      outbound: (t) => {
        if (!first) return t;
        first = false;
        return delay(20).then(() => t);
      },
    });
    codec.send(msg(1));
    codec.send(msg(2));
    expect(inner.sent).toEqual([]);
    await codec.drain();
    expect(inner.sent.map((m) => /CSeq: (\d+)/.exec(m)![1])).toEqual(['1', '2']);
    codec.send(msg(3)); // the queue is empty again: at once
    expect(inner.sent).toHaveLength(3);
  });

  it('a synchronous refusal or hook failure closes the connection after send() returned true, not inside it', async () => {
    const { codec, inner, disconnects } = setup({ outbound: (t) => t });
    inner.refuse = true;
    expect(codec.send(msg(1))).toBe(true);
    expect(disconnects).toEqual([]);
    await Promise.resolve();
    expect(disconnects).toEqual([{ error: true, code: 1011 }]);

    const failing = setup({
      outbound: () => {
        throw new Error('no');
      },
    });
    expect(failing.codec.send(msg(1))).toBe(true);
    await failing.codec.drain();
    expect(failing.disconnects).toEqual([{ error: true, code: 1011 }]);
  });

  it('keeps FIFO order outbound under async hooks of varying delay', async () => {
    const delays = [30, 0, 10, 0, 20];
    let i = 0;
    const { codec, inner } = setup({ outbound: async (t) => (await delay(delays[i++ % delays.length]!), t) });
    const sent = [1, 2, 3, 4, 5].map((n) => msg(n));
    for (const m of sent) expect(codec.send(m)).toBe(true);
    await codec.drain();
    expect(inner.sent).toEqual(sent);
  });

  it('keeps FIFO order inbound under async hooks', async () => {
    let i = 0;
    const { codec, inner, received } = setup({ inbound: async (t) => (await delay([25, 0, 5][i++ % 3]!), t) });
    const frames = [1, 2, 3].map((n) => msg(n));
    for (const f of frames) inner.ondata(f);
    await codec.drain();
    expect(received).toEqual(frames);
  });

  it('lets another dialog overtake a slow inbound hook, but never a later message of the same Call-ID', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = message('INVITE sip:b@x SIP/2.0', { 'Call-ID': 'slow', CSeq: '1 INVITE' }, '');
    const sameDialog = message('CANCEL sip:b@x SIP/2.0', { 'Call-ID': 'slow', CSeq: '1 CANCEL' }, '');
    const other = message('NOTIFY sip:b@x SIP/2.0', { 'Call-ID': 'other', CSeq: '1 NOTIFY' }, '');
    const { codec, inner, received } = setup({ inbound: async (t) => (t.startsWith('INVITE') ? (await gate, t) : t) });
    inner.ondata(slow);
    inner.ondata(sameDialog);
    inner.ondata(other);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(received).toEqual([other]);
    release();
    await codec.drain();
    expect(received).toEqual([other, slow, sameDialog]);
  });

  it('fixes Content-Length when a hook changes the body (UTF-8 bytes), both directions', async () => {
    const swap = (t: string): string => t.replace(/\r\n\r\n[\s\S]*$/, '\r\n\r\nnew body – longer ✓');
    const { codec, inner, received } = setup({ outbound: swap, inbound: swap });
    codec.send(msg(1, 'old'));
    inner.ondata(msg(2, 'old'));
    await codec.drain();
    for (const out of [inner.sent[0]!, received[0]!]) {
      expect(out.endsWith('\r\n\r\nnew body – longer ✓')).toBe(true);
      expect(out.match(/^Content-Length: (\d+)\r$/gm)).toEqual([`Content-Length: ${new TextEncoder().encode('new body – longer ✓').length}\r`]);
    }
  });

  it('passes a changed message whose one Content-Length is already right as it is; a second, wrong one is fixed', async () => {
    const body = 'encrypted – as the secure layer writes it ✓';
    const right = (t: string): string => `${t.slice(0, t.indexOf('Content-Length'))}Content-Length: ${new TextEncoder().encode(body).length}\r\nx-odd-CASE:  kept\r\n\r\n${body}`;
    const { codec, inner } = setup({ outbound: right });
    codec.send(msg(1, 'clear'));
    await codec.drain();
    expect(inner.sent[0]).toBe(right(msg(1, 'clear'))); // not re-serialised: the odd header stays as written
    const twice = (t: string): string => right(t).replace('x-odd-CASE:  kept', 'l: 3');
    const second = setup({ outbound: twice });
    second.codec.send(msg(1, 'clear'));
    await second.codec.drain();
    expect(second.inner.sent[0]!.match(/^(?:Content-Length|l):.*$/gim)).toEqual([`Content-Length: ${new TextEncoder().encode(body).length}`]);
  });

  it('leaves a message the hook did not change byte for byte alone', async () => {
    const { codec, inner } = setup();
    const m = msg(1, 'same').replace('Content-Length', 'l');
    codec.send(m);
    await codec.drain();
    expect(inner.sent[0]).toBe(m);
  });

  it('passes CRLF keep-alives through untouched, without hooks, in order', async () => {
    const seen: string[] = [];
    const { codec, inner, received } = setup({ outbound: (t) => (seen.push(t), t), inbound: (t) => (seen.push(t), t) });
    codec.send('\r\n\r\n');
    inner.ondata('\r\n');
    await codec.drain();
    expect(inner.sent).toEqual(['\r\n\r\n']);
    expect(received).toEqual(['\r\n']);
    expect(seen).toEqual([]);
  });

  it('decodes binary frames: headers as UTF-8, body as a Latin-1 byte string', async () => {
    const { codec, inner, received } = setup();
    const head = new TextEncoder().encode('MESSAGE sip:b@x SIP/2.0\r\nFrom: "Zoë" <sip:a@x>;tag=1\r\nContent-Length: 4\r\n\r\n');
    const body = new Uint8Array([0x30, 0x82, 0xff, 0x00]);
    const frame = new Uint8Array(head.length + body.length);
    frame.set(head);
    frame.set(body, head.length);
    inner.ondata(frame.buffer);
    await codec.drain();
    expect(received[0]).toContain('From: "Zoë"');
    const text = received[0]!;
    const bytes = [...text.slice(text.indexOf('\r\n\r\n') + 4)].map((c) => c.charCodeAt(0));
    expect(bytes).toEqual([0x30, 0x82, 0xff, 0x00]);
    expect(decodeBinaryFrame(frame)).toBe(text);
  });

  it('an outbound hook failure after send() returned surfaces as ondisconnect, and later messages are dropped', async () => {
    const { codec, inner, disconnects } = setup({
      outbound: (t) => {
        if (t.includes('CSeq: 2 ')) throw new Error('cannot encrypt');
        return t;
      },
    });
    expect(codec.send(msg(1))).toBe(true);
    expect(codec.send(msg(2))).toBe(true);
    expect(codec.send(msg(3))).toBe(true);
    await codec.drain();
    expect(inner.sent).toHaveLength(1);
    expect(disconnects).toEqual([{ error: true, code: 1011 }]);
    expect(inner.connected).toBe(false);
  });

  it('the inner socket refusing a frame later also surfaces as ondisconnect', async () => {
    const { codec, inner, disconnects } = setup({ outbound: async (t) => t });
    codec.send(msg(1));
    inner.refuse = true;
    await codec.drain();
    expect(disconnects).toHaveLength(1);
  });

  it('an inbound hook failure drops only that message', async () => {
    const { codec, inner, received, disconnects } = setup({
      inbound: (t) => {
        if (t.includes('CSeq: 1 ')) throw new Error('undecipherable');
        return t;
      },
    });
    inner.ondata(msg(1));
    inner.ondata(msg(2));
    await codec.drain();
    expect(received).toEqual([msg(2)]);
    expect(disconnects).toEqual([]);
  });

  it('holds a NOTIFY that overtook its SUBSCRIBE 2xx until the 2xx has been delivered', async () => {
    const { codec, inner, received } = setup();
    const subscribe = message('SUBSCRIBE sip:b@x SIP/2.0', { CSeq: '1 SUBSCRIBE', Event: 'certificate' });
    codec.send(subscribe);
    await codec.drain();
    const notify = message('NOTIFY sip:a@h.invalid SIP/2.0', { CSeq: '1 NOTIFY', Event: 'certificate', 'Subscription-State': 'active' }).replace('To: <sip:b@x>', 'To: <sip:b@x>;tag=9');
    const ok = message('SIP/2.0 200 OK', { CSeq: '1 SUBSCRIBE' });
    inner.ondata(notify);
    await codec.drain();
    expect(received).toEqual([]);
    inner.ondata(ok);
    await codec.drain();
    expect(received).toEqual([ok, notify]);
  });

  it('releases a held NOTIFY after the hold time', async () => {
    const { codec, inner, received } = setup();
    codec.send(message('SUBSCRIBE sip:b@x SIP/2.0', { CSeq: '1 SUBSCRIBE', Event: 'certificate' }));
    await codec.drain();
    inner.ondata(message('NOTIFY sip:a@h.invalid SIP/2.0', { CSeq: '1 NOTIFY' }));
    await codec.drain();
    expect(received).toHaveLength(0);
    await delay(600);
    expect(received).toHaveLength(1);
  });
});

describe('fixContentLength', () => {
  it('replaces a wrong or compact Content-Length and adds a missing one', () => {
    const body = 'héllo';
    const wrong = msg(1, body).replace(/Content-Length: \d+/, 'l: 99');
    const fixed = fixContentLength(wrong);
    expect(fixed).toMatch(/^Content-Length: 6\r$/m);
    expect(fixed).not.toMatch(/^l:/m);
    const none = msg(1, body).replace(/Content-Length: \d+\r\n/, '');
    expect(fixContentLength(none)).toMatch(/^Content-Length: 6\r$/m);
  });

  it('falls back to replacing the line when the core parser refuses the message', () => {
    expect(fixContentLength('GARBAGE\r\nContent-Length: 1\r\n\r\nabc')).toBe('GARBAGE\r\nContent-Length: 3\r\n\r\nabc');
  });
});
