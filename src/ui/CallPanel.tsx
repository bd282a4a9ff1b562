import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from './store-context.tsx';
import { callSelectors, callStateText } from '../stores/calls-slice.ts';
import { CallProtection } from './CallProtection.tsx';
import { deviceSelectors } from '../stores/devices-slice.ts';
import { displayAor } from '../stores/sip-address.ts';
import type { CallInfo } from '../stores/types.ts';
import { SHORTCUTS } from './call-shortcuts.ts';
import { useCallShortcuts, useIncomingCallFocus } from './use-call-focus.ts';
import { focusIsLost } from './focus.ts';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** Binds a MediaStream to a media element; the element plays it (received audio is decoded only when played). */
function useMediaStream<T extends HTMLMediaElement>(stream: MediaStream | undefined) {
  const ref = useRef<T>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.srcObject !== (stream ?? null)) el.srcObject = stream ?? null;
    if (stream) el.play().catch(() => undefined);
  }, [stream]);
  return ref;
}

function RemoteAudio({ stream }: { stream: MediaStream | undefined }) {
  const ref = useMediaStream<HTMLAudioElement>(stream);
  const sinkId = useAppStore(deviceSelectors.audioOutputId);
  useEffect(() => {
    const el = ref.current;
    // Where setSinkId is missing the choice is not offered; '' is the system default.
    if (!el || !('setSinkId' in el) || el.sinkId === (sinkId ?? '')) return;
    el.setSinkId(sinkId ?? '').catch((e: unknown) => console.warn('speaker: cannot switch', e));
  }, [ref, sinkId]);
  return <audio ref={ref} autoPlay className="remote-audio" data-testid="remote-audio" />;
}

function Video({ stream, local }: { stream: MediaStream | undefined; local?: boolean }) {
  const ref = useMediaStream<HTMLVideoElement>(stream);
  return <video ref={ref} autoPlay playsInline muted className={local ? 'video local' : 'video remote'} aria-label={local ? 'Your camera' : 'Their camera'} />;
}

function useElapsed(since: number | undefined, running: boolean): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  if (since === undefined) return '';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function TransferForm({ call, onDone }: { call: CallInfo; onDone: () => void }) {
  const transfer = useAppStore((s) => s.transfer);
  const [to, setTo] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to.trim()) return;
    void transfer(call.id, to).then(onDone);
  };
  return (
    <form className="transfer row" onSubmit={submit}>
      <label className="field grow">
        <span>Transfer to</span>
        <input type="text" inputMode="email" autoComplete="off" placeholder="carol" value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
      </label>
      <button type="submit" className="primary" disabled={!to.trim()}>
        Transfer now
      </button>
    </form>
  );
}

