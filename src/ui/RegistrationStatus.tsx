import { useAppStore } from './store-context.tsx';
import { connectionSelectors } from '../stores/connection-slice.ts';

/** Connection and registration in words (QA contract: role status named "Registration"). */
export function RegistrationStatus() {
  const text = useAppStore(connectionSelectors.text);
  const tone = useAppStore(connectionSelectors.tone);
  return (
    <p role="status" aria-label="Registration" className={`registration tone-${tone}`}>
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
