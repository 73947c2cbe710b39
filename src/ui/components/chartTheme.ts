// The colours every recharts chart of the lab shares, matching styles.css: the tooltip box, the
// grid lines and the axes.
export const CHART_TOOLTIP = { background: '#141b2d', border: '1px solid #2a3550' };
export const CHART_GRID = '#2a3550';
export const CHART_AXIS = '#9aa6c1';
