import { useEffect } from 'react';
import { useAppStore } from './store-context.tsx';
import { browserCheckSelectors } from '../stores/browser-check-slice.ts';
import { Icon } from './Icon.tsx';

const HEADLINE = {
  idle: 'Checking this browser…',
  running: 'Checking this browser…',
  passed: 'This browser can create keys, sign and encrypt.',
  failed: 'This browser cannot do everything SealPhone needs.',
} as const;

/** Runs the crypto core in this browser once and reports each step in words. */
export function BrowserCheck() {
  const status = useAppStore(browserCheckSelectors.status);
  const report = useAppStore(browserCheckSelectors.report);
  const run = useAppStore((s) => s.runBrowserCheck);

  useEffect(() => {
    void run();
  }, [run]);

  return (
    <section className="card" aria-labelledby="check-title">
      <h2 id="check-title">Browser check</h2>
      <p role="status" aria-label="Browser check" className={`check-${status}`}>
        {HEADLINE[status]}
      </p>
      {report && (
        <ul className="check-steps">
          {report.steps.map((step) => (
            <li key={step.name} className={step.ok ? 'ok' : 'failed'}>
              <Icon name={step.ok ? 'check' : 'cross'} /> {step.name}: {step.detail}
              <span className="muted"> ({step.milliseconds.toFixed(0)} ms)</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
