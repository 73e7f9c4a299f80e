# myna-kiosk: 简体中文。键和占位符与 ja/main.ftl 相同（`cargo test` 会检查）。

## Common
app-title = 接待 – 个人编号卡（マイナンバーカード）
call-staff = 呼叫工作人员
call-staff-confirm-title = 要呼叫工作人员吗？
call-staff-confirm-detail = 在这里的受理将会结束。如需继续，请点击“继续受理”。
call-staff-confirm-back = 继续受理
back = 返回
ok = 确定
see-staff = 请咨询接待处的工作人员。
staff-coming = 工作人员正在赶来。
language-label = 语言
out-of-service = 本机暂停使用
date = { $year }年{ $month }月{ $day }日

## Idle
idle-title = 请放上您的个人编号卡（マイナンバーカード）
idle-hint = 请将有照片的一面朝上，放在读卡器上。
idle-hint-case = 请先将卡从卡套中取出。

## Working
working-title = 正在确认
working-hint = 请不要移开卡片，稍等片刻。

## Identity method
method-title = 请选择本人确认的方式
method-face = 人脸识别
method-face-needs-code = 使用人脸识别时，需要输入卡片正面的数字（出生日期、有效期年份、安全码）。
method-pin = 密码（4位数字，暗証番号）
method-tries-left = 还剩{ $tries }次
method-face-unavailable = 本机无法使用人脸识别。
method-pin-unavailable = 密码已被锁定或尚未设置，无法使用。

## PIN
pin-title = 请输入4位数字密码（暗証番号）
pin-tries-left = 您还可以输入{ $tries }次。
pin-tries-unknown = 连续输错3次，密码将被锁定。
pin-privacy = 密码不会显示在屏幕上，也不会被保存。
pin-clear = 全部删除
pin-delete = 删除一位
pin-submit = 确定

## iPhone
phone-title = 请在您的iPhone上确认
phone-hint = 请按照iPhone屏幕上的提示，用面容ID或触控ID进行确认。完成之前，请将iPhone一直放在读卡器上。
phone-asking = 正在请求您的iPhone确认…
phone-countdown = 剩余时间：{ $seconds }秒
phone-cancel = 取消

## Last try
last-try-title = 密码只剩最后1次输入机会
last-try-body = 如果再次输错，密码将被锁定，需要到您居住地的市区町村窗口重新设置。
last-try-face = 改用人脸识别
last-try-confirm = 我确定密码正确，继续输入

## Consent
consent-title = 您是否同意提供医疗信息？
consent-body = 本医疗机构将可以查看您过去的诊疗、用药、手术和体检信息。
consent-no-effect = 即使不同意，您接受的诊疗和在窗口支付的费用也不会改变。高额医疗费的自付上限无论是否同意都会适用。
consent-all = 全部同意
consent-individually = 逐项选择
consent-none = 全部不同意
consent-individual-title = 请选择要提供的信息
consent-individual-hint = 未选择的信息不会被提供。
consent-item-medication-clinical = 诊疗与用药信息
consent-item-surgery = 手术信息
consent-item-health-check = 特定健康检查信息
consent-yes = 提供
consent-no = 不提供
consent-submit = 按此内容确定

## Result
result-title = 受理完成
take-card-title = 请取回您的卡
take-phone-title = 请取回您的手机
take-card-hint = 从读卡器上取下后，受理即结束。
leave-card-title = 请将卡留在读卡器上
leave-card-hint = 前台工作人员将用这张卡进行确认。
result-limit-under-70 = { $label }（未满70岁）
result-limit-70-and-over = { $label }（70岁及以上）
result-warning-expiring = 您卡内电子证书的有效期至{ $date }。请到您居住地的市区町村办理更新。
result-warning-grace = 您卡内电子证书已于{ $date }过期，因此今天只确认了保险资格（未提供任何诊疗信息）。请到您居住地的市区町村办理更新。
result-provisional = 这是暂定结果（最后确认日期：{ $date }）。接待处将进行确认。

## High-cost care limit categories (OQSCD012): the Japanese category names staff use
limit-a01 = ア
limit-a02 = イ
limit-a03 = ウ
limit-a04 = エ
limit-a05 = オ
limit-a06 = オ（边界层）
limit-b01 = 现役水平收入Ⅲ
limit-b02 = 现役水平收入Ⅱ
limit-b03 = 现役水平收入Ⅰ
limit-b04 = 一般
limit-b05 = 低收入Ⅱ
limit-b06 = 低收入Ⅰ
limit-b07 = 低收入Ⅰ（老龄福利养老金）
limit-b08 = 低收入Ⅰ（边界层）
limit-b09 = 一般Ⅱ
limit-b10 = 一般Ⅰ

