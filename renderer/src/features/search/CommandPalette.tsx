/** The command palette (Ctrl/Cmd+P): every registered command, fuzzy-matched, with its shortcut. */
import { useState } from 'react';
import { shortcutKeys, type CommandMatch } from '../../session/commands';
import { useApp } from '../../ui/app-context';
import { CommandIcon } from '../../ui/icons';
import { Highlighted } from './Highlighted';
import { Picker } from './picker';
import { Keys, PickerDialog } from './PickerDialog';

export function CommandPalette() {
  const app = useApp();
  const [picker] = useState(() => new Picker((text) => app.commands.search(text), app.toasts.error));
  return (
    <PickerDialog<CommandMatch>
      label="Commands"
      placeholder="Type a command…"
      testId="command-palette"
      picker={picker}
      itemKey={(match) => match.command.id}
      renderItem={({ command, highlights }) => (
        <>
          <CommandIcon />
          <span className="picker-item-main">
            <span className="picker-item-title">
              <Highlighted text={command.title} ranges={highlights} />
            </span>
          </span>
          {command.shortcut !== undefined && <Keys keys={shortcutKeys(command.shortcut)} />}
        </>
      )}
      onChoose={({ command }) => {
        app.search.close();
        command.run();
      }}
      onClose={() => app.search.close()}
      empty="No commands match"
    />
  );
}
