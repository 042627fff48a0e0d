/** Contributions per week as plain SVG bars, oldest on the left; each bar says its week and count. */
import type { WeekCount } from '../../../../shared/model/contributions';

const WIDTH = 480;
const HEIGHT = 110;
/** Room above the tallest bar for its count. */
const TOP_SPACE = 16;
const LABEL_SPACE = 18;
const GAP = 4;

const weekLabel = (weekStart: number): string => new Date(weekStart).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function WeeklyChart({ weeks }: { weeks: readonly WeekCount[] }) {
  const max = Math.max(1, ...weeks.map((w) => w.count));
  const bar = weeks.length === 0 ? 0 : (WIDTH - GAP * (weeks.length - 1)) / weeks.length;
  const plot = HEIGHT - LABEL_SPACE;
  const first = weeks[0];
  const total = weeks.reduce((sum, w) => sum + w.count, 0);
  return (
    <svg
      className="weekly-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${total} contributions in the last ${weeks.length} weeks`}
      data-testid="profile-chart"
    >
      <line className="weekly-chart-axis" x1={0} x2={WIDTH} y1={plot + 0.5} y2={plot + 0.5} />
      {weeks.map((week, index) => {
        const height = week.count === 0 ? 2 : Math.max(4, (week.count / max) * (plot - TOP_SPACE));
        const x = index * (bar + GAP);
        return (
          <g key={week.weekStart}>
            <rect className={week.count === 0 ? 'weekly-chart-bar empty' : 'weekly-chart-bar'} x={x} y={plot - height} width={bar} height={height} rx={2} data-count={week.count}>
              <title>{`Week of ${weekLabel(week.weekStart)}: ${week.count} contribution${week.count === 1 ? '' : 's'}`}</title>
            </rect>
            {week.count > 0 && (
              <text className="weekly-chart-count" x={x + bar / 2} y={plot - height - 4} textAnchor="middle">
                {week.count}
              </text>
            )}
          </g>
        );
      })}
      {first !== undefined && (
        <text className="weekly-chart-label" x={0} y={HEIGHT - 4}>
          {weekLabel(first.weekStart)}
        </text>
      )}
      <text className="weekly-chart-label" x={WIDTH} y={HEIGHT - 4} textAnchor="end">
        This week
      </text>
    </svg>
  );
}
