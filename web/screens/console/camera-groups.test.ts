import { describe, expect, it } from 'vitest'
import type { CameraView, PublicConfig } from '../../../server/contracts/api.ts'
import {
  countByStatus,
  filterCameras,
  groupCameras,
  labelOf,
  moveActive,
  resolveActive,
  visibleEntries,
  type CameraGroup,
  type GroupOptions,
} from './camera-groups.ts'

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ] as [number, number][],
  ],
}

const config: Pick<PublicConfig, 'cameraCategories' | 'communities' | 'grids'> = {
  cameraCategories: [
    { id: 'intersection', name: '交通路口', nameEn: 'Intersections' },
    { id: 'trouble-spot', name: '治安乱点', nameEn: 'Trouble spots' },
    { id: 'school', name: '学校周边' },
  ],
  communities: [
    { id: 'c-01', name: '东风社区', nameEn: 'Dongfeng' },
    { id: 'c-02', name: '解放社区' },
  ],
  grids: [
    { id: 'g-01-01', name: '东风一网格', nameEn: 'Dongfeng 1', community: 'c-01', area: square },
    { id: 'g-01-02', name: '东风二网格', community: 'c-01', area: square },
    { id: 'g-02-01', name: '解放一网格', community: 'c-02', area: square },
  ],
}

function camera(
  id: string,
  name: string,
  categories: string[],
  community: string,
  grid: string,
  status: CameraView['status'] = 'unknown',
): CameraView {
  return {
    id,
    name,
    categories,
    community,
    grid,
    location: { lat: 30, lng: 120 },
    ptz: false,
    sourceType: 'rtsp',
    status,
    statusSince: null,
    recordingProblem: null,
  }
}

const cameras = [
  camera('cam-0001', '人民路与解放路口', ['intersection'], 'c-01', 'g-01-01', 'online'),
  camera('cam-0002', '实验小学南门', ['school', 'trouble-spot'], 'c-01', 'g-01-02', 'offline'),
  camera('cam-0003', '解放路夜市', ['trouble-spot'], 'c-02', 'g-02-01', 'auth-failed'),
  camera('cam-0004', '东风菜场', [], 'c-02', 'g-02-01', 'unreachable'),
]

const unknownLabel: GroupOptions['unknownLabel'] = (kind, id) => `?${kind}:${id}`
const zh = (by: GroupOptions['by'], keepEmpty = true): GroupOptions => ({
  by,
  language: 'zh-CN',
  unknownLabel,
  keepEmpty,
})

/** `label count [ids]` lines, indented by depth, so expectations read like the panel. */
function outline(groups: CameraGroup[], depth = 0): string[] {
  return groups.flatMap((group) => [
    `${'  '.repeat(depth)}${group.label} ${group.count} [${group.cameras.map((c) => c.id).join(',')}]`,
    ...outline(group.children, depth + 1),
  ])
}

describe('labelOf', () => {
  it('Chinese uses name', () => expect(labelOf(config.communities[0]!, 'zh-CN')).toBe('东风社区'))
  it('English uses nameEn', () => expect(labelOf(config.communities[0]!, 'en')).toBe('Dongfeng'))
  it('English falls back to name when nameEn is missing', () =>
    expect(labelOf(config.communities[1]!, 'en')).toBe('解放社区'))
})

describe('filterCameras', () => {
  const ids = (query: string) => filterCameras(cameras, query).map((c) => c.id)
  it('an empty or blank query keeps every camera', () =>
    expect(ids('  ')).toEqual(['cam-0001', 'cam-0002', 'cam-0003', 'cam-0004']))
  it('matches part of the name', () => expect(ids('解放路')).toEqual(['cam-0001', 'cam-0003']))
  it('matches part of the id, ignoring case', () => expect(ids('CAM-0003')).toEqual(['cam-0003']))
  it('every term must match, in name or id', () => expect(ids('解放 0003')).toEqual(['cam-0003']))
  it('no match gives an empty list', () => expect(ids('nowhere')).toEqual([]))
})

describe('groupCameras by category', () => {
  it('follows the config order, lists a camera under each of its categories, and puts uncategorized last', () => {
    expect(outline(groupCameras(cameras, config, zh('category')))).toEqual([
      '交通路口 1 [cam-0001]',
      '治安乱点 2 [cam-0002,cam-0003]',
      '学校周边 1 [cam-0002]',
      '?uncategorized: 1 [cam-0004]',
    ])
  })

  it('labels in English with the Chinese name as fallback', () => {
    const groups = groupCameras(cameras, config, { ...zh('category'), language: 'en' })
    expect(groups.map((g) => g.label)).toEqual(['Intersections', 'Trouble spots', '学校周边', '?uncategorized:'])
  })

  it('a category id missing from the config gets its own group after the configured ones', () => {
    const odd = [camera('cam-0009', '新点位', ['market'], 'c-01', 'g-01-01')]
    expect(outline(groupCameras(odd, config, zh('category', false)))).toEqual(['?category:market 1 [cam-0009]'])
  })

  it('a camera listing the same category twice counts once', () => {
    const twice = [camera('cam-0010', '重复', ['school', 'school'], 'c-01', 'g-01-01')]
    expect(outline(groupCameras(twice, config, zh('category', false)))).toEqual(['学校周边 1 [cam-0010]'])
  })

  it('without keepEmpty, groups with no cameras are left out', () => {
    const groups = groupCameras(filterCameras(cameras, '小学'), config, zh('category', false))
    expect(outline(groups)).toEqual(['治安乱点 1 [cam-0002]', '学校周边 1 [cam-0002]'])
  })
})

