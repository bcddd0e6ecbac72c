/**
 * Deterministic demo geography and cameras: 14 communities laid out over the street office's
 * ~6.8 km² (about 2.6 km x 2.6 km in Shijiazhuang's Xinhua district), 55 grids, 320 cameras,
 * all pointing at the simulated fleet on 127.0.0.1.
 */
import type { CameraDefinition, FleetSettings, Grid } from '../../server/contracts/camera-config.ts'
import { communityNames } from './demo-org.ts'

export const DEMO_CAMERA_COUNT = 320
export const FLEET_HOST = '127.0.0.1'
export const FLEET_RTSP_PORT = 8554
export const FLEET_HTTP_PORT = 8580

const SOUTH = 38.072
const WEST = 114.438
const CELL_LAT = 0.0058 // ~645 m
const CELL_LNG = 0.0074 // ~650 m at this latitude

/** mulberry32: a tiny seeded PRNG, so the generated files never change between runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6

interface Box {
  south: number
  west: number
  north: number
  east: number
}

function polygon(box: Box): Grid['area'] {
  const ring: [number, number][] = [
    [box.west, box.south],
    [box.east, box.south],
    [box.east, box.north],
    [box.west, box.north],
    [box.west, box.south],
  ].map(([lng, lat]) => [round6(lng!), round6(lat!)] as [number, number])
  return { type: 'Polygon', coordinates: [ring] }
}

/** Communities on a 4-column layout; each split into 2x2 grids (the last into 3 strips). */
export function demoGrids(): { grid: Grid; box: Box }[] {
  const out: { grid: Grid; box: Box }[] = []
  communityNames.forEach(([community, name], index) => {
    const row = Math.floor(index / 4)
    const col = index % 4
    const cell: Box = {
      south: SOUTH + row * CELL_LAT,
      west: WEST + col * CELL_LNG,
      north: SOUTH + (row + 1) * CELL_LAT,
      east: WEST + (col + 1) * CELL_LNG,
    }
    const boxes: Box[] =
      index === communityNames.length - 1
        ? [0, 1, 2].map((s) => ({
            ...cell,
            west: cell.west + (s * CELL_LNG) / 3,
            east: cell.west + ((s + 1) * CELL_LNG) / 3,
          }))
        : [
            [0, 0],
            [0, 1],
            [1, 0],
            [1, 1],
          ].map(([r, c]) => ({
            south: cell.south + (r! * CELL_LAT) / 2,
            north: cell.south + ((r! + 1) * CELL_LAT) / 2,
            west: cell.west + (c! * CELL_LNG) / 2,
            east: cell.west + ((c! + 1) * CELL_LNG) / 2,
          }))
    boxes.forEach((box, g) => {
      out.push({
        grid: {
          id: `${community}-${g + 1}`,
          name: `${name}第${g + 1}网格`,
          nameEn: `Grid ${g + 1}`,
          community,
          area: polygon(box),
        },
        box,
      })
    })
  })
  return out
}

const ROADS = [
  '赵陵铺路',
  '北二环',
  '民族路',
  '友谊大街',
  '新华路',
  '北新街',
  '泰华街',
  '联盟路',
  '西三庄街',
  '和平西路',
  '石清路',
  '红星街',
]
const SCHOOLS = ['赵陵铺小学', '太保中学', '北杜幼儿园', '新华实验小学', '星河中学', '梨园小学']
const MARKETS = ['北杜农贸市场', '西古城菜市场', '义堂早市']

/** Weighted camera kinds; the first tag decides the name. */
const KINDS: [string[], number][] = [
  [['intersection'], 34],
  [['trouble-spot'], 24],
  [['school'], 9],
  [['school', 'intersection'], 5],
  [['residential'], 10],
  [['residential', 'trouble-spot'], 4],
  [['market'], 5],
  [['flood-prone'], 5],
  [['construction'], 4],
]

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

function pickKind(random: () => number): string[] {
  const total = KINDS.reduce((sum, [, w]) => sum + w, 0)
  let r = random() * total
  for (const [kind, weight] of KINDS) {
    r -= weight
    if (r < 0) return kind
  }
  return KINDS[0]![0]
}

function cameraName(random: () => number, kind: string, community: string, serial: number): string {
  const road = pick(random, ROADS)
  const other = pick(
    random,
    ROADS.filter((r) => r !== road),
  )
  const side = pick(random, ['东', '西', '南', '北'])
  switch (kind) {
    case 'intersection':
      return `${road}与${other}交叉口${side}侧`
    case 'school':
      return `${pick(random, SCHOOLS)}${pick(random, ['正门', '东门', '西侧路口'])}`
    case 'market':
      return `${pick(random, MARKETS)}${pick(random, ['入口', '主通道', '停车区'])}`
    case 'flood-prone':
      return `${road}${pick(random, ['下穿桥', '低洼路段', '铁路桥洞'])}`
    case 'construction':
      return `${road}${pick(random, ['在建工地', '拆迁地块'])}${side}侧`
    case 'residential':
      return `${community.replace('社区', '')}${pick(random, ['小区', '家园', '宿舍'])}${(serial % 9) + 1}号门`
    default:
      return `${road}${pick(random, ['沿街商铺', '背街小巷', '广场', '公交站'])}${side}侧`
  }
}

export function demoCameras(grids: { grid: Grid; box: Box }[]): CameraDefinition[] {
  const random = seededRandom(20190520)
  const communityName = new Map(communityNames.map(([id, name]) => [id, name]))
  const cameras: CameraDefinition[] = []
  for (let n = 1; n <= DEMO_CAMERA_COUNT; n++) {
    const { grid, box } = grids[(n - 1) % grids.length]!
    const id = `cam-${String(n).padStart(4, '0')}`
    const categories = pickKind(random)
    const location = {
      lat: round6(box.south + random() * (box.north - box.south)),
      lng: round6(box.west + random() * (box.east - box.west)),
    }
    const ptz = random() < 0.15
    const password = `demo-${Math.floor(random() * 1e8).toString(36)}`
    // Most cameras are found over ONVIF; some older ones only have fixed RTSP addresses.
    const source: CameraDefinition['source'] =
      n % 5 === 0
        ? {
            type: 'rtsp',
            main: `rtsp://${FLEET_HOST}:${FLEET_RTSP_PORT}/${id}/main`,
            sub: `rtsp://${FLEET_HOST}:${FLEET_RTSP_PORT}/${id}/sub`,
            username: 'admin',
            password,
          }
        : {
            type: 'onvif',
            host: FLEET_HOST,
            port: FLEET_HTTP_PORT,
            path: `/onvif/${id}/device_service`,
            username: 'admin',
            password,
          }
    const camera: CameraDefinition = {
      id,
      name: cameraName(random, categories[0]!, communityName.get(grid.community) ?? '', n),
      categories,
      community: grid.community,
      grid: grid.id,
      location,
      source,
    }
    if (ptz) camera.ptz = true
    cameras.push(camera)
  }
  return cameras
}

export function demoFleet(): FleetSettings {
  return {
    enabled: true,
    host: FLEET_HOST,
    rtspPort: FLEET_RTSP_PORT,
    httpPort: FLEET_HTTP_PORT,
    defaults: { gopSeconds: 1, codec: 'h264' },
    // Real cameras often use longer GOPs, and some only speak H.265.
    overrides: {
      'cam-0002': { gopSeconds: 2 },
      'cam-0003': { gopSeconds: 4 },
      'cam-0013': { gopSeconds: 2 },
      'cam-0007': { codec: 'h265' },
      'cam-0019': { codec: 'h265', gopSeconds: 2 },
    },
  }
}
