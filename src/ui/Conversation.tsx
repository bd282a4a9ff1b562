import { memo, useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { afterThisTask } from '../stores/after-this-task.ts';
import { useAppStore } from './store-context.tsx';
import { directorySelectors } from '../stores/directory-slice.ts';
import { messageSelectors, messageStateText, type ConversationMessage } from '../stores/messages-slice.ts';
import { messageProtectionText } from './protection-words.ts';
import { displayAor } from '../stores/sip-address.ts';
import { PeerCertificateStatus } from './PeerCertificate.tsx';
import { Icon } from './Icon.tsx';

/** One formatter for every message: toLocaleTimeString builds a new one per call, which costs a good part of a millisecond. */
const TIME_FORMAT = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const time = (at: number) => TIME_FORMAT.format(at);

/**
 * One message. The store replaces a message's object when it changes, so a memo by object keeps a new or updated
 * message from re-rendering (and re-formatting the time of) every other one in a long conversation.
 */
const MessageItem = memo(function MessageItem({ message: m }: { message: ConversationMessage }) {
  return (
    <li className={`message ${m.direction} ${m.state}`}>
      <span className="visually-hidden">{m.direction === 'incoming' ? `${displayAor(m.peer)} said:` : 'You said:'}</span>
      <p className={m.attachment ? 'bubble attachment' : 'bubble'}>{m.text}</p>
      <p className="meta small">
        {time(m.at)}
        {m.direction === 'outgoing' && <span className={m.state === 'failed' ? 'error' : 'muted'}> · {messageStateText(m)}</span>}
        {m.protection && <span className={m.protection.encrypted ? 'protection encrypted' : 'protection clear'}>
            {' · '}
            {m.protection.encrypted && <Icon name="lock" />}
            {messageProtectionText(m)}
          </span>}
      </p>
      {m.state === 'failed' && m.failure?.kind === 'not-encrypted' && <SendClearAnyway message={m} />}
      {m.state === 'waiting' && <CancelWaiting message={m} />}
    </li>
  );
});

/** The message box's id: Enter in "Call or message" moves there (Dialer.tsx). */
export const MESSAGE_BOX_ID = 'message-box';

/** The explicit choice, never made for the user, to send a message refused for want of encryption in clear. */
function SendClearAnyway({ message }: { message: ConversationMessage }) {
  const send = useAppStore((s) => s.sendMessage);
  return (
    <button type="button" className="danger small" onClick={() => void send(message.peer, message.text, { allowClear: true, replaces: message.id })}>
      Send without end-to-end encryption
    </button>
  );
}

/** A message waiting for someone offline is not sent after all. */
function CancelWaiting({ message }: { message: ConversationMessage }) {
  const cancel = useAppStore((s) => s.cancelMessage);
  return (
    <button type="button" className="small" onClick={() => cancel(message.peer, message.id)}>
      Cancel sending
    </button>
  );
}

/** Page-mode chat with the selected contact, each message marked sending/delivered/failed. */
export function Conversation() {
  const peer = useAppStore(directorySelectors.selectedPeer);
  const messages = useAppStore(messageSelectors.forPeer(peer));
  const send = useAppStore((s) => s.sendMessage);
  const draft = useAppStore((s) => s.draftMessage);
  const [text, setText] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  /** A send whose input has not been cleared yet: a second Enter in between must not send the text twice. */
  const clearing = useRef(false);
  const id = useId();

  // In the next frame, where the browser lays the page out anyway: reading scrollHeight right after the commit would
  // force a layout of its own while a message is being sent or read.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const el = listRef.current;
      if (el) el.scrollTop = el.scrollHeight;
    });
    return () => cancelAnimationFrame(frame);
  }, [messages.length]);

  const change = (e: ChangeEvent<HTMLInputElement>) => {
    // An encrypted message gets its keys, and the text as it stands its signature and encryption, while it is typed.
    if (peer) draft(peer, e.target.value);
    setText(e.target.value);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!peer || !text.trim() || clearing.current) return;
    void send(peer, text);
    // The MESSAGE, and its encryption, go out in this task; the input is cleared in the next one, so that
    // re-rendering does not hold them back. What was typed meanwhile is kept.
    const sent = text;
    clearing.current = true;
    void afterThisTask().then(() => {
      clearing.current = false;
      setText((current) => (current.startsWith(sent) ? current.slice(sent.length) : current));
    });
  };

  return (
    <section className="card conversation" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{peer ? `Messages with ${displayAor(peer)}` : 'Messages'}</h2>
      {peer && <PeerCertificateStatus peer={peer} />}
      {!peer && <p className="muted">Type an address in “Call or message” or pick a contact to start a conversation.</p>}
      {peer && messages.length === 0 && <p className="muted">No messages yet.</p>}
      <ol ref={listRef} className="messages" aria-live="polite" aria-label="Conversation">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </ol>
      <form className="composer row" onSubmit={submit}>
        <label className="field grow">
          <span className="visually-hidden">Message</span>
          <input id={MESSAGE_BOX_ID} type="text" autoComplete="off" placeholder={peer ? `Message ${displayAor(peer)}` : 'Choose someone first'} disabled={!peer} value={text} onChange={change} />
        </label>
        <button type="submit" className="primary" disabled={!peer || !text.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
