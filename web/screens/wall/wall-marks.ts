/**
 * Performance marks along the wall's first paint, so `npm run bench:wall` (and DevTools' performance
 * panel) show where the time goes: the app's script running, the wall mounted, each piece of data loaded,
 * each tile's first frame, the map and the charts drawn. Each mark is made once per page load: a
 * reconnection's reload or a tour page's next camera does not move them.
 */
export const WALL_MARK = {
  appStart: 'app:start',
  mounted: 'wall:mounted',
  state: 'wall:state',
  config: 'wall:config',
  cameras: 'wall:cameras',
  incidents: 'wall:incidents',
  secondary: 'wall:secondary-start',
  mapDrawn: 'wall:map-drawn',
  chartsDrawn: 'wall:charts-drawn',
  tilePlaying: 'wall:tile-playing:',
} as const

export function markOnce(name: string): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name)
}
