/**
 * What protects the call on screen, in words that are exactly true (docs/design.md "Secure calls"): "End-to-end
 * encrypted · verified <peer>" only when the secure layer decrypted and verified the peer's SDP, otherwise "Not
 * end-to-end encrypted: <reason>"; the short authentication string both people read aloud (QA contract: an element
 * labelled "Short authentication string"); a warning when a peer reached encrypted before is not this time.
 */
import type { CallInfo } from '../stores/types.ts';
import { protectionText } from './protection-words.ts';
import { displayAor } from '../stores/sip-address.ts';
import { useAppStore } from './store-context.tsx';
import { Icon } from './Icon.tsx';

export function CallProtection({ call }: { call: CallInfo }) {
  const sas = useAppStore((s) => s.protection.sasByCall[call.id]);
  const downgrade = useAppStore((s) => s.protection.downgradeByCall[call.id] === true);
  const text = protectionText(call);
  const live = call.state !== 'ended';
  const encrypted = call.protection?.encrypted === true;
  return (
    <div className="call-protection">
      <p className={`protection small ${encrypted ? 'encrypted' : 'clear'}`}>
        {encrypted && <Icon name="lock" />}
        {text ?? (live ? 'Checking end-to-end encryption…' : 'Not end-to-end encrypted')}
      </p>
      {downgrade && (
        <p role="alert" className="warning small">
          Warning: earlier calls with {displayAor(call.peer)} were end-to-end encrypted, this one is not. Someone between you may be interfering; do not say anything
          secret.
        </p>
      )}
      {sas && live && (
        <p className="sas small">
          Read aloud and compare: <output aria-label="Short authentication string">{sas}</output>
          <span className="muted"> · different words mean someone is listening in</span>
        </p>
      )}
    </div>
  );
}
