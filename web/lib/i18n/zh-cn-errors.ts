/**
 * The Chinese text of every server error code (server/contracts/errors.ts), spread into zh-cn.ts: what
 * happened, in words a seat operator understands, and what to check. `{name}` is the code's parameter.
 */
import type { ErrorCode } from '../../../server/contracts/errors.ts'

export const zhCNErrors = {
  'error.auth.login-required': '请先登录',
  'error.auth.session-ended': '登录已失效，请重新登录',
  'error.auth.wrong-credentials': '用户名或密码错误',
  'error.auth.rate-limited': '登录尝试次数过多，请 {seconds} 秒后再试',
  'error.auth.forbidden-role': '您的角色（{role}）无权进行此操作，需要：{needed}',

  'error.request.invalid': '填写的内容有误：{field} 不符合要求（{problem}）',
  'error.request.malformed': '请求格式有误，服务器无法读取（{problem}）',
  'error.request.body-too-large': '提交的内容太大，请缩小文件后重试',
  'error.request.unsupported-media-type': '不支持这种内容类型，请检查上传的文件格式',
  'error.request.cross-site': '已拒绝来自其他网站（{origin}）的请求，请在本系统的页面内操作',
  'error.route.not-found': '服务器上没有这个地址（{method} {path}），请刷新页面，仍有问题请联系管理员',
  'error.web.not-built': '网页程序尚未构建，请联系管理员',
  'error.server.internal': '服务器内部错误，详情已记入服务器日志，请稍后重试或联系管理员',
  'error.server.stream-limit': '服务器转发的视频已达上限（{streams} 路），请关闭一些画面后重试',

  'error.account.username-taken': '用户名“{username}”已被使用',
  'error.account.last-admin': '不能停用最后一个有效的管理员账号',
  'error.account.admin-name-taken': '没有有效的管理员账号，且用户名 admin 已被占用：请先启用一个管理员账号',
  'error.account.unknown': '找不到用户“{username}”',

  'error.camera.unknown': '找不到摄像机“{camera}”，请核对摄像机编号或链接',
  'error.camera.no-ptz': '摄像机“{camera}”不支持云台控制',
  'error.camera.offline': '摄像机离线：摄像机有应答但没有视频，请检查摄像机的视频服务',
  'error.camera.auth-failed': '摄像机拒绝了用户名或密码：请核对配置的密码',
  'error.camera.unreachable': '摄像机无法连接：请检查网络线路和摄像机供电',
  'error.camera.closed-connection': '摄像机断开了连接：设备可能正在重启，系统会自动重试',

  'error.stream.unknown-quality': '没有“{quality}”码流，请选择主码流或子码流',
  'error.stream.stopped': '视频流已停止，正在重新连接',
  'error.stream.not-started': '视频流尚未启动，请重新打开画面',
  'error.stream.segment-gone': '视频片段 {name} 已过期，正在追上直播',
  'error.stream.not-live': '{seconds} 秒内没有收到摄像机的视频，正在重试',
  'error.stream.stalled': '摄像机已有 {seconds} 秒没有发送视频，正在重新连接',
  'error.stream.ended': '视频在 {seconds} 秒后中断：摄像机可能已离线或正在重启，系统会自动重试',
  'error.stream.transcode-limit': '摄像机发送的是 {codec} 编码，需要转码，但服务器转码路数已达上限',
  'error.stream.unavailable': '暂时无法获取这路摄像机的视频，系统会自动重试',

  'error.incident.unknown': '找不到事件 {id}（可能不存在，或不属于您的部门）',
  'error.incident.file-unknown': '该事件没有文件“{name}”',
  'error.incident.stale-version': '事件 {incident} 在您打开后已被他人修改，请刷新后重试',
  'error.incident.changed-concurrently': '事件 {incident} 刚刚被他人同时修改，请刷新后重试',
  'error.incident.wrong-stage': '事件当前为“{stage}”，不能执行“{action}”',
  'error.incident.forbidden-role': '您的角色（{role}）不能执行“{action}”',
  'error.incident.lead-department-only': '只有主办部门可以执行“{action}”',
  'error.incident.not-lead-department': '该事件不由您的部门主办，不能执行“{action}”',
  'error.incident.missing-field': '执行“{action}”需要填写：{field}',
  'error.incident.merge-target-invalid': '不能并入事件 {into}，请选择其他事件',
  'error.incident.lead-and-assist': '部门“{department}”不能同时主办和协办',
  'error.incident.wall-read-only': '大屏账号只能查看，不能添加进展',
  'error.incident.photo-missing': '请上传 JPEG 或 PNG 格式的照片',
  'error.incident.photo-not-image': '上传的文件不是有效的 {type} 图片',
  'error.category.unknown': '未知的事件类别“{category}”',
  'error.department.unknown': '未知的部门“{department}”',

  'error.layout.unknown': '找不到布局 {id}（可能已被删除）',
  'error.layout.name-taken': '您已有名为“{name}”的布局',
  'error.layout.too-many-cameras': '该布局只有 {tiles} 个画面，却选择了 {cameras} 路摄像机',
  'error.tour.unknown': '找不到巡查任务 {id}（可能已被删除）',
  'error.tour.unknown-items': '巡查任务中有未知的点位或分组：{items}',
  'error.tour.duplicate-time': '定时巡查的每个时间只能设置一次',
  'error.tour-run.unknown': '找不到巡查记录 {id}',
  'error.tour-run.not-yours': '只有开始这次巡查的坐席员才能结束它',
  'error.tour-run.finished': '巡查记录 {id} 已经结束',
  'error.patrol-log.range-reversed': '开始时间必须早于结束时间',

  'error.case-feed.off': '案件推送未开启',
  'error.case-feed.outbox-item-unknown': '找不到已暂停的推送项 {id}',
  'error.open311-client.invalid': '接入方名称无效（{problem}）',
  'error.open311-client.unknown': '找不到有效的接入方“{name}”',

  // Parameter values the screens translate before filling them in (error-message.ts).
  'errorField.reason': '原因',
  'errorField.note': '处置结果说明',
  'errorField.lead': '主办部门',
  'errorField.into': '并入的事件',
  'errorField.closeReason': '结案原因',
  'errorParam.and': '、',
  'errorParam.or': '或',
} satisfies Record<`error.${ErrorCode}`, string> & Record<string, string>
