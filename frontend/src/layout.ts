/** How the grid lays a port's cells out: pure arithmetic, tested without a browser. */

/** A cell's smallest width and the gap between cells, in pixels. */
const CELL_MIN_WIDTH = 36;
const CELL_GAP = 3;
/** The port number's column and its gap. */
const HEAD_WIDTH = 46;

/**
 * Cells per line in a port row: all of a port's slots when they fit, else the largest
 * divisor of the slot count that fits, so that 32 slots break into even lines (4 x 8)
 * that line up from port to port.
 */
export function cellsPerLine(width: number, slotsPerPort: number): number {
  const fit = Math.max(1, Math.floor((width - HEAD_WIDTH + CELL_GAP) / (CELL_MIN_WIDTH + CELL_GAP)));
  if (slotsPerPort <= fit) return Math.max(1, slotsPerPort);
  for (let perLine = fit; perLine > 1; perLine--) {
    if (slotsPerPort % perLine === 0) return perLine;
  }
  return fit;
}
