/** What an import did: the counts, then what could not be converted, each list folded. */
import type { ImportReport } from '../../../../shared/transfer/report';

/** Entries shown per list; the counts above stay exact. */
const SHOWN = 200;

function Folded<T>({ title, items, render, testId }: { title: string; items: readonly T[]; render: (item: T) => string; testId: string }) {
  if (items.length === 0) return null;
  return (
    <details className="report-list" data-testid={testId}>
      <summary>
        {title} <span className="report-count">{items.length}</span>
      </summary>
      <ul>
        {items.slice(0, SHOWN).map((item, index) => (
          <li key={index}>{render(item)}</li>
        ))}
        {items.length > SHOWN && <li className="report-more">and {items.length - SHOWN} more</li>}
      </ul>
    </details>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const pages = [
    report.created > 0 && `${report.created} new`,
    report.updated > 0 && `${report.updated} updated`,
    report.unchanged > 0 && `${report.unchanged} unchanged`,
  ].filter(Boolean);
  return (
    <div className="import-report">
      <p className="dialog-message">
        From <strong>{report.source}</strong>: {report.notes} notes and {report.folders} folders ({pages.join(', ') || 'no pages'}).
      </p>
      <dl className="report-figures">
        <dt>Links</dt>
        <dd data-testid="report-links">
          {report.linksResolved} of {report.linksFound} resolved
        </dd>
        <dt>Images</dt>
        <dd data-testid="report-images">
          {report.imagesAttached} attached, {report.imagesMissing} missing
        </dd>
        {report.skippedFiles > 0 && (
          <>
            <dt>Skipped</dt>
            <dd>{report.skippedFiles} files that are not notes or images</dd>
          </>
        )}
      </dl>
      <Folded title="Unresolved links" testId="report-unresolved" items={report.unresolvedLinks} render={(l) => `${l.note} → [[${l.target}]]`} />
      <Folded title="Missing images" testId="report-missing-images" items={report.missingImages} render={(m) => `${m.note} → ${m.path}`} />
      <Folded
        title="Pages replaced despite local edits"
        testId="report-overwritten"
        items={report.overwritten}
        render={(o) => `${o.title} (${o.note}) — earlier versions are in the page's history`}
      />
      <Folded title="Warnings" testId="report-warnings" items={report.warnings} render={(w) => w} />
    </div>
  );
}
