/** Create, rename and delete a workspace: the dialogs the switcher opens. */
import type { WorkspaceInfo } from '../../../../shared/bridge/contract';
import { useApp } from '../../ui/app-context';
import { ConfirmDialog, PromptDialog } from '../../ui/dialogs';

export type WorkspaceDialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'rename'; readonly workspace: WorkspaceInfo }
  | { readonly kind: 'delete'; readonly workspace: WorkspaceInfo };

export function WorkspaceDialogs({ dialog, onClose }: { dialog: WorkspaceDialog | null; onClose: () => void }) {
  const app = useApp();
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'create':
      return (
        <PromptDialog
          title="New workspace"
          label="Name"
          confirmLabel="Create workspace"
          onCancel={onClose}
          onSubmit={(name) => {
            onClose();
            void app.createWorkspace(name);
          }}
        />
      );
    case 'rename':
      return (
        <PromptDialog
          title="Rename workspace"
          label="Name"
          initialValue={dialog.workspace.name}
          confirmLabel="Rename"
          onCancel={onClose}
          onSubmit={(name) => {
            onClose();
            void app.renameWorkspace(dialog.workspace.id, name);
          }}
        />
      );
    case 'delete':
      return (
        <ConfirmDialog
          title={`Delete “${dialog.workspace.name}”?`}
          message={
            <>
              The workspace <strong>{dialog.workspace.name}</strong> and all its pages will be deleted from this computer.
              Members who have a copy keep theirs. This cannot be undone.
            </>
          }
          typeToConfirm={dialog.workspace.name}
          confirmLabel="Delete workspace"
          onCancel={onClose}
          onConfirm={() => {
            onClose();
            void app.deleteWorkspace(dialog.workspace.id);
          }}
        />
      );
  }
}
