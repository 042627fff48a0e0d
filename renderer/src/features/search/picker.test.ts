import { describe, expect, it, vi } from 'vitest';
import { Picker } from './picker';

const later = <T,>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('Picker', () => {
  it('filters synchronously, wraps the selection and reports the selected item', () => {
    const picker = new Picker((text) => ['apple', 'banana', 'cherry'].filter((f) => f.includes(text)), vi.fn());
    expect(picker.state.get()).toMatchObject({ items: ['apple', 'banana', 'cherry'], selected: 0, loading: false });
    picker.move(-1);
    expect(picker.selectedItem()).toBe('cherry');
    picker.move(1);
    expect(picker.selectedItem()).toBe('apple');
    picker.setText('an');
    expect(picker.state.get()).toMatchObject({ text: 'an', items: ['banana'], selected: 0 });
    picker.select(5);
    expect(picker.selectedItem()).toBe('banana');
    picker.setText('zz');
    picker.move(1);
    expect(picker.selectedItem()).toBeUndefined();
  });

  it('drops an answer for text that was typed over', async () => {
    const answers = [later<string[]>(), later<string[]>(), later<string[]>()];
    let call = 0;
    const picker = new Picker(() => answers[call++]!.promise, vi.fn());
    picker.setText('a');
    picker.setText('ab');
    answers[2]!.resolve(['ab result']);
    answers[1]!.resolve(['stale a result']);
    answers[0]!.resolve(['stale empty result']);
    await new Promise((r) => setTimeout(r, 0));
    expect(picker.state.get()).toMatchObject({ text: 'ab', items: ['ab result'], loading: false });
  });

  it('reports a failed answer and shows nothing for it', async () => {
    const report = vi.fn();
    const failing = later<string[]>();
    const picker = new Picker(() => failing.promise, report);
    failing.reject(new Error('host gone'));
    await new Promise((r) => setTimeout(r, 0));
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ message: 'host gone' }));
    expect(picker.state.get()).toMatchObject({ items: [], loading: false });
  });
});
