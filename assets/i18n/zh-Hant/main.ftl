# myna-kiosk: 繁體中文。鍵與佔位符與 ja/main.ftl 相同（`cargo test` 會檢查）。

## Common
app-title = 櫃檯報到 – 個人編號卡（マイナンバーカード）
call-staff = 呼叫工作人員
call-staff-confirm-title = 要呼叫工作人員嗎？
call-staff-confirm-detail = 在這裡的受理將會結束。如需繼續，請點選「繼續受理」。
call-staff-confirm-back = 繼續受理
back = 返回
ok = 確定
see-staff = 請洽詢櫃檯的工作人員。
staff-coming = 工作人員正在前來。
language-label = 語言
out-of-service = 本機暫停使用
date = { $year }年{ $month }月{ $day }日

## Idle
idle-title = 請放上您的個人編號卡（マイナンバーカード）
idle-hint = 請將有照片的一面朝上，放在讀卡機上。
idle-hint-case = 請先將卡片從卡套中取出。

## Working
working-title = 正在確認
working-hint = 請勿移開卡片，稍候片刻。

## Identity method
method-title = 請選擇本人確認的方式
method-face = 臉部辨識
method-face-needs-code = 使用臉部辨識時，需要輸入卡片正面的數字（出生日期、有效期限年份、安全碼）。
method-pin = 密碼（4位數字，暗証番号）
method-tries-left = 還剩{ $tries }次
method-face-unavailable = 本機無法使用臉部辨識。
method-pin-unavailable = 密碼已被鎖定或尚未設定，無法使用。

## PIN
pin-title = 請輸入4位數字密碼（暗証番号）
pin-tries-left = 您還可以輸入{ $tries }次。
pin-tries-unknown = 連續輸錯3次，密碼將被鎖定。
pin-privacy = 密碼不會顯示在螢幕上，也不會被儲存。
pin-clear = 全部刪除
pin-delete = 刪除一位
pin-submit = 確定

## iPhone
phone-title = 請在您的iPhone上確認
phone-hint = 請依照iPhone畫面上的提示，以Face ID或Touch ID進行確認。完成之前，請將iPhone一直放在讀卡機上。
phone-asking = 正在請求您的iPhone確認…
phone-countdown = 剩餘時間：{ $seconds }秒
phone-cancel = 取消

## Last try
last-try-title = 密碼只剩最後1次輸入機會
last-try-body = 如果再次輸錯，密碼將被鎖定，需要到您居住地的市區町村窗口重新設定。
last-try-face = 改用臉部辨識
last-try-confirm = 我確定密碼正確，繼續輸入

## Consent
consent-title = 您是否同意提供醫療資訊？
consent-body = 本醫療機構將可以查看您過去的診療、用藥、手術和健康檢查資訊。
consent-no-effect = 即使不同意，您接受的診療和在櫃檯支付的費用也不會改變。高額醫療費的自付上限無論是否同意都會適用。
consent-all = 全部同意
consent-individually = 逐項選擇
consent-none = 全部不同意
consent-individual-title = 請選擇要提供的資訊
consent-individual-hint = 未選擇的資訊不會被提供。
consent-item-medication-clinical = 診療與用藥資訊
consent-item-surgery = 手術資訊
consent-item-health-check = 特定健康檢查資訊
consent-yes = 提供
consent-no = 不提供
consent-submit = 依此內容確定

## Result
result-title = 受理完成
take-card-title = 請取回您的卡
take-phone-title = 請取回您的手機
take-card-hint = 從讀卡機上取下後，受理即結束。
leave-card-title = 請將卡留在讀卡機上
leave-card-hint = 櫃檯工作人員將用這張卡進行確認。
result-limit-under-70 = { $label }（未滿70歲）
result-limit-70-and-over = { $label }（70歲以上）
result-warning-expiring = 您卡片內電子憑證的有效期限至{ $date }。請到您居住地的市區町村辦理更新。
result-warning-grace = 您卡片內電子憑證已於{ $date }過期，因此今天只確認了保險資格（未提供任何診療資訊）。請到您居住地的市區町村辦理更新。
result-provisional = 這是暫定結果（最後確認日期：{ $date }）。櫃檯將進行確認。

## High-cost care limit categories (OQSCD012): the Japanese category names staff use
limit-a01 = ア
limit-a02 = イ
limit-a03 = ウ
limit-a04 = エ
limit-a05 = オ
limit-a06 = オ（邊界層）
limit-b01 = 現役水準所得Ⅲ
limit-b02 = 現役水準所得Ⅱ
limit-b03 = 現役水準所得Ⅰ
limit-b04 = 一般
limit-b05 = 低所得Ⅱ
limit-b06 = 低所得Ⅰ
limit-b07 = 低所得Ⅰ（老齡福利年金）
limit-b08 = 低所得Ⅰ（邊界層）
limit-b09 = 一般Ⅱ
limit-b10 = 一般Ⅰ

