// @ts-check
/**
 * Vietnamese first, English one click away. The choice is remembered in localStorage.
 * Dates are shown dd/mm/yyyy in Asia/Ho_Chi_Minh whatever the browser's own zone and language.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LANG_KEY = 'follow-up.lang';

/** @typedef {'vi' | 'en'} Lang */

const vi = {
  'app.title': 'Theo dõi chỉ đạo và kiến nghị',
  'app.skip': 'Bỏ qua, đến nội dung chính',
  'app.loading': 'Đang tải…',
  'app.nav': 'Chính',
  'nav.overview': 'Tổng quan',
  'nav.items': 'Danh sách việc',
  'nav.myItems': 'Việc của đơn vị',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',
  'user.signOut': 'Đăng xuất',
  'user.signedInAs': 'Đang đăng nhập: {name}',

  'signIn.title': 'Đăng nhập',
  'signIn.intro':
    'Dán mã truy cập (token) do quản trị hệ thống cấp. Mã được giữ trong trình duyệt này, không gửi đi đâu khác ngoài máy chủ.',
  'signIn.token': 'Mã truy cập (token)',
  'signIn.remember': 'Ghi nhớ trên thiết bị này',
  'signIn.submit': 'Đăng nhập',
  'signIn.badToken': 'Mã truy cập không hợp lệ hoặc đã hết hạn.',
  'signIn.expired': 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  'signIn.demoTitle': 'Người dùng mẫu (máy chủ phát triển)',
  'signIn.demoWarning':
    'Máy chủ này tự sinh khóa ký (chưa đặt AUTH_SECRET) nên cho phép đăng nhập thử. Không dùng cấu hình này khi vận hành thật.',
  'signIn.cliHint':
    'Lấy mã bằng dòng lệnh: npm run cli -- token --role office --sub vp01 --name "Văn phòng"',

  'role.leader': 'Lãnh đạo UBND tỉnh',
  'role.office': 'Văn phòng UBND tỉnh',
  'role.unit': 'Đơn vị',
  'role.auditor': 'Kiểm tra, giám sát',
  'role.admin': 'Quản trị hệ thống',
  'admin.noItems':
    'Tài khoản quản trị quản lý đơn vị, nguồn và lịch làm việc qua API (/docs); không xem và không xử lý việc.',
  'calendar.bannerLabel': 'Cảnh báo về lịch ngày làm việc',
  'calendar.CALENDAR.YEAR_MISSING':
    'Chưa khai báo ngày nghỉ năm {year}: thời hạn tính theo ngày làm việc sang năm {year} sẽ chỉ trừ thứ Bảy, Chủ nhật.',
  'calendar.CALENDAR.UNCONFIRMED':
    'Ngày nghỉ năm {year} chưa được xác nhận theo văn bản công bố của năm: quản trị hệ thống cần đối chiếu và khai báo lại, ghi rõ số, ngày văn bản.',

  'kind.directive': 'Chỉ đạo',
  'kind.recommendation': 'Kiến nghị',
  'kind.all': 'Chỉ đạo và kiến nghị',
  'priority.key': 'Trọng tâm',
  'status.raised': 'Chưa giao',
  'status.assigned': 'Đã giao',
  'status.in-progress': 'Đang thực hiện',
  'status.awaiting-review': 'Chờ đánh giá',
  'status.resolved': 'Đã kết thúc',
  'status.cancelled': 'Đã hủy',
  'timeliness.on-time': 'Trong hạn',
  'timeliness.due-soon': 'Sắp đến hạn',
  'timeliness.overdue': 'Quá hạn',
  'timeliness.completed-on-time': 'Hoàn thành đúng hạn',
  'timeliness.completed-late': 'Hoàn thành quá hạn',
  'timeliness.no-deadline': 'Không thời hạn',
  'outcome.completed': 'Hoàn thành',
  'outcome.not-feasible': 'Không khả thi',
  'outcome.forwarded': 'Chuyển cơ quan khác',
  'outcome.duplicate': 'Trùng lặp',

  'col.unit': 'Đơn vị',
  'col.commune': 'Xã',
  'col.total': 'Tổng số',
  'col.completedOnTime': 'Hoàn thành đúng hạn',
  'col.completedLate': 'Hoàn thành quá hạn',
  'col.openOnTime': 'Đang thực hiện trong hạn',
  'col.dueSoon': 'Sắp đến hạn',
  'col.openOverdue': 'Quá hạn chưa hoàn thành',
  'col.noDeadline': 'Không thời hạn',
  'col.overdue1to30': 'Quá hạn 1–30 ngày',
  'col.overdue31to90': 'Quá hạn 31–90 ngày',
  'col.overdueOver90': 'Quá hạn trên 90 ngày',
  'col.extended': 'Đã gia hạn',

  'overview.title': 'Tình hình thực hiện',
  'overview.groupBy': 'Xem theo',
  'overview.groupBy.lead-unit': 'Đơn vị chủ trì',
  'overview.groupBy.commune': 'Xã (địa bàn)',
  'overview.kind': 'Loại việc',
  'overview.asOf': 'Số liệu đến hết ngày (dd/mm/yyyy)',
  'overview.asOfApply': 'Xem',
  'overview.today': 'Hôm nay',
  'overview.endOfLastMonth': 'Cuối tháng trước',
  'overview.endOfLastQuarter': 'Cuối quý trước',
  'overview.basis': 'Cách tính',
  'overview.basis.effective': 'Theo thời điểm thực tế',
  'overview.basis.effectiveHint': 'những việc đã diễn ra đến ngày này, theo dữ liệu hiện nay',
  'overview.basis.recorded': 'Theo dữ liệu đã ghi nhận khi đó',
  'overview.basis.recordedHint': 'đúng như hệ thống hiển thị vào ngày này',
  'overview.subtitle': 'Số liệu tính đến {asOf} · {basis}',
  'overview.now': 'thời điểm hiện tại',
  'overview.totals': 'Toàn tỉnh',
  'overview.chart': 'Biểu đồ',
  'overview.chartLabel':
    'Biểu đồ cột chồng: số việc hoàn thành đúng hạn, hoàn thành quá hạn, đang trong hạn, sắp đến hạn và quá hạn của từng đơn vị. Số liệu chi tiết ở bảng bên dưới.',
  'overview.table': 'Bảng số liệu',
  'overview.tableCaption':
    'Số việc theo tình trạng thời hạn; bấm tiêu đề cột để sắp xếp, bấm tên để xem danh sách việc.',
  'overview.sortBy': 'Sắp xếp theo {column}',
  'overview.noRows': 'Không có việc nào trong báo cáo.',
  'overview.unassigned': 'Chưa giao đơn vị chủ trì',
  'overview.noCommune': 'Không gắn với xã',
  'overview.invalidDate': 'Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.',
  'overview.futureDate': 'Không xem được số liệu của ngày trong tương lai.',
  'overview.byCommuneNote':
    'Một việc liên quan nhiều xã được tính ở mỗi xã; dòng Toàn tỉnh tính mỗi việc một lần.',

  'rate.onTime': 'Tỷ lệ hoàn thành đúng hạn',
  'rate.onTimeFormula': 'Hoàn thành đúng hạn ÷ (Hoàn thành đúng hạn + Hoàn thành quá hạn)',
  'rate.overdue': 'Tỷ lệ quá hạn',
  'rate.overdueFormula':
    'Quá hạn chưa hoàn thành ÷ số việc chưa hoàn thành có thời hạn (trong hạn + sắp đến hạn + quá hạn)',
  'rate.completed': 'Tỷ lệ đã hoàn thành',
  'rate.completedFormula':
    '(Hoàn thành đúng hạn + Hoàn thành quá hạn) ÷ số việc có thời hạn (Tổng số − Không thời hạn)',
  'rate.none': 'chưa có',
  'rate.fraction': '{num} / {den}',

  'list.title.all': 'Tất cả việc',
  'list.title.mine': 'Việc của {unit}',
  'list.title.lead': 'Việc do {unit} chủ trì',
  'list.title.commune': 'Việc liên quan {unit}',
  'list.title.unassigned': 'Việc chưa giao đơn vị chủ trì',
  'list.filters': 'Lọc danh sách',
  'list.status': 'Trạng thái',
  'list.timeliness': 'Thời hạn',
  'list.kind': 'Loại',
  'list.q': 'Tìm trong tiêu đề, nội dung',
  'list.any': 'Tất cả',
  'list.apply': 'Lọc',
  'list.count': '{total} việc',
  'list.page': 'Trang {page}/{pages}',
  'list.prev': 'Trang trước',
  'list.next': 'Trang sau',
  'list.empty': 'Không có việc nào.',
  'list.nowNote': 'Danh sách thể hiện tình trạng tại thời điểm hiện tại.',
  'list.col.title': 'Nội dung',
  'list.col.lead': 'Chủ trì',
  'list.col.status': 'Trạng thái',
  'list.col.timeliness': 'Thời hạn',
  'list.col.due': 'Hạn hiện tại',
  'list.col.daysOverdue': 'Số ngày quá hạn',
  'list.back': 'Về tổng quan',

  'item.back': 'Quay lại danh sách',
  'item.details': 'Thông tin',
  'item.kind': 'Loại',
  'item.status': 'Trạng thái',
  'item.timeliness': 'Thời hạn',
  'item.lead': 'Đơn vị chủ trì',
  'item.supporting': 'Đơn vị phối hợp',
  'item.origin': 'Đơn vị kiến nghị',
  'item.communes': 'Địa bàn',
  'item.source': 'Nguồn',
  'item.topic': 'Lĩnh vực',
  'item.description': 'Nội dung chi tiết',
  'item.raisedAt': 'Ngày tiếp nhận',
  'item.assignedAt': 'Ngày giao',
  'item.originalDeadline': 'Hạn ban đầu',
  'item.currentDeadline': 'Hạn hiện tại',
  'item.extensions': 'Gia hạn',
  'item.extensionLine': 'Đề nghị {proposed} ({requestedAt}): {decision}',
  'item.extensionApproved': 'đồng ý đến {date}',
  'item.extensionRejected': 'không đồng ý',
  'item.extensionPendingShort': 'chờ quyết định',
  'item.pendingExtension': 'Đề nghị gia hạn đang chờ',
  'item.pendingLine': 'Đến {date} — lý do: {reason}',
  'item.daysOverdue': 'Quá hạn {days} ngày',
  'item.completedAt': 'Ngày hoàn thành',
  'item.resolvedAt': 'Ngày kết thúc',
  'item.outcome': 'Kết quả',
  'item.answer': 'Trả lời',
  'item.answerOnTheSpot': '(trả lời tại hội nghị)',
  'item.progress': 'Tiến độ gần nhất',
  'item.none': '—',
  'item.noDeadline': 'Không thời hạn',
  'item.actions': 'Xử lý',
  'item.history': 'Diễn biến',
  'item.historyEmpty': 'Chưa có diễn biến.',
  'item.recordedAt': 'ghi nhận lúc {time}',
  'item.by': '{actor}',
  'item.revisionChanged': 'Việc vừa được cập nhật. Đã tải lại thông tin mới nhất.',

  'event.ItemRaised': 'Tiếp nhận',
  'event.ItemAssigned': 'Giao việc',
  'event.ItemAcknowledged': 'Đơn vị tiếp nhận',
  'event.ItemReturned': 'Đơn vị trả lại',
  'event.ProgressReported': 'Báo cáo tiến độ',
  'event.ExtensionRequested': 'Đề nghị gia hạn',
  'event.ExtensionDecided': 'Quyết định gia hạn',
  'event.RecommendationAnswered': 'Trả lời kiến nghị',
  'event.CompletionReported': 'Báo cáo hoàn thành',
  'event.ItemReviewed': 'Đánh giá kết quả',
  'event.ItemResolved': 'Kết thúc',
  'event.ItemReopened': 'Mở lại',
  'event.ItemCancelled': 'Hủy',
  'event.reassigned': 'Giao lại',
  'field.leadUnit': 'Chủ trì',
  'field.previousLeadUnit': 'Chủ trì trước',
  'field.supportingUnits': 'Phối hợp',
  'field.dueDate': 'Hạn',
  'field.deadline': 'Thời hạn',
  'field.note': 'Ghi chú',
  'field.reason': 'Lý do',
  'field.percent': 'Tiến độ (%)',
  'field.proposedDueDate': 'Hạn đề nghị',
  'field.currentDueDate': 'Hạn hiện tại',
  'field.previousDueDate': 'Hạn trước đó',
  'field.approved': 'Quyết định',
  'field.response': 'Nội dung trả lời',
  'field.onTheSpot': 'Trả lời tại hội nghị',
  'field.documentRef': 'Số văn bản',
  'field.summary': 'Kết quả thực hiện',
  'field.verdict': 'Đánh giá',
  'field.comment': 'Nhận xét',
  'field.outcome': 'Kết quả',
  'field.title': 'Tiêu đề',
  'field.kind': 'Loại',
  'field.communes': 'Địa bàn',
  'field.originUnit': 'Đơn vị kiến nghị',
  'field.topic': 'Lĩnh vực',
  'field.priority': 'Mức độ',
  'field.description': 'Nội dung',
  'field.requestedDeadline': 'Thời hạn đề nghị',
  'field.completedAt': 'Hoàn thành lúc',
  'field.sourceId': 'Nguồn',
  yes: 'Có',
  no: 'Không',
  'verdict.accept': 'Chấp nhận kết quả',
  'verdict.return': 'Yêu cầu làm tiếp',
  'decision.approve': 'Đồng ý gia hạn',
  'decision.reject': 'Không đồng ý',
  'deadline.date': 'Đến ngày {date}',
  'deadline.working-days': '{days} ngày làm việc',
  'deadline.calendar-days': '{days} ngày',
  'deadline.none': 'Không thời hạn',

  'action.assign': 'Giao việc',
  'action.reassign': 'Giao lại',
  'action.acknowledge': 'Tiếp nhận',
  'action.return': 'Trả lại (không đúng thẩm quyền)',
  'action.progress': 'Báo cáo tiến độ',
  'action.extension-request': 'Đề nghị gia hạn',
  'action.extension-decision': 'Quyết định gia hạn',
  'action.answer': 'Trả lời kiến nghị',
  'action.complete': 'Báo cáo hoàn thành',
  'action.review': 'Đánh giá kết quả',
  'action.resolve': 'Kết thúc việc',
  'action.reopen': 'Mở lại',
  'action.cancel': 'Hủy (thu hồi)',
  'action.submit': 'Gửi',
  'action.sending': 'Đang gửi…',
  'action.done': 'Đã ghi nhận: {action}.',
  'action.none': 'Tài khoản này không có thao tác nào trên việc này ở trạng thái hiện tại.',
  'unitKind.department': 'Sở, ban, ngành',
  'unitKind.commune': 'Xã, phường',
  'unitKind.agency': 'Cơ quan, đơn vị khác',
  'form.leadUnit': 'Đơn vị chủ trì',
  'form.chooseUnit': '— Chọn đơn vị —',
  'form.supportingUnits': 'Đơn vị phối hợp',
  'form.deadlineType': 'Thời hạn',
  'form.deadline.keep': 'Giữ thời hạn hiện tại / đã đề nghị',
  'form.deadline.date': 'Đến ngày',
  'form.deadline.working-days': 'Số ngày làm việc',
  'form.deadline.calendar-days': 'Số ngày',
  'form.deadline.none': 'Không thời hạn',
  'form.date': 'Ngày (dd/mm/yyyy)',
  'form.days': 'Số ngày',
  'form.note': 'Ghi chú',
  'form.reason': 'Lý do',
  'form.percent': 'Tiến độ (%)',
  'form.proposedDueDate': 'Đề nghị gia hạn đến ngày (dd/mm/yyyy)',
  'form.decision': 'Quyết định',
  'form.dueDate': 'Gia hạn đến ngày (dd/mm/yyyy, bỏ trống = theo đề nghị)',
  'form.response': 'Nội dung trả lời',
  'form.onTheSpot': 'Đã trả lời tại hội nghị',
  'form.documentRef': 'Số, ký hiệu văn bản',
  'form.summary': 'Kết quả thực hiện',
  'form.verdict': 'Đánh giá',
  'form.comment': 'Nhận xét',
  'form.outcome': 'Kết quả',
  'form.badDate': 'Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.',

  'error.title': 'Không thực hiện được',
  'error.network': 'Không kết nối được máy chủ. Vui lòng thử lại.',
  'error.forbidden': 'Tài khoản này không được xem nội dung này.',
  'error.notFound': 'Không tìm thấy.',
  'error.retry': 'Thử lại',
  'error.field': '{field}: {message}',
  'problem.CONCURRENCY':
    'Việc vừa được cập nhật sau khi bạn mở trang. Bấm “Thử lại” để xem bản mới nhất rồi thao tác lại.',
  'problem.ITEM.ILLEGAL_TRANSITION':
    'Không thực hiện được thao tác này ở trạng thái hiện tại của việc.',
  'problem.VALIDATION': 'Thông tin nhập chưa hợp lệ.',
  'problem.AUTH.FORBIDDEN': 'Tài khoản này không có quyền thực hiện việc này.',
  'problem.ITEM.NOT_FOUND': 'Không tìm thấy việc này.',
  'problem.ITEM.EXTENSION_NOT_LATER': 'Hạn mới phải sau hạn hiện tại.',
  'problem.IDEMPOTENCY.KEY_REUSED':
    'Yêu cầu này đã được gửi với nội dung khác. Vui lòng tải lại trang.',
  'problem.STORE.UNAVAILABLE':
    'Máy chủ tạm thời không truy cập được dữ liệu. Vui lòng thử lại sau ít phút.',
};

