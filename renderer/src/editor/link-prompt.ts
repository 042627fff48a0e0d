/**
 * Whether the bubble menu's link input is open: a tiny store written by the Link button and the
 * Mod-Shift-K shortcut, read by EditorBubbleMenu.tsx (useSyncExternalStore).
 */
export class LinkPrompt {
  private open = false;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): boolean => this.open;

  show(): void {
    this.set(true);
  }

  hide(): void {
    this.set(false);
  }

  private set(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    for (const listener of this.listeners) listener();
  }
}
