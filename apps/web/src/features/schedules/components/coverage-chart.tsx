import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { axisTicks } from '../lib/axis-ticks';

export interface CoverageBar {
  label: string;
  required: number;
  assigned: number;
}

const BAR = 14;
const GAP = 10;
const LABEL_WIDTH = 110;
/** room under the bars for the axis, its tick labels and its title */
const AXIS_HEIGHT = 42;

/**
 * Required against assigned staff as paired horizontal bars, one pair per unit or day: the
 * shortfall shows as the part of the required bar the assigned one does not reach, read against
 * a labelled staff axis. An SVG image with a text alternative, and the numbers beside each pair.
 */
export function CoverageChart(props: { title: string; bars: CoverageBar[] }) {
  const theme = useTheme();
  const ticks = axisTicks(
    Math.max(...props.bars.map((bar) => Math.max(bar.required, bar.assigned))),
  );
  const max = ticks.at(-1) ?? 1;
  const rowHeight = BAR * 2 + GAP;
  const barsHeight = props.bars.length * rowHeight;
  const height = barsHeight + AXIS_HEIGHT;
  const width = 560;
  const scale = (value: number) => ((width - LABEL_WIDTH - 90) * value) / max;
  const axisColour = theme.palette.text.secondary;
  const required = theme.palette.mode === 'light' ? '#b8c7d1' : '#3b4c58';
  const assigned = theme.palette.primary.main;
  const summary = props.bars
    .map((bar) => `${bar.label}: ${bar.assigned} of ${bar.required} assigned`)
    .join('; ');
  return (
    <Box component="figure" sx={{ m: 0 }}>
      <Typography component="figcaption" variant="h3" sx={{ mb: 1 }}>
        {props.title}
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, mb: 1 }} aria-hidden>
        <Legend colour={required} label="Required" />
        <Legend colour={assigned} label="Assigned" />
      </Box>
      <Box
        component="svg"
        role="img"
        aria-label={`${props.title}: ${summary}`}
        viewBox={`0 0 ${width} ${height}`}
        sx={{ width: '100%', maxWidth: width, height: 'auto', display: 'block' }}
      >
        <g aria-hidden>
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={LABEL_WIDTH + scale(tick)}
                x2={LABEL_WIDTH + scale(tick)}
                y1={0}
                y2={barsHeight - GAP / 2 + 4}
                stroke={theme.palette.divider}
                strokeDasharray={tick === 0 ? undefined : '2 3'}
              />
              <text
                x={LABEL_WIDTH + scale(tick)}
                y={barsHeight + 14}
                fontSize={11}
                textAnchor="middle"
                fill={axisColour}
              >
                {tick}
              </text>
            </g>
          ))}
          <line
            x1={LABEL_WIDTH}
            x2={LABEL_WIDTH + scale(max)}
            y1={barsHeight - GAP / 2 + 4}
            y2={barsHeight - GAP / 2 + 4}
            stroke={axisColour}
          />
          <text
            x={LABEL_WIDTH + scale(max) / 2}
            y={barsHeight + 34}
            fontSize={12}
            textAnchor="middle"
            fill={axisColour}
          >
            Staff (summed over the shifts)
          </text>
        </g>
        {props.bars.map((bar, index) => {
          const y = index * rowHeight;
          const short = bar.assigned < bar.required;
          return (
            <g key={bar.label}>
              <text
                x={0}
                y={y + BAR + 4}
                fontSize={12}
                fill={theme.palette.text.primary}
                textLength={bar.label.length > 16 ? LABEL_WIDTH - 8 : undefined}
              >
                {bar.label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y}
                width={scale(bar.required)}
                height={BAR}
                rx={2}
                fill={required}
              />
              <rect
                x={LABEL_WIDTH}
                y={y + BAR}
                width={Math.max(1, scale(bar.assigned))}
                height={BAR}
                rx={2}
                fill={assigned}
              />
              <text
                x={LABEL_WIDTH + scale(Math.max(bar.required, bar.assigned)) + 6}
                y={y + BAR + 4}
                fontSize={12}
                fill={short ? theme.palette.error.main : theme.palette.text.secondary}
              >
                {bar.assigned}/{bar.required}
                {short ? ` (−${bar.required - bar.assigned})` : ''}
              </text>
            </g>
          );
        })}
      </Box>
    </Box>
  );
}

function Legend({ colour, label }: { colour: string; label: string }) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
      <Box sx={{ width: 12, height: 12, borderRadius: 0.5, bgcolor: colour }} />
      <Typography variant="caption">{label}</Typography>
    </Box>
  );
}
