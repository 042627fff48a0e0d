/**
 * The behaviour of a type-to-filter list (the quick switcher, the command palette): the text
 * typed, the items for it, which one is selected. Items come from a source that may answer
 * later (the host's index): an answer for text that was typed over is dropped.
 */
import { StateCell } from '../../session/state-cell';

export type PickerSource<T> = (text: string) => readonly T[] | Promise<readonly T[]>;

export interface PickerState<T> {
  readonly text: string;
  readonly items: readonly T[];
  readonly selected: number;
  /** True until the first answer for the current text arrived. */
  readonly loading: boolean;
}

export class Picker<T> {
  readonly state = new StateCell<PickerState<T>>({ text: '', items: [], selected: 0, loading: true });
  private asked = 0;

  constructor(
    private readonly source: PickerSource<T>,
    private readonly report: (error: unknown) => void,
  ) {
    this.setText('');
  }

  setText(text: string): void {
    const ask = ++this.asked;
    this.state.patch({ text, loading: true });
    let answer: readonly T[] | Promise<readonly T[]>;
    try {
      answer = this.source(text);
    } catch (error) {
      this.report(error);
      return;
    }
    if (!(answer instanceof Promise)) return this.answered(ask, answer);
    answer.then(
      (items) => this.answered(ask, items),
      (error: unknown) => {
        if (ask === this.asked) this.state.patch({ items: [], loading: false });
        this.report(error);
      },
    );
  }

  /** Moves the selection by `delta`, wrapping around. */
  move(delta: number): void {
    const { items, selected } = this.state.get();
    if (items.length === 0) return;
    this.state.patch({ selected: (selected + delta + items.length) % items.length });
  }

  select(index: number): void {
    const { items } = this.state.get();
    if (index >= 0 && index < items.length) this.state.patch({ selected: index });
  }

  selectedItem(): T | undefined {
    const { items, selected } = this.state.get();
    return items[selected];
  }

  private answered(ask: number, items: readonly T[]): void {
    if (ask !== this.asked) return; // typed over
    this.state.patch({ items, selected: 0, loading: false });
  }
}
