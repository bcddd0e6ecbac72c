/**
 * The Chinese dictionary: the source of every message key. Keys are flat and dotted by screen; values may
 * hold `{name}` placeholders that `t(key, params)` fills in.
 */
export const zhCN = {
  'app.name': '雪亮工程 · 视频巡查调度台',
  'app.loading': '正在加载…',

  'language.label': '语言',
  'language.zh-CN': '中文',
  'language.en': 'English',

  'login.title': '用户登录',
  'login.subtitle': '请使用分配给您的账号登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.pending': '正在登录…',
  'login.missingFields': '请输入用户名和密码',
  'login.failed': '登录失败，请稍后重试',

  'role.admin': '系统管理员',
  'role.supervisor': '督办领导',
  'role.operator': '坐席员',
  'role.department': '部门用户',
  'role.wall': '大屏',

  'topbar.logout': '退出登录',
  'topbar.user': '当前用户 {name}（{role}）',

  'cameras.title': '监控点位',
  'cameras.groupBy': '分组方式',
  'cameras.groupBy.category': '按类别',
  'cameras.groupBy.community': '按社区',
  'cameras.search': '搜索名称或编号',
  'cameras.searchHint': '按 / 搜索，↑ ↓ 选择',
  'cameras.count': '{count} 路',
  'cameras.shown': '显示 {shown} / {total} 路',
  'cameras.noMatch': '没有名称或编号包含“{query}”的摄像头',
  'cameras.none': '尚未配置摄像头',
  'cameras.loading': '正在加载摄像头…',
  'cameras.retry': '重试',
  'cameras.collapse': '收起 {group}',
  'cameras.expand': '展开 {group}',
  'cameras.group.uncategorized': '未分类',
  'cameras.group.unknownCategory': '未知类别（{id}）',
  'cameras.group.unknownCommunity': '未知社区（{id}）',
  'cameras.group.unknownGrid': '未知网格（{id}）',

  'status.online': '在线',
  'status.offline': '离线',
  'status.auth-failed': '认证失败',
  'status.unreachable': '不可达',
  'status.unknown': '未检测',

  'details.empty': '请从左侧列表选择一路摄像头查看详情',
  'details.id': '编号',
  'details.categories': '类别',
  'details.community': '社区',
  'details.grid': '网格',
  'details.location': '位置',
  'details.locationValue': '纬度 {lat}，经度 {lng}',
  'details.ptz': '云台控制',
  'details.ptz.yes': '支持',
  'details.ptz.no': '不支持',
  'details.source': '接入方式',
  'details.source.onvif': 'ONVIF',
  'details.source.rtsp': 'RTSP',
  'details.source.rtmp-push': 'RTMP 推流',
  'details.status': '状态',
  'details.statusSince': '状态更新于',
  'details.never': '—',

  'notice.dismiss': '关闭提示',

  'errors.network': '无法连接服务器，请检查网络后重试',
  'errors.unexpected': '操作失败，请稍后重试',
  'errors.sessionEnded': '登录已失效，请重新登录',
  'errors.loadCameras': '加载摄像头列表失败',
  'errors.logout': '退出登录失败',
} as const

export type MessageKey = keyof typeof zhCN
