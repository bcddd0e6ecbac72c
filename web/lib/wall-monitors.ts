/** Which monitor a wall browser shows. Pure; the monitor list is GET /api/wall/monitors. */
import type { SessionUser } from '../../server/contracts/api.ts'
import type { WallMonitorSummary } from '../../server/contracts/wall.ts'

/** The one in the address, else the device's own (a paired wall account has one), else the first. */
export function chooseMonitor(
  requested: string | null,
  user: Pick<SessionUser, 'monitor'>,
  monitors: readonly Pick<WallMonitorSummary, 'id'>[],
): string | null {
  return requested || user.monitor || monitors[0]?.id || null
}
