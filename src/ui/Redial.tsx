import type { CallRecord } from '../stores/types.ts';
import { displayAor } from '../stores/sip-address.ts';
import { useAppStore } from './store-context.tsx';

/** An entry of Recent calls that person again, with the same kind of call (audio, or video). */
export function Redial({ record }: { record: CallRecord }) {
  const startCall = useAppStore((s) => s.startCall);
  const who = displayAor(record.peer);
  return (
    <button type="button" className="small redial" onClick={() => void startCall(record.peer, { video: record.video })}>
      {record.video ? `Video call ${who} again` : `Call ${who} again`}
    </button>
  );
}