/** @type {Record<keyof typeof vi, string>} */
const en = {
  'app.title': 'Directives and recommendations follow-up',
  'app.skip': 'Skip to main content',
  'app.loading': 'Loading…',
  'app.nav': 'Main',
  'nav.overview': 'Overview',
  'nav.items': 'Items',
  'nav.myItems': "My unit's items",
  'lang.switch': 'Tiếng Việt',
  'lang.switchLabel': 'Chuyển sang tiếng Việt',
  'user.signOut': 'Sign out',
  'user.signedInAs': 'Signed in: {name}',

  'signIn.title': 'Sign in',
  'signIn.intro':
    'Paste the access token your administrator gave you. It is kept in this browser and sent only to this server.',
  'signIn.token': 'Access token',
  'signIn.remember': 'Remember on this device',
  'signIn.submit': 'Sign in',
  'signIn.badToken': 'The token is invalid or expired.',
  'signIn.expired': 'Your session has expired. Please sign in again.',
  'signIn.demoTitle': 'Demo users (development server)',
  'signIn.demoWarning':
    'This server generated its own signing secret (AUTH_SECRET is not set), so anyone may sign in as a demo user. Never run like this in production.',
  'signIn.cliHint':
    'Get a token on the command line: npm run cli -- token --role office --sub vp01 --name "Office"',

  'role.leader': 'Provincial leadership',
  'role.office': 'Provincial office',
  'role.unit': 'Unit',
  'role.auditor': 'Auditor',
  'role.admin': 'Administrator',
  'admin.noItems':
    'Administrators manage units, sources and the calendar through the API (/docs); they neither see nor handle items.',
  'calendar.bannerLabel': 'Working-day calendar warnings',
  'calendar.CALENDAR.YEAR_MISSING':
    'No holidays are declared for {year}: working-day deadlines that run into {year} will only skip Saturdays and Sundays.',
  'calendar.CALENDAR.UNCONFIRMED':
    "The holidays of {year} are not confirmed against the year's decision: the administrator should check them and declare them again with the decision's reference.",

  'kind.directive': 'Directive',
  'kind.recommendation': 'Recommendation',
  'kind.all': 'Directives and recommendations',
  'priority.key': 'Key',
  'status.raised': 'Not yet assigned',
  'status.assigned': 'Assigned',
  'status.in-progress': 'In progress',
  'status.awaiting-review': 'Awaiting review',
  'status.resolved': 'Resolved',
  'status.cancelled': 'Cancelled',
  'timeliness.on-time': 'On time',
  'timeliness.due-soon': 'Due soon',
  'timeliness.overdue': 'Overdue',
  'timeliness.completed-on-time': 'Completed on time',
  'timeliness.completed-late': 'Completed late',
  'timeliness.no-deadline': 'No deadline',
  'outcome.completed': 'Completed',
  'outcome.not-feasible': 'Not feasible',
  'outcome.forwarded': 'Forwarded',
  'outcome.duplicate': 'Duplicate',

  'col.unit': 'Unit',
  'col.commune': 'Commune',
  'col.total': 'Total',
  'col.completedOnTime': 'Completed on time',
  'col.completedLate': 'Completed late',
  'col.openOnTime': 'Open, on time',
  'col.dueSoon': 'Due soon',
  'col.openOverdue': 'Open, overdue',
  'col.noDeadline': 'No deadline',
  'col.overdue1to30': 'Overdue 1–30 days',
  'col.overdue31to90': 'Overdue 31–90 days',
  'col.overdueOver90': 'Overdue over 90 days',
  'col.extended': 'Extended',

  'overview.title': 'Where things stand',
  'overview.groupBy': 'Group by',
  'overview.groupBy.lead-unit': 'Lead unit',
  'overview.groupBy.commune': 'Commune',
  'overview.kind': 'Kind',
  'overview.asOf': 'As of the end of (dd/mm/yyyy)',
  'overview.asOfApply': 'Show',
  'overview.today': 'Today',
  'overview.endOfLastMonth': 'End of last month',
  'overview.endOfLastQuarter': 'End of last quarter',
  'overview.basis': 'Basis',
  'overview.basis.effective': 'What was true then',
  'overview.basis.effectiveHint': 'acts that happened by that day, as known today',
  'overview.basis.recorded': 'What the system showed then',
  'overview.basis.recordedHint': 'only what had been recorded by that day',
  'overview.subtitle': 'As of {asOf} · {basis}',
  'overview.now': 'now',
  'overview.totals': 'Province',
  'overview.chart': 'Chart',
  'overview.chartLabel':
    'Stacked bar chart: items completed on time, completed late, open on time, due soon and overdue, per unit. The table below has the figures.',
  'overview.table': 'Figures',
  'overview.tableCaption':
    'Items by timeliness; select a column heading to sort, a name to see its items.',
  'overview.sortBy': 'Sort by {column}',
  'overview.noRows': 'No items in this report.',
  'overview.unassigned': 'Not yet assigned',
  'overview.noCommune': 'No commune',
  'overview.invalidDate': 'Not a valid date; use dd/mm/yyyy.',
  'overview.futureDate': 'A date in the future cannot be reported on.',
  'overview.byCommuneNote':
    'An item that concerns several communes counts in each of them; the Province row counts each item once.',

  'rate.onTime': 'On-time completion rate',
  'rate.onTimeFormula': 'completed on time ÷ (completed on time + completed late)',
  'rate.overdue': 'Overdue rate',
  'rate.overdueFormula': 'open overdue ÷ open items with a deadline (on time + due soon + overdue)',
  'rate.completed': 'Completion rate',
  'rate.completedFormula':
    '(completed on time + completed late) ÷ items with a deadline (total − no deadline)',
  'rate.none': 'n/a',
  'rate.fraction': '{num} / {den}',

  'list.title.all': 'All items',
  'list.title.mine': 'Items of {unit}',
  'list.title.lead': 'Items led by {unit}',
  'list.title.commune': 'Items concerning {unit}',
  'list.title.unassigned': 'Items not yet assigned',
  'list.filters': 'Filter the list',
  'list.status': 'Status',
  'list.timeliness': 'Timeliness',
  'list.kind': 'Kind',
  'list.q': 'Search title and description',
  'list.any': 'All',
  'list.apply': 'Filter',
  'list.count': '{total} items',
  'list.page': 'Page {page} of {pages}',
  'list.prev': 'Previous page',
  'list.next': 'Next page',
  'list.empty': 'No items.',
  'list.nowNote': 'The list shows the situation now.',
  'list.col.title': 'Item',
  'list.col.lead': 'Lead',
  'list.col.status': 'Status',
  'list.col.timeliness': 'Timeliness',
  'list.col.due': 'Current deadline',
  'list.col.daysOverdue': 'Days overdue',
  'list.back': 'Back to the overview',

  'item.back': 'Back to the list',
  'item.details': 'Details',
  'item.kind': 'Kind',
  'item.status': 'Status',
  'item.timeliness': 'Timeliness',
  'item.lead': 'Lead unit',
  'item.supporting': 'Supporting units',
  'item.origin': 'Raised by',
  'item.communes': 'Communes',
  'item.source': 'Source',
  'item.topic': 'Topic',
  'item.description': 'Description',
  'item.raisedAt': 'Raised',
  'item.assignedAt': 'Assigned',
  'item.originalDeadline': 'Original deadline',
  'item.currentDeadline': 'Current deadline',
  'item.extensions': 'Extensions',
  'item.extensionLine': 'Asked for {proposed} ({requestedAt}): {decision}',
  'item.extensionApproved': 'approved to {date}',
  'item.extensionRejected': 'refused',
  'item.extensionPendingShort': 'awaiting a decision',
  'item.pendingExtension': 'Extension awaiting a decision',
  'item.pendingLine': 'To {date} — reason: {reason}',
  'item.daysOverdue': '{days} days overdue',
  'item.completedAt': 'Completed',
  'item.resolvedAt': 'Resolved',
  'item.outcome': 'Outcome',
  'item.answer': 'Answer',
  'item.answerOnTheSpot': '(answered at the session)',
  'item.progress': 'Latest progress',
  'item.none': '—',
  'item.noDeadline': 'No deadline',
  'item.actions': 'Actions',
  'item.history': 'Timeline',
  'item.historyEmpty': 'Nothing yet.',
  'item.recordedAt': 'recorded {time}',
  'item.by': '{actor}',
  'item.revisionChanged': 'The item has just changed. The latest version is shown.',

  'event.ItemRaised': 'Raised',
  'event.ItemAssigned': 'Assigned',
  'event.ItemAcknowledged': 'Acknowledged',
  'event.ItemReturned': 'Returned by the unit',
  'event.ProgressReported': 'Progress reported',
  'event.ExtensionRequested': 'Extension requested',
  'event.ExtensionDecided': 'Extension decided',
  'event.RecommendationAnswered': 'Answered',
  'event.CompletionReported': 'Completion reported',
  'event.ItemReviewed': 'Reviewed',
  'event.ItemResolved': 'Resolved',
  'event.ItemReopened': 'Reopened',
  'event.ItemCancelled': 'Cancelled',
  'event.reassigned': 'Reassigned',
  'field.leadUnit': 'Lead',
  'field.previousLeadUnit': 'Previous lead',
  'field.supportingUnits': 'Supporting',
  'field.dueDate': 'Due',
  'field.deadline': 'Deadline',
  'field.note': 'Note',
  'field.reason': 'Reason',
  'field.percent': 'Progress (%)',
  'field.proposedDueDate': 'Proposed due date',
  'field.currentDueDate': 'Current due date',
  'field.previousDueDate': 'Previous due date',
  'field.approved': 'Decision',
  'field.response': 'Response',
  'field.onTheSpot': 'Answered at the session',
  'field.documentRef': 'Document',
  'field.summary': 'Summary',
  'field.verdict': 'Verdict',
  'field.comment': 'Comment',
  'field.outcome': 'Outcome',
  'field.title': 'Title',
  'field.kind': 'Kind',
  'field.communes': 'Communes',
  'field.originUnit': 'Raised by',
  'field.topic': 'Topic',
  'field.priority': 'Priority',
  'field.description': 'Description',
  'field.requestedDeadline': 'Requested deadline',
  'field.completedAt': 'Completed at',
  'field.sourceId': 'Source',
  yes: 'Yes',
  no: 'No',
  'verdict.accept': 'Accept',
  'verdict.return': 'Send back',
  'decision.approve': 'Approve',
  'decision.reject': 'Refuse',
  'deadline.date': 'By {date}',
  'deadline.working-days': '{days} working days',
  'deadline.calendar-days': '{days} days',
  'deadline.none': 'No deadline',

  'action.assign': 'Assign',
  'action.reassign': 'Reassign',
  'action.acknowledge': 'Acknowledge',
  'action.return': 'Return (wrong competence)',
  'action.progress': 'Report progress',
  'action.extension-request': 'Request an extension',
  'action.extension-decision': 'Decide the extension',
  'action.answer': 'Answer the recommendation',
  'action.complete': 'Report completion',
  'action.review': 'Review the completion',
  'action.resolve': 'Resolve',
  'action.reopen': 'Reopen',
  'action.cancel': 'Cancel (withdraw)',
  'action.submit': 'Send',
  'action.sending': 'Sending…',
  'action.done': 'Recorded: {action}.',
  'action.none': 'You have no action on this item in its current state.',
  'unitKind.department': 'Departments',
  'unitKind.commune': 'Communes',
  'unitKind.agency': 'Other agencies',
  'form.leadUnit': 'Lead unit',
  'form.chooseUnit': '— Choose a unit —',
  'form.supportingUnits': 'Supporting units',
  'form.deadlineType': 'Deadline',
  'form.deadline.keep': 'Keep the current / requested deadline',
  'form.deadline.date': 'By a date',
  'form.deadline.working-days': 'Working days',
  'form.deadline.calendar-days': 'Calendar days',
  'form.deadline.none': 'No deadline',
  'form.date': 'Date (dd/mm/yyyy)',
  'form.days': 'Days',
  'form.note': 'Note',
  'form.reason': 'Reason',
  'form.percent': 'Progress (%)',
  'form.proposedDueDate': 'Extend to (dd/mm/yyyy)',
  'form.decision': 'Decision',
  'form.dueDate': 'Extend to (dd/mm/yyyy; empty = as requested)',
  'form.response': 'Response',
  'form.onTheSpot': 'Answered at the session',
  'form.documentRef': 'Document reference',
  'form.summary': 'What was done',
  'form.verdict': 'Verdict',
  'form.comment': 'Comment',
  'form.outcome': 'Outcome',
  'form.badDate': 'Not a valid date; use dd/mm/yyyy.',

  'error.title': 'Could not do that',
  'error.network': 'The server cannot be reached. Please try again.',
  'error.forbidden': 'This account may not see this.',
  'error.notFound': 'Not found.',
  'error.retry': 'Try again',
  'error.field': '{field}: {message}',
  'problem.CONCURRENCY':
    'Someone changed this item after you opened the page. Select “Try again” to see the latest version, then act again.',
  'problem.ITEM.ILLEGAL_TRANSITION': 'This act is not possible in the item’s current state.',
  'problem.VALIDATION': 'Some of the input is not valid.',
  'problem.AUTH.FORBIDDEN': 'This account may not do this.',
  'problem.ITEM.NOT_FOUND': 'This item does not exist.',
  'problem.ITEM.EXTENSION_NOT_LATER': 'The new deadline must be after the current one.',
  'problem.IDEMPOTENCY.KEY_REUSED':
    'This request was already sent with other content. Please reload the page.',
  'problem.STORE.UNAVAILABLE':
    'The server cannot reach its data right now. Please try again in a few minutes.',
};