## Notices
notice-not-my-number-card = 這似乎不是個人編號卡
notice-not-my-number-card-detail = 此卡片無法使用。如果您持有個人編號卡（マイナンバーカード），請放上該卡片。
notice-juki-card = 住民基本台帳卡（住基カード）無法使用
notice-juki-card-detail = 此卡片不能作為健康保險證使用。請使用個人編號卡（マイナンバーカード）或資格確認書。
notice-card-removed = 卡片已被移開
notice-card-removed-detail = 請從頭開始。
notice-card-problem = 無法讀取卡片
notice-card-problem-detail = 請將卡片從卡套中取出，重新放置。
notice-wrong-pin = 密碼不正確
notice-wrong-pin-detail = 您還可以輸入{ $tries }次。
notice-wrong-pin-retry = 重新輸入
notice-pin-locked = 無法使用密碼
notice-pin-locked-detail = 密碼已被鎖定或尚未設定。可以在您居住地的市區町村窗口解除鎖定。
notice-certificate-expired = 電子憑證已過期
notice-certificate-expired-detail = 寬限期已過，無法作為保險證使用（智慧型手機過期後即不能使用）。請到您居住地的市區町村辦理更新。
notice-needs-staff = 無法確認您的保險資格
notice-needs-staff-detail = 櫃檯將與您一起確認保險資格。
notice-refused = 無法用此卡片進行確認
notice-refused-detail = 櫃檯將用其他方式確認。
notice-gateway-unreachable = 無法連線至資格確認系統
notice-gateway-unreachable-detail = 這是通訊問題。櫃檯將為您確認。
notice-face-unavailable = 無法使用臉部辨識
notice-face-unavailable-detail = 本機無法使用臉部辨識。請使用密碼，或洽詢工作人員。
notice-card-photo-unproven = 無法核對這張卡上的照片
notice-card-photo-unproven-detail = 這張卡無法使用臉部辨識。請使用密碼，或由工作人員為您辦理。
notice-staff-called = 已呼叫工作人員
notice-staff-called-detail = 請在原地稍候。
notice-speak-to-reception = 請到櫃檯洽詢
notice-speak-to-reception-detail = 本機不會自動呼叫工作人員。請帶著您的卡片，到櫃檯告知工作人員。
notice-timed-out = 操作已逾時
notice-timed-out-detail = 請從頭開始。
notice-phone-cancelled = 已在iPhone上取消
notice-phone-cancelled-detail = 如需重試，請再次將iPhone放在讀卡機上。
notice-phone-no-answer = iPhone未能在時間內完成確認
notice-phone-no-answer-detail = 工作人員將在櫃台為您確認保險。

## Demo / staff panel (not for patients)
demo-title = 示範（工作人員用）
demo-hint = 將虛擬卡片放到讀卡機上，或取出
demo-insert = 放上
demo-on-reader = 在讀卡機上
demo-remove = 取出卡片
font-missing = 找不到日文字型，正在以英語顯示。
font-missing-languages = 缺少字型，以下語言已隱藏：{ $languages }

## 臉部辨識
era-meiji = 明治
era-taisho = 大正
era-showa = 昭和
era-heisei = 平成
era-reiwa = 令和
face-code-title = 請查看卡片正面並輸入
face-code-help = 這些資訊用於讀取卡片內的照片（不使用12位數的個人編號）：出生日期的年號與年月日、有效期限的年份，以及照片下方的4位數安全碼。
face-code-era = 出生日期的年號：
face-code-first-year = 年號的第一年（元年）請輸入 01。
face-code-birth = 出生日期（年月日，6位數字）
face-code-expiry = 有效期限的年份（西元，4位數字）
face-code-security = 安全碼（4位數字）
face-code-submit = 下一步
face-code-invalid = 輸入的內容與卡片正面不符。請確認年號、日期與年份。
face-code-wrong = 號碼不正確（還剩{ $tries }次）。請查看卡片正面再確認。
face-check-title = 臉部辨識（第{ $attempt }次，共{ $attempts }次）
face-guide-starting = 正在準備相機…
face-guide-no-face = 請看向相機。
face-guide-several-faces = 請確認畫面中只有您一個人。
face-guide-come-closer = 請再靠近相機一點。
face-guide-looking = 請繼續看著相機（{ $done }/{ $needed }）。
face-guide-turn-left = 請慢慢將頭轉向您的左邊。
face-guide-turn-right = 請慢慢將頭轉向您的右邊。
face-check-privacy = 影像與照片僅用於本次確認，不會被儲存。
face-retry-title = 無法以臉部完成確認
face-miss-not-same = 無法與卡片上的照片比對一致。請摘下口罩、帽子或眼鏡後再試一次。
face-miss-no-face = 沒有拍到臉部。請站在相機正前方。
face-miss-liveness = 請依照指示轉動頭部。不能使用照片或螢幕。
face-miss-inconclusive = 無法清楚確認。請在明亮的地方，正對相機再試一次。
face-retry-again = 再次進行臉部辨識
face-retry-pin = 改用密碼確認
face-retry-staff = 櫃檯的工作人員將為您確認。

