/**
 * The street office's organisation for the demo configuration: categories, communities, departments
 * and routing. Names follow docs/domain.md; community names are invented but plausible.
 */
import type {
  CameraCategory,
  CaseFeedSettings,
  Community,
  Department,
  EventCategory,
  RoutingRule,
} from '../../server/contracts/camera-config.ts'

export const cameraCategories: CameraCategory[] = [
  { id: 'intersection', name: '交通路口', nameEn: 'Traffic intersection', colour: '#3b82f6' },
  { id: 'trouble-spot', name: '治安乱点', nameEn: 'Public-order trouble spot', colour: '#ef4444' },
  { id: 'school', name: '学校周边', nameEn: 'School surroundings', colour: '#f59e0b' },
  { id: 'market', name: '农贸市场', nameEn: 'Farmers market', colour: '#10b981' },
  { id: 'flood-prone', name: '易涝点', nameEn: 'Flood-prone spot', colour: '#06b6d4' },
  { id: 'construction', name: '建筑工地', nameEn: 'Construction site', colour: '#a855f7' },
  { id: 'residential', name: '小区出入口', nameEn: 'Residential gate', colour: '#84cc16' },
]

const limits = (acknowledgeMinutes: number, handleMinutes: number) => ({ acknowledgeMinutes, handleMinutes })

export const eventCategories: EventCategory[] = [
  { id: 'vehicle-scrape', name: '车辆剐蹭', nameEn: 'Vehicle scrape', limits: limits(10, 60) },
  { id: 'road-flooding', name: '道路积水', nameEn: 'Road flooding', limits: limits(10, 240) },
  { id: 'street-vendor', name: '游商占道', nameEn: 'Street vendors blocking the road', limits: limits(15, 120) },
  { id: 'garbage-burning', name: '焚烧垃圾', nameEn: 'Garbage burning', limits: limits(10, 60) },
  { id: 'illegal-parking', name: '违章停车', nameEn: 'Illegal parking', limits: limits(15, 120) },
  { id: 'garbage-dumping', name: '乱倒垃圾', nameEn: 'Garbage dumping', limits: limits(30, 480) },
  { id: 'crowd-gathering', name: '人员聚集', nameEn: 'Crowd gathering', limits: limits(5, 60) },
  { id: 'fire-smoke', name: '火情烟雾', nameEn: 'Fire or smoke', limits: limits(3, 30) },
  { id: 'road-damage', name: '道路破损', nameEn: 'Road damage', limits: limits(30, 1440) },
]

export const departments: Department[] = [
  { id: 'governance', name: '综治办', nameEn: 'Comprehensive governance office' },
  { id: 'urban-management', name: '城管', nameEn: 'Urban management' },
  { id: 'environment', name: '环保', nameEn: 'Environmental protection' },
  { id: 'police', name: '公安(派出所)', nameEn: 'Police station' },
  { id: 'traffic-police', name: '交警', nameEn: 'Traffic police' },
  { id: 'housing', name: '住建', nameEn: 'Housing and construction' },
  { id: 'civil-affairs', name: '民政', nameEn: 'Civil affairs' },
  { id: 'emergency', name: '应急', nameEn: 'Emergency management' },
  { id: 'community', name: '社区居委会', nameEn: 'Community residents committee' },
]

/** [id, Chinese name, English name]: 14 communities; the last has 3 grids, the others 4 (55 in all). */
export const communityNames: [string, string, string][] = [
  ['zhaolingpu-east', '赵陵铺东社区', 'Zhaolingpu East'],
  ['zhaolingpu-west', '赵陵铺西社区', 'Zhaolingpu West'],
  ['houtaibao', '后太保社区', 'Houtaibao'],
  ['qiantaibao', '前太保社区', 'Qiantaibao'],
  ['beidu', '北杜社区', 'Beidu'],
  ['xisanzhuang', '西三庄社区', 'Xisanzhuang'],
  ['yitang', '义堂社区', 'Yitang'],
  ['dongduzhuang', '东杜庄社区', 'Dongduzhuang'],
  ['xigucheng', '西古城社区', 'Xigucheng'],
  ['beixincheng', '北新城社区', 'Beixincheng'],
  ['hongxing', '红星社区', 'Hongxing'],
  ['gongnong', '工农社区', 'Gongnong'],
  ['xinghe', '星河社区', 'Xinghe'],
  ['liyuan', '梨园社区', 'Liyuan'],
]

export const communities: Community[] = communityNames.map(([id, name, nameEn]) => ({ id, name, nameEn }))

/** Category-wide routing, then a few area rules where local practice differs. */
export const rules: RoutingRule[] = [
  { category: 'vehicle-scrape', lead: 'traffic-police', assisting: ['police'] },
  { category: 'road-flooding', lead: 'urban-management', assisting: ['emergency', 'housing'] },
  { category: 'street-vendor', lead: 'urban-management' },
  { category: 'garbage-burning', lead: 'environment', assisting: ['urban-management'] },
  { category: 'illegal-parking', lead: 'traffic-police' },
  { category: 'garbage-dumping', lead: 'urban-management', assisting: ['environment'] },
  { category: 'crowd-gathering', lead: 'police', assisting: ['governance'] },
  { category: 'fire-smoke', lead: 'emergency', assisting: ['police', 'environment'] },
  { category: 'road-damage', lead: 'housing', assisting: ['urban-management'] },
  // The market communities: vendors are a public-order matter there, police assist.
  { category: 'street-vendor', community: 'beidu', lead: 'urban-management', assisting: ['police', 'community'] },
  { category: 'street-vendor', community: 'xigucheng', lead: 'urban-management', assisting: ['police'] },
  // A low-lying grid that floods first: emergency leads, with a tighter limit.
  {
    category: 'road-flooding',
    community: 'yitang',
    grid: 'yitang-2',
    lead: 'emergency',
    assisting: ['urban-management', 'community'],
    limits: limits(5, 120),
  },
  { category: 'crowd-gathering', community: 'houtaibao', lead: 'governance', assisting: ['police', 'community'] },
]

/** The feed to the district case system: the reference case system on loopback in the demo. */
export function demoCaseFeed(): CaseFeedSettings {
  return {
    enabled: true,
    baseUrl: 'http://127.0.0.1:8311/open311/v2',
    apiKey: 'demo-case-key',
    jurisdictionId: 'xinhua.shijiazhuang',
    serviceCodes: {
      'vehicle-scrape': 'VS',
      'road-flooding': 'RF',
      'street-vendor': 'SV',
      'garbage-burning': 'GB',
      'illegal-parking': 'IP',
      'garbage-dumping': 'GD',
      'crowd-gathering': 'CG',
      'fire-smoke': 'FS',
      'road-damage': 'RD',
    },
    statusMap: {
      REOPEN: { stage: 'in-progress' },
      CLOSED: { stage: 'closed', closeReason: 'resolved' },
      DUPLICATE: { stage: 'closed', closeReason: 'duplicate' },
      NOT_COUNCILS_RESPONSIBILITY: { stage: 'closed', closeReason: 'not-responsible' },
      NO_FURTHER_ACTION: { stage: 'closed', closeReason: 'no-further-action' },
    },
    pollSeconds: 30,
    maxAttempts: 12,
  }
}