/** @typedef {keyof typeof vi} MessageKey */

const MESSAGES = { vi, en };

/** @type {Lang} */
let current = readLang();

/** @returns {Lang} */
function readLang() {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** @returns {Lang} */
export function lang() {
  return current;
}

/** @param {Lang} next */
export function setLang(next) {
  current = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
}

/**
 * The message for `key`, with `{name}` placeholders filled. Unknown keys show the key itself, so a
 * missing translation is visible rather than blank.
 * @param {string} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars = {}) {
  const table = /** @type {Record<string, string>} */ (MESSAGES[current]);
  const text = table[key] ?? /** @type {Record<string, string>} */ (vi)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Whether a message exists for `key` (for labels of values the server may add later). */
export function has(/** @type {string} */ key) {
  return key in MESSAGES[current];
}

/** @param {string} key @param {string} fallback */
export function tOr(key, fallback) {
  return has(key) ? t(key) : fallback;
}

function locale() {
  return current === 'vi' ? 'vi-VN' : 'en-GB';
}

/** @param {number} n */
export function formatNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}

/** @param {number} ratio between 0 and 1 */
export function formatPercent(ratio) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(
    ratio,
  );
}

/**
 * A `YYYY-MM-DD` local date as dd/mm/yyyy. It is already an Asia/Ho_Chi_Minh day, so no time zone
 * arithmetic happens here.
 * @param {string | null | undefined} date
 */
export function formatDate(date) {
  if (!date) return t('item.none');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
}

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** @param {Date} date @returns {Record<string, string>} */
function partsOf(date) {
  return Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
}

/**
 * An ISO instant as dd/mm/yyyy HH:mm in Asia/Ho_Chi_Minh.
 * @param {string | null | undefined} iso
 */
export function formatDateTime(iso) {
  if (!iso) return t('item.none');
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(date);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** The Asia/Ho_Chi_Minh day of an instant, as `YYYY-MM-DD`. */
export function localDateOf(/** @type {Date} */ date) {
  const p = partsOf(date);
  return `${p.year}-${p.month}-${p.day}`;
}

export function today() {
  return localDateOf(new Date());
}

/**
 * Reads dd/mm/yyyy (also d/m/yyyy, with / . or - between) into `YYYY-MM-DD`; null when it is not
 * a real calendar date.
 * @param {string} text
 */
export function parseDmy(text) {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from local date `from` to local date `to` (both `YYYY-MM-DD`). */
export function daysBetween(/** @type {string} */ from, /** @type {string} */ to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
