/**
 * A value that can be read and subscribed to: the shape `useSyncExternalStore` wants. Session
 * classes keep their observable state in cells; components read them with `useCell`.
 */
export class StateCell<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  /** The current value; the same object until `set` is called with a different one. */
  readonly get = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Shallow-merges a patch into an object value; notifies only if a field changed. */
  patch(this: StateCell<T & object>, patch: Partial<T>): void {
    const current = this.value as Record<string, unknown>;
    const changed = Object.entries(patch).some(([key, value]) => !Object.is(current[key], value));
    if (changed) this.set({ ...this.value, ...patch });
  }
}