## Notices
notice-not-my-number-card = 这似乎不是个人编号卡
notice-not-my-number-card-detail = 此卡无法使用。如果您持有个人编号卡（マイナンバーカード），请放上该卡。
notice-juki-card = 住民基本台账卡（住基カード）无法使用
notice-juki-card-detail = 此卡不能作为健康保险证使用。请使用个人编号卡（マイナンバーカード）或资格确认书（しかくかくにんしょ）。
notice-card-removed = 卡片已被移开
notice-card-removed-detail = 请从头开始。
notice-card-problem = 无法读取卡片
notice-card-problem-detail = 请将卡从卡套中取出，重新放置。
notice-wrong-pin = 密码不正确
notice-wrong-pin-detail = 您还可以输入{ $tries }次。
notice-wrong-pin-retry = 重新输入
notice-pin-locked = 无法使用密码
notice-pin-locked-detail = 密码已被锁定或尚未设置。可以在您居住地的市区町村窗口解除锁定。
notice-certificate-expired = 电子证书已过期
notice-certificate-expired-detail = 宽限期已过，无法作为保险证使用（智能手机过期后即不能使用）。请到您居住地的市区町村办理更新。
notice-needs-staff = 无法确认您的保险资格
notice-needs-staff-detail = 接待处将与您一起确认保险资格。
notice-refused = 无法用此卡进行确认
notice-refused-detail = 接待处将用其他方式确认。
notice-gateway-unreachable = 无法连接资格确认系统
notice-gateway-unreachable-detail = 这是通信问题。接待处将为您确认。
notice-face-unavailable = 无法使用人脸识别
notice-face-unavailable-detail = 本机无法使用人脸识别。请使用密码，或咨询工作人员。
notice-card-photo-unproven = 无法核对这张卡上的照片
notice-card-photo-unproven-detail = 这张卡无法使用人脸识别。请使用密码，或由工作人员为您办理。
notice-staff-called = 已呼叫工作人员
notice-staff-called-detail = 请在原地稍等。
notice-speak-to-reception = 请到接待处咨询
notice-speak-to-reception-detail = 本机不会自动呼叫工作人员。请带上您的卡，到接待处告诉工作人员。
notice-timed-out = 操作已超时
notice-timed-out-detail = 请从头开始。
notice-phone-cancelled = 已在iPhone上取消
notice-phone-cancelled-detail = 如需重试，请再次将iPhone放在读卡器上。
notice-phone-no-answer = iPhone未能在规定时间内完成确认
notice-phone-no-answer-detail = 工作人员将在窗口为您确认保险。

## Demo / staff panel (not for patients)
demo-title = 演示（工作人员用）
demo-hint = 将虚拟卡放到读卡器上，或取出
demo-insert = 放上
demo-on-reader = 在读卡器上
demo-remove = 取出卡片
font-missing = 未找到日文字体，正在以英语显示。
font-missing-languages = 缺少字体，以下语言已隐藏：{ $languages }

## 人脸识别
era-meiji = 明治
era-taisho = 大正
era-showa = 昭和
era-heisei = 平成
era-reiwa = 令和
face-code-title = 请查看卡片正面并输入
face-code-help = 这些信息用于读取卡内的照片（不使用12位个人编号）：出生日期的年号和年月日、有效期限的年份，以及照片下方的4位安全码。
face-code-era = 出生日期的年号：
face-code-first-year = 年号的第一年（元年）请输入 01。
face-code-birth = 出生日期（年月日，6位数字）
face-code-expiry = 有效期限的年份（公历，4位数字）
face-code-security = 安全码（4位数字）
face-code-submit = 下一步
face-code-invalid = 输入的内容与卡片正面不符。请确认年号、日期和年份。
face-code-wrong = 号码不正确（还剩{ $tries }次）。请查看卡片正面进行确认。
face-check-title = 人脸识别（第{ $attempt }次，共{ $attempts }次）
face-guide-starting = 正在准备摄像头…
face-guide-no-face = 请看向摄像头。
face-guide-several-faces = 请确保画面中只有您一个人。
face-guide-come-closer = 请再靠近摄像头一点。
face-guide-looking = 请继续看着摄像头（{ $done }/{ $needed }）。
face-guide-turn-left = 请慢慢把头转向您的左边。
face-guide-turn-right = 请慢慢把头转向您的右边。
face-check-privacy = 视频和照片仅用于本次确认，不会被保存。
face-retry-title = 未能通过人脸完成确认
face-miss-not-same = 无法与卡片上的照片核对一致。请摘下口罩、帽子或眼镜后再试一次。
face-miss-no-face = 没有拍到面部。请站在摄像头正前方。
face-miss-liveness = 请按照提示转动头部。不能使用照片或屏幕。
face-miss-inconclusive = 未能清楚确认。请在明亮的地方，正对摄像头再试一次。
face-retry-again = 再次进行人脸识别
face-retry-pin = 改用密码确认
face-retry-staff = 接待处的工作人员将为您确认。

