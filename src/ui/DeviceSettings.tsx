import { useId } from 'react';
import { useAppStore } from './store-context.tsx';
import { deviceSelectors, type DeviceSlot } from '../stores/devices-slice.ts';

const NAMES: Record<DeviceSlot, string> = { audioInputId: 'Microphone', videoInputId: 'Camera', audioOutputId: 'Speaker' };

/** One device choice (QA contract: comboboxes "Microphone", "Camera", "Speaker"). */
function DeviceSelect({ slot }: { slot: DeviceSlot }) {
  const id = useId();
  const list = useAppStore(deviceSelectors.list(slot));
  const selected = useAppStore(deviceSelectors.selected(slot));
  const defaultName = useAppStore(deviceSelectors.defaultName(slot));
  const missing = useAppStore(deviceSelectors.missing(slot));
  const unlisted = useAppStore(deviceSelectors.unlisted(slot));
  const choose = useAppStore((s) => s.chooseDevice);
  const name = NAMES[slot];
  return (
    <div className="device">
      <label className="field">
        <span>{name}</span>
        <select value={selected ?? ''} onChange={(e) => choose(slot, e.target.value || undefined)} aria-describedby={missing ? `${id}-missing` : undefined}>
          <option value="">{defaultName ? `System default (${defaultName})` : 'System default'}</option>
          {unlisted && <option value={unlisted.id}>{unlisted.label || `Your ${name.toLowerCase()}`}</option>}
          {list.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <p id={`${id}-missing`} role="status" className="note warning small" hidden={!missing}>
        {missing ? `${missing.label || `Your ${name.toLowerCase()}`} is not connected: calls use the system default until it is back.` : ''}
      </p>
    </div>
  );
}

function SpeakerUnsupported() {
  const id = useId();
  return (
    <div className="device">
      <label className="field">
        <span>Speaker</span>
        <select disabled value="" aria-describedby={`${id}-why`}>
          <option value="">System default</option>
        </select>
      </label>
      <p id={`${id}-why`} className="note muted small">
        This browser cannot switch speakers: calls play through the system’s default one.
      </p>
    </div>
  );
}

/** Microphone, camera and speaker, in a disclosure of the side column; the choice is kept on this device. */
export function DeviceSettings() {
  const refresh = useAppStore((s) => s.refreshDevices);
  const allowAccess = useAppStore((s) => s.allowDeviceAccess);
  const needsAccess = useAppStore(deviceSelectors.needsAccess);
  const canChooseSpeaker = useAppStore(deviceSelectors.canChooseSpeaker);
  const id = useId();
  const missing = useAppStore((s) => Boolean(deviceSelectors.missing('audioInputId')(s) ?? deviceSelectors.missing('videoInputId')(s) ?? deviceSelectors.missing('audioOutputId')(s)));
  return (
    <details className="card settings" aria-labelledby={`${id}-summary`} onToggle={(e) => {
        if (e.currentTarget.open) void refresh();
      }}>
      <summary id={`${id}-summary`}>
        Audio and video
        {missing && <span className="attention" aria-hidden="true" title="A chosen device is not connected" />}
      </summary>
      <div className="settings-body">
        <DeviceSelect slot="audioInputId" />
        <DeviceSelect slot="videoInputId" />
        {canChooseSpeaker ? <DeviceSelect slot="audioOutputId" /> : <SpeakerUnsupported />}
        {needsAccess && (
          <div className="access">
            <p className="muted small">The browser shows your devices’ names once SealPhone may use the microphone and camera.</p>
            <button type="button" onClick={() => void allowAccess()}>
              Show device names
            </button>
          </div>
        )}
        <p className="muted small">A new microphone or camera is used from the next call on; the speaker changes at once.</p>
      </div>
    </details>
  );
}
