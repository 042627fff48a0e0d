/** The toast stack in the corner: bridge errors and short notices, each dismissible. */
import { useApp } from './app-context';
import { Close, Warning } from './icons';
import { useCell } from './use-cell';

export function Toasts() {
  const { toasts } = useApp();
  const list = useCell(toasts.list);
  return (
    <div className="toasts" aria-live="polite">
      {list.map((toast) => (
        <div key={toast.id} className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
          {toast.kind === 'error' && <Warning />}
          <span className="toast-message">{toast.message}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => toasts.dismiss(toast.id)}>
            <Close />
          </button>
        </div>
      ))}
    </div>
  );
}