## 延长时间
more-time-title = 您还需要更多时间吗？
more-time-detail = 由于一段时间没有操作，约{ $seconds }秒后将返回初始界面。
more-time-cleared = 您输入的数字已清除。
more-time-yes = 是，继续

## 本次就诊的辅助功能（待机画面）与语音引导
assist-large-text = 放大文字
assist-high-contrast = 高对比度
assist-audio = 语音引导（+键）
# 语音引导朗读的句子（assets/audio，由 scripts/make-audio.sh 生成）：每条一行，用词简单，
# 没有占位符；绝不朗读密码的数字。
audio-idle = 语音引导已开启。请将您的个人编号卡有照片的一面朝上，放在读卡器上。
audio-working = 正在读取卡片。请将卡片继续放在读卡器上。
audio-method = 请选择本人确认的方式，使用4位数字密码，或者使用人脸识别。
audio-pin = 请用数字键盘输入4位数字密码，然后按回车键。输入的数字不会被读出。
audio-last-try = 请注意，这是最后一次机会。如果密码错误，密码将被锁定。如果不确定，请呼叫工作人员。
audio-consent = 请选择允许本医疗机构查看的信息：可以全部同意、逐项选择，或全部不同意。
audio-result = 已确认您的保险资格。请取回您的卡片，等候工作人员叫您。
audio-result-provisional = 目前无法在线确认您的保险资格。接待处的工作人员将为您确认。请取回您的卡片。
audio-wrong-pin = 密码不正确。请重新输入。
audio-see-staff = 请取回您的卡片，并咨询接待处的工作人员。工作人员会为您提供帮助。
audio-take-card = 受理已完成。请取回您的卡。
audio-leave-card = 请将卡留在读卡器上。前台工作人员将用这张卡进行确认。
audio-call-staff-confirm = 呼叫工作人员后，在这里的受理将会结束。请选择呼叫工作人员，或继续受理。
audio-timed-out = 已超时，受理已结束。请取回您的卡。
audio-more-time = 您还需要更多时间吗？如需继续，请按回车键。
audio-face-code = 请输入卡片正面印有的数字，包括出生日期、有效期限的年份和安全码。
audio-face-check = 请看向摄像头，然后按照屏幕提示，慢慢转动头部。
audio-face-retry = 未能确认您的面部。您可以再试一次，或者改用密码。
audio-phone = 请在您的iPhone上用面容ID或触控ID进行确认。完成之前，请将iPhone一直放在读卡器上。

## The card front read by the camera (issue 20)

front-title = 请将卡片正面对准摄像头
front-lift = 请从读卡器上拿起卡片，将正面（有照片的一面）对准摄像头。读取后请放回读卡器。
front-guide-starting = 正在启动摄像头…
front-guide-show = 请将卡片正面对准摄像头。
front-guide-edge = 请让整张卡片都在画面内。
front-guide-closer = 请将卡片再靠近一点。
front-guide-still = 请拿稳卡片不要移动。
front-guide-glare = 卡片有反光，请稍微倾斜一下。
front-guide-reading = 正在读取数字…请保持不动。
front-privacy = 只读取出生日期、有效期年份和安全码。画面不会被保存。
front-type-instead = 改为手动输入
front-put-back-title = 请将卡片放回读卡器
front-put-back-detail = 请在{ $seconds }秒内放回同一张卡片。否则受理将在此结束，不保留任何信息。
front-put-back-checking = 正在确认卡片…
face-code-read-title = 请确认从卡片读取的数字
face-code-read-help = 摄像头从卡片正面读取了这些数字。如有错误，请改正后按“下一步”。按下之前不会发送任何内容。
audio-card-front = 请拿起卡片，将有照片的一面对准摄像头。
audio-put-card-back = 请将卡片放回读卡器。
