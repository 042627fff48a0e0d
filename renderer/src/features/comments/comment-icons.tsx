/** Icons of the comments and questions features, drawn like ui/icons.tsx (16px, currentColor). */
import type { ReactNode } from 'react';

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" width={16} height={16} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const CommentIcon = () => (
  <Svg>
    <path d="M2.75 3.25h10.5v7.5H8l-3 2.5v-2.5H2.75z" />
  </Svg>
);
export const ResolveIcon = () => (
  <Svg>
    <circle cx="8" cy="8" r="5.75" />
    <path d="m5.5 8.25 1.75 1.75L10.75 6.5" />
  </Svg>
);
export const ReopenIcon = () => (
  <Svg>
    <path d="M3 8a5 5 0 1 0 1.5-3.55M3 2.5v2.75h2.75" />
  </Svg>
);
export const HelpedIcon = () => (
  <Svg>
    <path d="M5 7.25v6H2.75v-6zM5 7.25 7.75 2.5c1 0 1.75.75 1.5 1.75L8.75 6.5h3.5a1.25 1.25 0 0 1 1.2 1.6l-1.3 4.25a1.25 1.25 0 0 1-1.2.9H5" />
  </Svg>
);
export const AcceptedIcon = () => (
  <Svg>
    <path d="m3 8.5 3.25 3.25L13 5" />
  </Svg>
);
export const QuestionIcon = () => (
  <Svg>
    <circle cx="8" cy="8" r="5.75" />
    <path d="M6.25 6.25a1.75 1.75 0 1 1 2.5 1.6c-.5.25-.75.6-.75 1.15v.25M8 11.25v.25" />
  </Svg>
);
export const GuideIcon = () => (
  <Svg>
    <path d="M3 2.75h7.5l2.5 2.5v8H3zM5.5 7h5M5.5 9.5h5" />
  </Svg>
);
