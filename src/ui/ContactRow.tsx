import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { displayAor } from '../stores/sip-address.ts';
import type { Contact } from '../stores/types.ts';
import { PeerCertificateBadge } from './PeerCertificate.tsx';
import { Icon } from './Icon.tsx';
import { focusMainControl } from './focus.ts';

function Unread({ peer }: { peer: string }) {
  const n = useAppStore((s) => s.messages.unread[peer] ?? 0);
  return n > 0 ? <span className="badge">{n} unread</span> : null;
}

/**
 * One contact: opens the conversation, and "Rename <name>" and "Delete <name>" (issue 17: a mistyped contact could not
 * be removed). The rename is an input in place; Enter keeps it, Escape drops it, an empty name goes back to the
 * address. Deleting keeps the call history and the messages.
 */
export function ContactRow({ contact: c, selected }: { contact: Contact; selected: boolean }) {
  const open = useAppStore((s) => s.openConversation);
  const rename = useAppStore((s) => s.renameContact);
  const remove = useAppStore((s) => s.deleteContact);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const shown = c.displayName ?? displayAor(c.aor);

  useEffect(() => {
    if (wasEditing.current && !editing) renameButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    rename(c.aor, name);
    setEditing(false);
  };
  const cancelOnEscape = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setEditing(false);
  };

  if (editing) {
    return (
      <li>
        <form className="contact-rename row" onSubmit={save}>
          <label className="field grow">
            <span className="visually-hidden">Name for {shown}</span>
            <input type="text" autoComplete="off" value={name} placeholder={displayAor(c.aor)} onChange={(e) => setName(e.target.value)} onKeyDown={cancelOnEscape} autoFocus />
          </label>
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="contact-row">
      <button type="button" className="contact" aria-current={selected ? 'true' : undefined} onClick={() => open(c.aor)}>
        <span className="avatar small" aria-hidden="true">
          {shown.slice(0, 1).toUpperCase()}
        </span>
        <span className="contact-name">
          {shown}
          <PeerCertificateBadge peer={c.aor} />
        </span>
        <Unread peer={c.aor} />
      </button>
      <button
        ref={renameButton}
        type="button"
        className="icon-button"
        aria-label={`Rename ${shown}`}
        title={`Rename ${shown}`}
        onClick={() => {
          setName(c.displayName ?? '');
          setEditing(true);
        }}
      >
        <Icon name="edit" />
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={`Delete ${shown}`}
        title={`Delete ${shown} (the call history stays)`}
        onClick={() => {
          remove(c.aor);
          focusMainControl();
        }}
      >
        <Icon name="trash" />
      </button>
    </li>
  );
}
