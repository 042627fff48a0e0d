/**
 * The app's icons: 16px line drawings that take the text color. Decorative: the button around
 * an icon carries the accessible name.
 */
import type { ReactNode } from 'react';

export function Svg({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const ChevronRight = () => <Svg><path d="M6 3.5 10.5 8 6 12.5" /></Svg>;
export const ChevronDown = () => <Svg><path d="M3.5 6 8 10.5 12.5 6" /></Svg>;
export const ChevronUpDown = () => <Svg><path d="M5 6 8 3l3 3M5 10l3 3 3-3" /></Svg>;
export const Plus = () => <Svg><path d="M8 3v10M3 8h10" /></Svg>;
export const Dots = () => (
  <Svg>
    <circle cx="3.5" cy="8" r=".6" fill="currentColor" />
    <circle cx="8" cy="8" r=".6" fill="currentColor" />
    <circle cx="12.5" cy="8" r=".6" fill="currentColor" />
  </Svg>
);
export const PageIcon = () => (
  <Svg>
    <path d="M4 1.75h5.25L12.5 5v9.25h-8.5z" />
    <path d="M9 1.75V5.25h3.5M6 8.5h4.5M6 11h4.5" />
  </Svg>
);
export const TrashIcon = () => (
  <Svg>
    <path d="M2.75 4.25h10.5M6.25 4.25V2.5h3.5v1.75M4 4.25l.75 9.25h6.5L12 4.25" />
  </Svg>
);
export const Restore = () => <Svg><path d="M3 8a5 5 0 1 0 1.5-3.55M3 2.5v2.75h2.75" /></Svg>;
export const Sun = () => (
  <Svg>
    <circle cx="8" cy="8" r="2.75" />
    <path d="M8 1.5v1.25M8 13.25v1.25M1.5 8h1.25M13.25 8h1.25M3.4 3.4l.9.9M11.7 11.7l.9.9M3.4 12.6l.9-.9M11.7 4.3l.9-.9" />
  </Svg>
);
export const Moon = () => <Svg><path d="M13.25 9.5A5.5 5.5 0 0 1 6.5 2.75a5.5 5.5 0 1 0 6.75 6.75z" /></Svg>;
export const Monitor = () => (
  <Svg>
    <rect x="1.75" y="2.5" width="12.5" height="8.5" rx="1.25" />
    <path d="M5.5 14h5M8 11v3" />
  </Svg>
);
export const SidebarIcon = () => (
  <Svg>
    <rect x="1.75" y="2.5" width="12.5" height="11" rx="1.5" />
    <path d="M6 2.5v11" />
  </Svg>
);
export const Close = () => <Svg><path d="m4 4 8 8M12 4l-8 8" /></Svg>;
export const Check = () => <Svg><path d="m3 8.5 3.25 3.25L13 5" /></Svg>;
export const Cloud = () => <Svg><path d="M4.5 12.5a3 3 0 0 1-.4-5.97 4 4 0 0 1 7.8.97 2.5 2.5 0 0 1 .1 5z" /></Svg>;
export const CloudOff = () => (
  <Svg>
    <path d="M4.5 12.5a3 3 0 0 1-.4-5.97M6.5 4.3a4 4 0 0 1 5.4 3.2 2.5 2.5 0 0 1 1.3 4.4M2 2l12 12" />
  </Svg>
);
export const Warning = () => <Svg><path d="M8 2 1.75 13.25h12.5zM8 6.5v3M8 11.5v.25" /></Svg>;
export const Folder = () => <Svg><path d="M1.75 4.25v8.5h12.5v-7H8L6.5 4.25z" /></Svg>;
export const SearchIcon = () => <Svg><circle cx="7" cy="7" r="4.25" /><path d="m10.25 10.25 3.5 3.5" /></Svg>;
export const CommandIcon = () => <Svg><path d="M5.5 5.5h5v5h-5zM5.5 5.5V4a1.5 1.5 0 1 0-1.5 1.5zm5 0V4A1.5 1.5 0 1 1 12 5.5zm0 5V12a1.5 1.5 0 1 0 1.5-1.5zm-5 0V12A1.5 1.5 0 1 1 4 10.5z" /></Svg>;
