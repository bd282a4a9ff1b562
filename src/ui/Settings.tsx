import { useEffect, useId, useState, type FormEvent } from 'react';
import { useAppStore } from './store-context.tsx';
import { networkSettingsInput, settingsSelectors, type NetworkSettingsErrors, type NetworkSettingsInput } from '../stores/settings-slice.ts';
import './settings.css';

/** Do not disturb and the ringtone volume (QA contract: checkbox "Do not disturb", slider "Ringtone volume"). */
function CallSettings() {
  const id = useId();
  const doNotDisturb = useAppStore(settingsSelectors.doNotDisturb);
  const setDoNotDisturb = useAppStore((s) => s.setDoNotDisturb);
  const volume = useAppStore(settingsSelectors.ringtoneVolume);
  const setVolume = useAppStore((s) => s.setRingtoneVolume);
  const percent = Math.round(volume * 100);
  return (
    <div className="settings-group">
      <label className="check">
        <input type="checkbox" checked={doNotDisturb} onChange={(e) => setDoNotDisturb(e.target.checked)} aria-describedby={`${id}-dnd`} />
        <span>Do not disturb</span>
      </label>
      <p id={`${id}-dnd`} className="muted small">
        {doNotDisturb
          ? 'On: calls do not ring. Callers are told you do not take calls now, and Recent lists their calls.'
          : 'Calls ring as usual.'}
      </p>
      <label className="field" htmlFor={`${id}-volume`}>
        Ringtone volume
      </label>
      <div className="volume">
        <input id={`${id}-volume`} type="range" min={0} max={100} step={5} value={percent} onChange={(e) => setVolume(Number(e.target.value) / 100)} aria-valuetext={`${percent}%`} />
        <span className="volume-value" aria-hidden="true">
          {percent}%
        </span>
      </div>
    </div>
  );
}

/** The microphone's level and a test tone (QA contract: meter "Microphone level", buttons "Test microphone", "Play test tone"). */
function DeviceCheck() {
  const level = useAppStore(settingsSelectors.micLevel);
  const error = useAppStore(settingsSelectors.checkError);
  const playing = useAppStore(settingsSelectors.playingTestTone);
  const start = useAppStore((s) => s.startMicrophoneMeter);
  const stop = useAppStore((s) => s.stopMicrophoneMeter);
  const playTone = useAppStore((s) => s.playTestTone);
  useEffect(() => stop, [stop]);
  const value = Math.round((level ?? 0) * 100);
  return (
    <div className="settings-group">
      <h3>Microphone and speaker</h3>
      <div className="level" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value} aria-valuetext={level === null ? 'not measuring' : `${value}%`}>
        <div className="level-bar" style={{ width: `${value}%` }} />
      </div>
      <div className="row">
        {level === null ? (
          <button type="button" onClick={() => void start()}>
            Test microphone
          </button>
        ) : (
          <button type="button" onClick={stop}>
            Stop microphone test
          </button>
        )}
        <button type="button" onClick={() => void playTone()} disabled={playing}>
          {playing ? 'Playing test tone…' : 'Play test tone'}
        </button>
      </div>
      <p className="muted small">The chosen microphone and speaker (Audio and video) are tested.</p>
      {error && (
        <p role="alert" className="note warning small">
          {error}
        </p>
      )}
    </div>
  );
}

type Field = keyof NetworkSettingsErrors;

/** STUN and TURN servers (QA contract: textboxes "STUN servers", "TURN servers", "TURN username", "TURN password"). */
function NetworkSettings() {
  const id = useId();
  const saved = useAppStore(settingsSelectors.network);
  const errors = useAppStore(settingsSelectors.networkErrors);
  const serverCount = useAppStore(settingsSelectors.serverCount);
  const save = useAppStore((s) => s.saveNetworkSettings);
  const [form, setForm] = useState<NetworkSettingsInput>(() => networkSettingsInput(saved));
  const [status, setStatus] = useState('');
  const change = (field: keyof NetworkSettingsInput, value: string | boolean) => {
    setForm((f) => ({ ...f, [field]: value }));
    setStatus('');
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (save(form)) setStatus(form.stun.trim() || form.turn.trim() ? 'Saved on this device: new calls use these servers.' : 'Saved on this device: calls use no STUN or TURN server.');
    else setStatus('');
  };
  const described = (field: Field, hint?: string) => {
    const ids = [hint, errors?.[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ');
    return { 'aria-invalid': errors?.[field] ? true : undefined, 'aria-describedby': ids || undefined };
  };
  const error = (field: Field) =>
    errors?.[field] ? (
      <p id={`${id}-${field}-error`} className="note warning small field-error">
        {errors[field]}
      </p>
    ) : null;
  return (
    <form className="settings-group" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>STUN and TURN servers</h3>
      <p id={`${id}-why`} className="muted small">
        Calls connect directly when both browsers can reach each other. Behind some routers they need a STUN server (to learn
        this device’s public address) or a TURN server (to relay the call’s media). {serverCount === 0 ? 'None is set.' : ''}
      </p>
      <label className="field">
        STUN servers
        <input type="text" value={form.stun} onChange={(e) => change('stun', e.target.value)} placeholder="stun:stun.example.com:3478" spellCheck={false} autoComplete="off" {...described('stun', `${id}-why`)} />
      </label>
      {error('stun')}
      <label className="field">
        TURN servers
        <input type="text" value={form.turn} onChange={(e) => change('turn', e.target.value)} placeholder="turn:turn.example.com:3478" spellCheck={false} autoComplete="off" {...described('turn')} />
      </label>
      {error('turn')}
      <div className="row">
        <label className="field grow">
          TURN username
          <input type="text" value={form.turnUsername} onChange={(e) => change('turnUsername', e.target.value)} autoComplete="off" spellCheck={false} {...described('turnUsername')} />
        </label>
        <label className="field grow">
          TURN password
          <input type="password" value={form.turnCredential} onChange={(e) => change('turnCredential', e.target.value)} autoComplete="off" {...described('turnCredential')} />
        </label>
      </div>
      {error('turnUsername')}
      {error('turnCredential')}
      <label className="check">
        <input type="checkbox" checked={form.relayOnly} onChange={(e) => change('relayOnly', e.target.checked)} {...described('relayOnly', `${id}-relay`)} />
        <span>Relay every call through the TURN server</span>
      </label>
      <p id={`${id}-relay`} className="muted small">
        Calls then never connect directly: the other side sees the TURN server’s address instead of this device’s.
      </p>
      {error('relayOnly')}
      <p className="muted small">Several servers: separate them with spaces. They are kept on this device only, the TURN password too.</p>
      <button type="submit">Save servers</button>
      <p role="status" className="small">
        {errors ? 'Not saved: correct the fields marked above.' : status}
      </p>
    </form>
  );
}

/** The Settings section of the side column: calls, a check of the microphone and speaker, and the ICE servers. */
export function Settings() {
  const id = useId();
  return (
    <section className="card settings-page" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Settings</h2>
      <CallSettings />
      <DeviceCheck />
      <NetworkSettings />
    </section>
  );
}
