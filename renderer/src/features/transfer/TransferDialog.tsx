/**
 * The import/export dialog, mounted once (MainArea): progress while the host works, then the
 * report. Reads app.transfer.view; decides nothing.
 */
import { useEffect } from 'react';
import { assertNever } from '../../../../shared/errors';
import type { TransferPhase } from '../../../../shared/transfer/report';
import type { TransferView } from '../../session/transfer-session';
import { useApp } from '../../ui/app-context';
import { Dialog } from '../../ui/Dialog';
import { useCell } from '../../ui/use-cell';
import { ImportReportView } from './ImportReportView';
import { registerTransferCommands } from './transfer-actions';
import './transfer.css';

const PHASE_LABEL: Record<TransferPhase, string> = {
  uploading: 'Uploading files',
  reading: 'Reading notes',
  attaching: 'Storing images',
  writing: 'Writing pages',
  exporting: 'Writing notes',
  done: 'Finishing',
};

const plural = (count: number, word: string): string => (count === 1 ? word : `${word}s`);

export function TransferDialog() {
  const app = useApp();
  const view = useCell(app.transfer.view);
  useEffect(() => registerTransferCommands(app), [app]);
  const close = () => app.transfer.close();
  if (view.kind === 'idle') return null;
  if (view.kind === 'running') return <ProgressDialog view={view} />;
  const closeButton = (
    <button type="submit" className="button primary" autoFocus>
      Close
    </button>
  );
  switch (view.kind) {
    case 'imported':
      return (
        <Dialog title="Import finished" testId="import-report" onSubmit={close} onCancel={close} actions={closeButton}>
          <ImportReportView report={view.report} />
        </Dialog>
      );
    case 'exported':
      return (
        <Dialog title="Export finished" testId="export-report" onSubmit={close} onCancel={close} actions={closeButton}>
          <p className="dialog-message">
            Wrote <strong>{view.report.notes}</strong> {plural(view.report.notes, 'note')} and <strong>{view.report.attachments}</strong>{' '}
            {plural(view.report.attachments, 'image')}. Open this folder in Obsidian as a vault:
          </p>
          <code className="transfer-path" data-testid="export-dir">
            {view.report.dir}
          </code>
          {view.report.attachmentsMissing > 0 && (
            <p className="dialog-message">
              {view.report.attachmentsMissing} {plural(view.report.attachmentsMissing, 'image')} not stored on this machine: left as references.
            </p>
          )}
        </Dialog>
      );
    case 'failed':
      return (
        <Dialog title={view.title} testId="transfer-failed" onSubmit={close} onCancel={close} actions={closeButton}>
          <p className="dialog-message">{view.message}</p>
        </Dialog>
      );
    default:
      return assertNever(view, 'transfer view');
  }
}

function ProgressDialog({ view }: { view: Extract<TransferView, { kind: 'running' }> }) {
  const known = view.total > 0;
  return (
    <Dialog title={view.title} testId="transfer-progress" onSubmit={() => undefined} onCancel={() => undefined} actions={null}>
      <p className="dialog-message">{PHASE_LABEL[view.phase]}…</p>
      <progress className="transfer-progress" value={known ? view.done : undefined} max={known ? view.total : undefined} />
    </Dialog>
  );
}
