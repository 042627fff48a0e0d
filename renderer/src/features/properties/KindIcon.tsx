/**
 * The icon of a page kind: a line drawing for the built-in kinds, the community's emoji, or a dot
 * in the kind's colour. Tinted by the kind's colour (kinds.css).
 */
import type { ComponentType } from 'react';
import type { BuiltinPageKind, KindDef } from '../../../../shared/model';
import { isBuiltinKind } from '../../../../shared/model';
import { GuideIcon, LearningIcon, NoteIcon, QuestionIcon, ReportIcon } from './kind-icons';
import './kinds.css';

const BUILTIN_ICONS: Record<BuiltinPageKind, ComponentType> = {
  guide: GuideIcon,
  question: QuestionIcon,
  note: NoteIcon,
  report: ReportIcon,
  'learning-object': LearningIcon,
};

export function KindIcon({ kind, title }: { kind: KindDef; title?: string }) {
  const Builtin = isBuiltinKind(kind.id) ? BUILTIN_ICONS[kind.id] : null;
  return (
    <span className="kind-icon" data-kind-color={kind.color} data-kind={kind.id} title={title} aria-hidden={title === undefined}>
      {Builtin !== null ? <Builtin /> : kind.icon !== null ? <span className="kind-emoji">{kind.icon}</span> : <span className="kind-dot" />}
    </span>
  );
}