## 延長時間
more-time-title = 您還需要更多時間嗎？
more-time-detail = 由於一段時間沒有操作，約{ $seconds }秒後將返回初始畫面。
more-time-cleared = 您輸入的數字已清除。
more-time-yes = 是，繼續

## 本次看診的輔助功能（待機畫面）與語音導覽
assist-large-text = 放大文字
assist-high-contrast = 高對比
assist-audio = 語音導覽（+鍵）
# 語音導覽朗讀的句子（assets/audio，由 scripts/make-audio.sh 產生）：每則一行，用詞淺白，
# 沒有佔位符；絕不朗讀密碼的數字。
audio-idle = 語音導覽已開啟。請將您的個人編號卡有照片的一面朝上，放在讀卡機上。
audio-working = 正在讀取卡片。請將卡片繼續放在讀卡機上。
audio-method = 請選擇本人確認的方式，使用4位數字密碼，或是使用臉部辨識。
audio-pin = 請用數字鍵盤輸入4位數字密碼，然後按Enter鍵。輸入的數字不會被唸出來。
audio-last-try = 請注意，這是最後一次機會。如果密碼錯誤，密碼將被鎖定。如果不確定，請呼叫工作人員。
audio-consent = 請選擇允許本醫療機構查看的資訊：可以全部同意、逐項選擇，或全部不同意。
audio-result = 已確認您的保險資格。請取回您的卡片，等候工作人員叫您。
audio-result-provisional = 目前無法在線上確認您的保險資格。櫃檯的工作人員將為您確認。請取回您的卡片。
audio-wrong-pin = 密碼不正確。請重新輸入。
audio-see-staff = 請取回您的卡片，並洽詢櫃檯的工作人員。工作人員會協助您。
audio-take-card = 受理已完成。請取回您的卡。
audio-leave-card = 請將卡留在讀卡機上。櫃檯工作人員將用這張卡進行確認。
audio-call-staff-confirm = 呼叫工作人員後，在這裡的受理將會結束。請選擇呼叫工作人員，或繼續受理。
audio-timed-out = 已逾時，受理已結束。請取回您的卡。
audio-more-time = 您還需要更多時間嗎？如需繼續，請按Enter鍵。
audio-face-code = 請輸入卡片正面印的數字，包括出生日期、有效期限的年份與安全碼。
audio-face-check = 請看向相機，然後依照畫面指示，慢慢轉動頭部。
audio-face-retry = 無法確認您的臉部。您可以再試一次，或改用密碼。
audio-phone = 請在您的iPhone上以Face ID或Touch ID進行確認。完成之前，請將iPhone一直放在讀卡機上。

## The card front read by the camera (issue 20)

front-title = 請將卡片正面對準攝影機
front-lift = 請從讀卡機上拿起卡片，將正面（有照片的一面）對準攝影機。讀取後請放回讀卡機。
front-guide-starting = 正在啟動攝影機…
front-guide-show = 請將卡片正面對準攝影機。
front-guide-edge = 請讓整張卡片都在畫面內。
front-guide-closer = 請將卡片再靠近一點。
front-guide-still = 請拿穩卡片不要移動。
front-guide-glare = 卡片有反光，請稍微傾斜一下。
front-guide-reading = 正在讀取數字…請保持不動。
front-privacy = 只讀取出生日期、有效期限年份和安全碼。畫面不會被儲存。
front-type-instead = 改為手動輸入
front-put-back-title = 請將卡片放回讀卡機
front-put-back-detail = 請在{ $seconds }秒內放回同一張卡片。否則受理將在此結束，不保留任何資料。
front-put-back-checking = 正在確認卡片…
face-code-read-title = 請確認從卡片讀取的數字
face-code-read-help = 攝影機從卡片正面讀取了這些數字。如有錯誤，請改正後按「下一步」。按下之前不會傳送任何內容。
audio-card-front = 請拿起卡片，將有照片的一面對準攝影機。
audio-put-card-back = 請將卡片放回讀卡機。
