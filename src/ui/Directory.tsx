import { useAppStore } from './store-context.tsx';
import { directorySelectors } from '../stores/directory-slice.ts';
import { displayAor } from '../stores/sip-address.ts';
import { outcomeWords } from '../stores/recent-words.ts';
import { Redial } from './Redial.tsx';
import { ContactRow } from './ContactRow.tsx';
import { Icon } from './Icon.tsx';

/** One formatter for the whole history: toLocaleString builds a new one per call, a good part of a millisecond each. */
const STARTED_AT = new Intl.DateTimeFormat([], { dateStyle: 'short', timeStyle: 'short' });

/** Contacts (most recent first) and the call history, both kept on this device. */
export function DirectoryPanel() {
  return (
    <>
      <ContactList />
      <CallHistory />
    </>
  );
}

/** Re-renders when a contact is touched (every message and call), without the history. */
function ContactList() {
  const contacts = useAppStore(directorySelectors.contacts);
  const selected = useAppStore(directorySelectors.selectedPeer);
  return (
    <section className="card contacts" aria-labelledby="contacts-title">
      <h2 id="contacts-title">Contacts</h2>
      {contacts.length === 0 ? (
        <p className="muted small">People you call or message appear here.</p>
      ) : (
        <ul className="plain">
          {contacts.map((c) => (
            <ContactRow key={c.aor} contact={c} selected={selected === c.aor} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Re-renders only when a call is recorded. */
function CallHistory() {
  const calls = useAppStore(directorySelectors.calls);
  return (
    <section className="card history" aria-labelledby="history-title">
      <h2 id="history-title">Recent</h2>
      {calls.length === 0 ? (
        <p className="muted small">No calls yet.</p>
      ) : (
        <ul className="plain">
          {calls.slice(0, 20).map((r) => (
            <li key={r.id} className={`record ${r.outcome}`}>
              <Icon name={r.direction === 'incoming' ? 'incoming' : 'outgoing'} /> {displayAor(r.peer)}{' '}
              <span className="muted small">
                {r.direction === 'incoming' ? 'incoming' : 'outgoing'}
                {r.video ? ' video' : ''} · {STARTED_AT.format(r.startedAt)}
                {r.durationSeconds > 0 ? ` · ${Math.floor(r.durationSeconds / 60)}:${String(r.durationSeconds % 60).padStart(2, '0')}` : ''}
                {outcomeWords(r) ? ` · ${outcomeWords(r)}` : ''}
              </span>{' '}
              <Redial record={r} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
