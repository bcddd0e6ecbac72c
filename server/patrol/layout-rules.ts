/** What makes a layout valid: no more cameras than tiles, and only cameras the configuration knows. Pure. */
import { LAYOUT_TILES, type LayoutKind } from '../contracts/patrol.ts'
import type { CodedProblem } from '../http/http-errors.ts'

export function layoutProblem(
  kind: LayoutKind,
  cameras: readonly (string | null)[],
  knownCamera: (id: string) => boolean,
): CodedProblem | null {
  const tiles = LAYOUT_TILES[kind]
  if (cameras.length > tiles)
    return {
      code: 'layout.too-many-cameras',
      params: { tiles, cameras: cameras.length },
      message: `layout ${kind} has ${tiles} tiles, but ${cameras.length} cameras were given`,
    }
  const unknown = cameras.filter((c): c is string => c !== null && !knownCamera(c))
  if (unknown.length > 0)
    return {
      code: 'camera.unknown',
      params: { camera: unknown.join(', ') },
      message: `unknown camera ${unknown.map((c) => `"${c}"`).join(', ')}`,
    }
  return null
}