describe('groupCameras by community', () => {
  it('nests grids under their community and counts cameras at both levels', () => {
    expect(outline(groupCameras(cameras, config, zh('community')))).toEqual([
      '东风社区 2 []',
      '  东风一网格 1 [cam-0001]',
      '  东风二网格 1 [cam-0002]',
      '解放社区 2 []',
      '  解放一网格 2 [cam-0003,cam-0004]',
    ])
  })

  it('without keepEmpty, empty grids and communities are left out', () => {
    const groups = groupCameras(filterCameras(cameras, 'cam-0001'), config, zh('community', false))
    expect(outline(groups)).toEqual(['东风社区 1 []', '  东风一网格 1 [cam-0001]'])
  })

  it('unknown communities and grids are shown, not dropped', () => {
    const odd = [
      camera('cam-0011', '新社区点位', ['school'], 'c-99', 'g-99-01'),
      camera('cam-0012', '错配网格', ['school'], 'c-01', 'g-02-01'),
    ]
    expect(outline(groupCameras(odd, config, zh('community', false)))).toEqual([
      '东风社区 1 []',
      '  ?grid:g-02-01 1 [cam-0012]',
      '?community:c-99 1 []',
      '  ?grid:g-99-01 1 [cam-0011]',
    ])
  })
})

describe('keyboard movement', () => {
  const groups = groupCameras(cameras, config, zh('category'))
  const entries = visibleEntries(groups, new Set())
  const keys = (list: { key: string }[]) => list.map((e) => e.key)

  it('lists every camera row in display order, a camera once per group', () => {
    expect(keys(entries)).toEqual([
      'category:intersection#cam-0001',
      'category:trouble-spot#cam-0002',
      'category:trouble-spot#cam-0003',
      'category:school#cam-0002',
      'uncategorized#cam-0004',
    ])
  })

  it('skips the rows of collapsed groups, including their children', () => {
    const tree = groupCameras(cameras, config, zh('community'))
    expect(keys(visibleEntries(tree, new Set(['community:c-01'])))).toEqual([
      'community:c-02/grid:g-02-01#cam-0003',
      'community:c-02/grid:g-02-01#cam-0004',
    ])
  })

  it('next and previous step one row and stop at the ends', () => {
    const second = entries[1]!
    expect(moveActive(entries, second, 'next')?.key).toBe(entries[2]!.key)
    expect(moveActive(entries, second, 'previous')?.key).toBe(entries[0]!.key)
    expect(moveActive(entries, entries[0]!, 'previous')?.key).toBe(entries[0]!.key)
    expect(moveActive(entries, entries[4]!, 'next')?.key).toBe(entries[4]!.key)
  })

  it('with nothing active, next starts at the top and previous at the bottom', () => {
    expect(moveActive(entries, null, 'next')?.key).toBe(entries[0]!.key)
    expect(moveActive(entries, null, 'previous')?.key).toBe(entries[4]!.key)
  })

  it('first and last jump to the ends; an empty list has nothing to move to', () => {
    expect(moveActive(entries, entries[2]!, 'first')?.key).toBe(entries[0]!.key)
    expect(moveActive(entries, entries[2]!, 'last')?.key).toBe(entries[4]!.key)
    expect(moveActive([], null, 'next')).toBeNull()
  })

  it('the selected camera keeps its row after regrouping', () => {
    const tree = visibleEntries(groupCameras(cameras, config, zh('community')), new Set())
    expect(resolveActive(tree, 'category:school#cam-0002', 'cam-0002')?.key).toBe(
      'community:c-01/grid:g-01-02#cam-0002',
    )
    expect(resolveActive(entries, 'category:school#cam-0002', 'cam-0002')?.key).toBe('category:school#cam-0002')
    expect(resolveActive(entries, null, null)).toBeNull()
  })
})

describe('countByStatus', () => {
  it('counts every status, zero included', () => {
    expect(countByStatus(cameras)).toEqual({ online: 1, offline: 1, 'auth-failed': 1, unreachable: 1, unknown: 0 })
  })
})