/** The call on screen (QA contract: region "Call" with the peer's address and the state). */
export function CallPanel({ call }: { call: CallInfo }) {
  const remote = useAppStore(callSelectors.remoteStream(call.id));
  const local = useAppStore(callSelectors.localStream(call.id));
  const answer = useAppStore((s) => s.answer);
  const decline = useAppStore((s) => s.decline);
  const hangUp = useAppStore((s) => s.hangUp);
  const toggleMute = useAppStore((s) => s.toggleMute);
  const toggleHold = useAppStore((s) => s.toggleHold);
  const sendDtmf = useAppStore((s) => s.sendDtmf);
  const dismissCall = useAppStore((s) => s.dismissCall);
  const [panel, setPanel] = useState<'none' | 'keypad' | 'transfer'>('none');
  const [dialed, setDialed] = useState('');
  const id = useId();
  const live = call.state !== 'ended';
  const elapsed = useElapsed(call.connectedAt, call.state === 'connected');
  const incoming = call.direction === 'incoming' && call.state === 'ringing';
  const name = call.peerDisplayName || displayAor(call.peer).split('@')[0] || call.peer;
  const answerRef = useRef<HTMLButtonElement>(null);
  const hangUpRef = useRef<HTMLButtonElement>(null);
  const announce = useIncomingCallFocus(call.id, incoming, answerRef, hangUpRef);
  // A transfer made or the keypad closed takes its controls away: the focus goes to Hang up, not the body.
  useEffect(() => {
    if (panel === 'none' && focusIsLost()) hangUpRef.current?.focus();
  }, [panel]);

  return (
    <section className={`card call state-${call.state}`} aria-label="Call" aria-describedby={`${id}-state`}>
      <div className="call-head">
        <div className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </div>
        <div>
          <h2 className="call-name">{name}</h2>
          <p className="muted small peer">{call.peer}</p>
          <p id={`${id}-state`} className="call-state" aria-live="polite">
            {callStateText(call)}
            {call.state === 'connected' && elapsed && <span className="muted"> · {elapsed}</span>}
            {call.muted && live && <span className="muted"> · microphone muted</span>}
          </p>
          <p className="muted small">{call.video ? 'Video call' : 'Audio call'}</p>
        </div>
      </div>
      {incoming && (
        <p className="muted small">
          {SHORTCUTS.answer} answers, {SHORTCUTS.hangUp} declines.
        </p>
      )}
      {incoming &&
        announce &&
        // Outside #main, which a key dialog makes inert (and an inert alert is never read out).
        createPortal(
          <p role="alert" className="call-announcement">
            {displayAor(call.peer)} is calling. Press {SHORTCUTS.answer} to answer.
          </p>,
          document.body,
        )}
      <CallProtection call={call} />
      {live && <RemoteAudio stream={remote} />}
      {live && call.video && (
        <div className="videos">
          <Video stream={remote} />
          <Video stream={local} local />
        </div>
      )}
      <div className="controls row">
        {incoming && (
          <>
            <button ref={answerRef} type="button" className="primary answer" aria-keyshortcuts={SHORTCUTS.answer} onClick={() => void answer(call.id)}>
              Answer
            </button>
            <button type="button" className="danger" aria-keyshortcuts={SHORTCUTS.hangUp} onClick={() => decline(call.id)}>
              Decline
            </button>
          </>
        )}
        {live && !incoming && (
          <>
            <button type="button" aria-pressed={call.muted} aria-keyshortcuts={SHORTCUTS.mute} disabled={call.state !== 'connected'} onClick={() => toggleMute(call.id)}>
              Mute
            </button>
            <button type="button" aria-pressed={call.onHold} disabled={call.state !== 'connected'} onClick={() => void toggleHold(call.id)}>
              Hold
            </button>
            <button type="button" aria-expanded={panel === 'keypad'} disabled={call.state !== 'connected'} onClick={() => setPanel(panel === 'keypad' ? 'none' : 'keypad')}>
              Keypad
            </button>
            <button type="button" aria-expanded={panel === 'transfer'} disabled={call.state !== 'connected'} onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}>
              Transfer
            </button>
            <button ref={hangUpRef} type="button" className="danger" aria-keyshortcuts={SHORTCUTS.hangUp} onClick={() => hangUp(call.id)}>
              Hang up
            </button>
          </>
        )}
        {!live && (
          <button type="button" onClick={() => dismissCall(call.id)}>
            Close
          </button>
        )}
      </div>
      {live && panel === 'keypad' && call.state === 'connected' && (
        <div className="keypad" role="group" aria-label="Keypad">
          <output className="dialed" aria-label="Tones sent">
            {dialed}
          </output>
          {KEYS.map((k) => (
            <button
              key={k}
              type="button"
              onClick={() => {
                sendDtmf(call.id, k);
                setDialed((d) => (d + k).slice(-24));
              }}
            >
              {k}
            </button>
          ))}
        </div>
      )}
      {live && panel === 'transfer' && call.state === 'connected' && <TransferForm call={call} onDone={() => setPanel('none')} />}
    </section>
  );
}

/** A second incoming call while in one; the first of them is what Alt+A answers (call-shortcuts.ts). */
export function WaitingCall({ call, answersWithShortcut }: { call: CallInfo; answersWithShortcut: boolean }) {
  const activeCall = useAppStore(callSelectors.hasActiveCall);
  const answer = useAppStore((s) => s.answer);
  const decline = useAppStore((s) => s.decline);
  return (
    <section className="card waiting" aria-label="Second caller">
      <p>
        <strong>{call.peerDisplayName || displayAor(call.peer)}</strong> is calling too <span className="muted small">({call.peer})</span>
      </p>
      <div className="row">
        <button type="button" className="primary" aria-keyshortcuts={answersWithShortcut ? SHORTCUTS.answer : undefined} onClick={() => void answer(call.id)}>
          Answer
        </button>
        <button type="button" className="danger" onClick={() => decline(call.id)}>
          Decline
        </button>
      </div>
      {activeCall && <p className="muted small">Answering puts the current call on hold.</p>}
    </section>
  );
}

export function Calls() {
  const primary = useAppStore(callSelectors.primary);
  const waiting = useAppStore(useShallow(callSelectors.waiting));
  const others = useAppStore(useShallow(callSelectors.others));
  const hangUp = useAppStore((s) => s.hangUp);
  const toggleHold = useAppStore((s) => s.toggleHold);
  useCallShortcuts(primary, waiting);
  if (!primary) return null;
  return (
    <>
      {waiting.map((c, i) => (
        <WaitingCall key={c.id} call={c} answersWithShortcut={i === 0 && !(primary.direction === 'incoming' && primary.state === 'ringing')} />
      ))}
      <CallPanel key={primary.id} call={primary} />
      {others.map((c) => (
        <section key={c.id} className={c.onHold ? 'card held' : 'card'} aria-label={`${c.onHold ? 'On hold' : 'Also connected'}: ${displayAor(c.peer)}`}>
          <p>
            {c.onHold ? 'On hold' : 'Also connected, your microphone is on'}: <strong>{displayAor(c.peer)}</strong>
          </p>
          <div className="row">
            <button type="button" onClick={() => void toggleHold(c.id)}>
              {c.onHold ? 'Resume' : 'Hold'}
            </button>
            <button type="button" className="danger" onClick={() => hangUp(c.id)}>
              End
            </button>
          </div>
        </section>
      ))}
    </>
  );
}
