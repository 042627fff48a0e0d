/** Icons of activity, profiles and Start here, drawn like ui/icons.tsx (16px, currentColor). */
import { Svg } from '../../ui/icons';

/** A pulse line: something happened. */
export const ActivityIcon = () => (
  <Svg>
    <path d="M1.75 8.25h3l1.75-4.5 3 8.5 1.75-4h3" />
  </Svg>
);
/** A flag: where to start. */
export const StartHereIcon = () => (
  <Svg>
    <path d="M3.5 14V2.5M3.5 3h8l-1.75 2.75L11.5 8.5h-8" />
  </Svg>
);
/** A sprout: a good first contribution. */
export const GoodFirstIcon = () => (
  <Svg>
    <path d="M8 14V8M8 8c0-2.5-1.75-4-4.5-4 0 2.5 1.75 4 4.5 4zM8 9.5c0-2.25 1.5-3.75 4.5-3.75 0 2.25-1.5 3.75-4.5 3.75z" />
  </Svg>
);
