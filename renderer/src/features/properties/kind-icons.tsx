/** Line icons for the built-in page kinds, tags, filters and templates (same grid as ui/icons). */
import { Svg } from '../../ui/icons';

export const GuideIcon = () => (
  <Svg>
    <path d="M8 4.25C6.6 3.2 4.6 2.9 2.25 3.1v9.2c2.35-.2 4.35.1 5.75 1.15 1.4-1.05 3.4-1.35 5.75-1.15V3.1C11.4 2.9 9.4 3.2 8 4.25zM8 4.25v9.2" />
  </Svg>
);
export const QuestionIcon = () => (
  <Svg>
    <circle cx="8" cy="8" r="6.25" />
    <path d="M6.2 6.3a1.85 1.85 0 1 1 2.6 1.7c-.5.25-.8.6-.8 1.15v.3M8 11.3v.2" />
  </Svg>
);
export const NoteIcon = () => (
  <Svg>
    <path d="M4 1.75h5.25L12.5 5v9.25h-8.5z" />
    <path d="M9 1.75V5.25h3.5M6 8.5h4.5M6 11h4.5" />
  </Svg>
);
export const ReportIcon = () => (
  <Svg>
    <rect x="2.25" y="2.25" width="11.5" height="11.5" rx="1.5" />
    <path d="M5.25 11V8.5M8 11V5M10.75 11V7" />
  </Svg>
);
export const LearningIcon = () => (
  <Svg>
    <path d="M1.5 6.25 8 3l6.5 3.25L8 9.5z" />
    <path d="M4.5 7.9v3c0 .85 1.55 1.85 3.5 1.85s3.5-1 3.5-1.85v-3M14.5 6.25v3.5" />
  </Svg>
);
export const TagIcon = () => (
  <Svg>
    <path d="M2.25 2.25h5.3l6.2 6.2-5.3 5.3-6.2-6.2z" />
    <circle cx="5.25" cy="5.25" r=".75" fill="currentColor" />
  </Svg>
);
export const FilterIcon = () => <Svg><path d="M2 3h12L9.5 8.5v4.25l-3 1.25V8.5z" /></Svg>;
export const TemplateIcon = () => (
  <Svg>
    <rect x="2.25" y="2.25" width="11.5" height="11.5" rx="1.5" />
    <path d="M2.25 6h11.5M6.5 6v7.75" />
  </Svg>
);
