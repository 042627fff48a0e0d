/** A calm, centred placeholder for an empty view, with an optional action. */
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  readonly icon?: ReactNode;
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  readonly testId?: string;
}

export function EmptyState({ icon, title, children, action, testId }: EmptyStateProps) {
  return (
    <div className="empty-state" data-testid={testId}>
      {icon !== undefined && <div className="empty-state-icon">{icon}</div>}
      <h2 className="empty-state-title">{title}</h2>
      {children !== undefined && <p className="empty-state-text">{children}</p>}
      {action !== undefined && <div className="empty-state-action">{action}</div>}
    </div>
  );
}
