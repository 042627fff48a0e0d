/**
 * Messages for the user that come and go: bridge errors, confirmations. The app's one sink for
 * unexpected errors reports here (and to the log).
 */
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { StateCell } from './state-cell';

const log = createLogger('toasts');

/** How long a toast stays unless dismissed. */
export const TOAST_MS = 8_000;
/** At most this many toasts at once; the oldest goes. */
const MAX_TOASTS = 4;

export interface Toast {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: string;
}

export class Toasts {
  readonly list = new StateCell<readonly Toast[]>([]);
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(kind: Toast['kind'], message: string): void {
    const toast: Toast = { id: this.nextId++, kind, message };
    const list = [...this.list.get(), toast];
    for (const dropped of list.splice(0, Math.max(0, list.length - MAX_TOASTS))) this.clearTimer(dropped.id);
    this.list.set(list);
    this.timers.set(toast.id, setTimeout(() => this.dismiss(toast.id), TOAST_MS));
  }

  /** Shows an error with its message; the sink every failed bridge call or model write ends in. */
  readonly error = (error: unknown): void => {
    const wrapped = CommonplaceError.from(error);
    log.error(wrapped.code, wrapped.message, error);
    this.show('error', wrapped.message);
  };

  dismiss(id: number): void {
    this.clearTimer(id);
    this.list.set(this.list.get().filter((toast) => toast.id !== id));
  }

  destroy(): void {
    for (const id of [...this.timers.keys()]) this.clearTimer(id);
  }

  private clearTimer(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }
}
