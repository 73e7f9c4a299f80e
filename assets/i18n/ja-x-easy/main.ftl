# myna-kiosk: やさしい日本語（タグ ja-x-easy）。短い文、やさしいことば、むずかしい漢字は ひらがな で。
# キーとプレースホルダーは ja/main.ftl と同じ（`cargo test` が確認します）。

## 共通
app-title = マイナ保険証で 受付
call-staff = スタッフを よぶ
call-staff-confirm-title = スタッフを よびますか？
call-staff-confirm-detail = よぶと、ここでの 受付は 終わります。
call-staff-confirm-back = 受付を つづける
back = もどる
ok = OK
see-staff = 受付の スタッフに 話してください。
staff-coming = スタッフが 今 こちらに 来ます。
language-label = ことば
out-of-service = いま この機械は 使えません
date = { $year }年{ $month }月{ $day }日

## 待機画面
idle-title = マイナンバーカードを 置いてください
idle-hint = 顔の写真が 上です。カードを カードリーダーの 上に 置いてください。
idle-hint-case = カードを ケースから 出してください。

## 読み取り中
working-title = しらべています
working-hint = カードを 置いたまま 待ってください。

## 本人確認の方法
method-title = あなたが 本人か しらべます。方法を えらんでください
method-face = 顔で しらべる
method-face-needs-code = 顔で しらべる ときは、カードの 前の 面の 数字（生まれた日、有効期限の 年、セキュリティコード）を 入れます。
method-pin = 数字 4つの 暗証番号（あんしょうばんごう）
method-tries-left = あと { $tries }回
method-face-unavailable = この機械では 顔で しらべることが できません。
method-pin-unavailable = 暗証番号は 使えません（ロック、または 登録していません）。

## 暗証番号
pin-title = 数字 4つの 暗証番号（あんしょうばんごう）を 入れてください
pin-tries-left = あと { $tries }回 入れることが できます。
pin-tries-unknown = 3回 まちがえると、暗証番号は ロックされます。
pin-privacy = 暗証番号は 画面に 出ません。保存も しません。
pin-clear = ぜんぶ 消す
pin-delete = 1つ 消す
pin-submit = けってい

## iPhone
phone-title = iPhoneで 確認して ください
phone-hint = iPhoneの 画面を 見て、顔（Face ID）か 指（Touch ID）で 確認して ください。終わるまで iPhoneを リーダーに 置いて ください。
phone-asking = iPhoneに 聞いています…
phone-countdown = あと { $seconds }秒
phone-cancel = やめる

## 残り1回の確認
last-try-title = 暗証番号（あんしょうばんごう）を 入れるのは、あと 1回です
last-try-body = つぎに まちがえると、ロックされます。ロックされたら、住んでいる 市役所・区役所・町村役場で 直します。
last-try-face = 顔で しらべる
last-try-confirm = 暗証番号は 正しいです。入れます

## 同意
consent-title = あなたの 医療の 情報を 見ても いいですか
consent-body = 前の 病院の 記録、薬、手術、健康診断の 情報を、この 病院が 見ることが できます。
consent-no-effect = 「見せない」でも、診察と 払う お金は 同じです。限度額適用認定証（げんどがく てきよう にんていしょう）と 同じ しくみで、払う お金が 高く なりすぎないように する ことも、いつも できます。
consent-all = ぜんぶ 見せる
consent-individually = 1つずつ えらぶ
consent-none = 見せない
consent-individual-title = 見せても いい 情報を えらんでください
consent-individual-hint = えらばなかった 情報は 見せません。
consent-item-medication-clinical = 病院の 記録と 薬
consent-item-surgery = 手術
consent-item-health-check = 健康診断（特定健診）
consent-yes = 見せる
consent-no = 見せない
consent-submit = これで けってい

## 結果
result-title = 受付が 終わりました
take-card-title = カードを 取ってください
take-phone-title = スマホを 取ってください
take-card-hint = リーダーから 取ると、受付が 終わります。
leave-card-title = カードは 置いたままに してください
leave-card-hint = 受付の スタッフが この カードで 確認します。
result-limit-under-70 = { $label }（70歳より 下）
result-limit-70-and-over = { $label }（70歳 以上）
result-warning-expiring = カードの 電子証明書（でんししょうめいしょ）は { $date }までです。住んでいる 市役所・区役所・町村役場で 新しく してください。
result-warning-grace = カードの 電子証明書（でんししょうめいしょ）は { $date }で 終わりました。今日は 保険の 確認だけ しました（病気や 薬の 情報は 見せません）。市役所・区役所・町村役場で 新しく してください。
result-provisional = まだ 決まっていない 結果です（最後に 確認した日：{ $date }）。受付で 確認します。

## 限度額適用区分（適用区分 OQSCD012）
limit-a01 = ア
limit-a02 = イ
limit-a03 = ウ
limit-a04 = エ
limit-a05 = オ
limit-a06 = オ（境）
limit-b01 = 現役並みⅢ
limit-b02 = 現役並みⅡ
limit-b03 = 現役並みⅠ
limit-b04 = 一般
limit-b05 = 低所得Ⅱ
limit-b06 = 低所得Ⅰ
limit-b07 = 低所得Ⅰ（老福）
limit-b08 = 低所得Ⅰ（境）
limit-b09 = 一般Ⅱ
limit-b10 = 一般Ⅰ

## お知らせ
notice-not-my-number-card = マイナンバーカードでは ないようです
notice-not-my-number-card-detail = この カードは 使えません。マイナンバーカードを 置いてください。
notice-juki-card = 住基カードは 保険証として 使えません
notice-juki-card-detail = この カードは 保険証に なりません。マイナンバーカードか 資格確認書を 使ってください。
notice-card-removed = カードが はなれました
notice-card-removed-detail = はじめから もう一度 してください。
notice-card-problem = カードを 読むことが できませんでした
notice-card-problem-detail = カードを ケースから 出して、もう一度 置いてください。
notice-wrong-pin = 暗証番号（あんしょうばんごう）が ちがいます
notice-wrong-pin-detail = あと { $tries }回 入れることが できます。
notice-wrong-pin-retry = もう一度 入れる
notice-pin-locked = 暗証番号（あんしょうばんごう）は 使えません
notice-pin-locked-detail = 暗証番号が ロックされているか、登録していません。住んでいる 市役所・区役所・町村役場で 直すことが できます。
notice-certificate-expired = カードの 電子証明書（でんししょうめいしょ）が 終わっています
notice-certificate-expired-detail = 終わってから 時間が たったので、保険証として 使えません（スマートフォンは 終わった 日から 使えません）。市役所・区役所・町村役場で 新しく してください。
notice-needs-staff = 保険を 確認することが できませんでした
notice-needs-staff-detail = 受付で いっしょに 確認します。
notice-refused = この カードでは 確認できませんでした
notice-refused-detail = 受付で ほかの 方法で 確認します。
notice-gateway-unreachable = 保険を しらべる システムに つながりません
notice-gateway-unreachable-detail = 通信の 問題です。受付で 確認します。
notice-face-unavailable = 顔で しらべることは できません
notice-face-unavailable-detail = この機械では できません。暗証番号を 使うか、スタッフに 話してください。
notice-card-photo-unproven = カードの 写真を 確かめられませんでした
notice-card-photo-unproven-detail = この カードでは 顔で 確かめることが できません。暗証番号を 使うか、スタッフに 話してください。
notice-staff-called = スタッフを よびました
notice-staff-called-detail = ここで 少し 待ってください。
notice-speak-to-reception = 受付に 行って ください
notice-speak-to-reception-detail = この 機械は スタッフを よびません。カードを 持って、受付で 話して ください。
notice-timed-out = 時間が 終わりました
notice-timed-out-detail = はじめから もう一度 してください。
notice-phone-cancelled = iPhoneで やめました
notice-phone-cancelled-detail = もう一度 するときは、iPhoneを また リーダーに 置いて ください。
notice-phone-no-answer = iPhoneで 確認が できませんでした
notice-phone-no-answer-detail = 時間が 終わりました。受付で 保険を 確認します。

## デモ・スタッフ用パネル（患者向けではありません）
demo-title = デモ（スタッフ用）
demo-hint = 仮想カードをリーダーに置く／取り出す
demo-insert = 置く
demo-on-reader = リーダー上
demo-remove = カードを取り出す
font-missing = 日本語フォントが見つかりません。英語で表示しています。
font-missing-languages = フォントがないため、次の言語を表示していません：{ $languages }

## 顔認証
era-meiji = 明治
era-taisho = 大正
era-showa = 昭和
era-heisei = 平成
era-reiwa = 令和
face-code-title = カードの 前の 面を 見て、数字を 入れてください
face-code-help = カードの 顔の 写真を 読むために 使います。マイナンバー（数字 12こ）は 使いません。数字の 場所は 下の 絵を 見てください。
face-code-era = 生まれた日の 元号：
face-code-first-year = 元年 の ときは 01 と 入れて ください。
face-code-birth = 生まれた日（年・月・日で 数字 6つ）
face-code-expiry = 有効期限の 年（西暦で 数字 4つ）
face-code-security = セキュリティコード（数字 4つ）
face-code-submit = つぎへ
face-code-invalid = 入れた 数字が カードと 合いません。元号・日・年を もう一度 見てください。
face-code-wrong = 数字が ちがいます（あと { $tries }回）。カードの 前の 面を 見てください。
face-check-title = 顔で しらべる（{ $attempts }回の うち { $attempt }回目）
face-guide-starting = カメラの じゅんびを しています…
face-guide-no-face = カメラを 見てください。
face-guide-several-faces = 1人だけで カメラに うつってください。
face-guide-come-closer = もう少し カメラの 近くに 来てください。
face-guide-looking = そのまま カメラを 見てください（{ $done }/{ $needed }）。
face-guide-turn-left = ゆっくり 顔を 左に 向けてください。
face-guide-turn-right = ゆっくり 顔を 右に 向けてください。
face-check-privacy = カメラの 映像と 写真は、この 確認だけに 使います。保存は しません。
face-retry-title = 顔で しらべることが できませんでした
face-miss-not-same = カードの 写真と 同じ 人か わかりませんでした。マスク、ぼうし、めがねを 取って、もう一度 してください。
face-miss-no-face = 顔が うつりませんでした。カメラの 前に 立ってください。
face-miss-liveness = 画面の とおりに 顔を 向けてください。写真や 画面は 使えません。
face-miss-inconclusive = よく わかりませんでした。明るい 所で、カメラの 前で もう一度 してください。
face-retry-again = もう一度 顔で しらべる
face-retry-pin = 暗証番号で しらべる
face-retry-staff = 受付の スタッフが 確認します。

## 時間を のばす
more-time-title = まだ つづけますか
more-time-detail = しばらく 何も さわらなかったので、あと { $seconds }秒ぐらいで はじめの 画面に もどります。
more-time-cleared = 入れた 番号は 消しました。
more-time-yes = つづける

## この 受付で 使う 手助け（はじめの 画面）と 声の 案内
assist-large-text = 文字を 大きく
assist-high-contrast = 見やすい 色
assist-audio = 声の 案内（+キー）
# 声の 案内で 読む 文（assets/audio、scripts/make-audio.sh で 作ります）。1行に 1つ、やさしい ことばで、
# 置き換えは なし。暗証番号の 数字は 読みません。
audio-idle = 声の 案内を 始めます。マイナンバーカードを、顔の 写真が 上に なるように、カードリーダーに 置いてください。
audio-working = カードを 読んで います。カードを 置いたまま 待ってください。
audio-method = あなたが 本人か しらべます。数字 4つの 暗証番号か、顔で しらべるか、えらんでください。
audio-pin = 数字 4つの 暗証番号を 入れて、「けってい」を おしてください。テンキーでは、エンターが 「けってい」です。数字は 読みません。
audio-last-try = 気を つけてください。つぎが 最後の 1回です。まちがえると、ロックされます。わからない ときは、スタッフを よんでください。
audio-consent = この 病院が 見ても いい 情報を えらんでください。ぜんぶ 見せる、1つずつ えらぶ、見せない、から えらべます。
audio-result = 保険を 確認しました。カードを 取って、名前を よばれるまで 待ってください。
audio-result-provisional = いまは インターネットで 保険を 確認することが できませんでした。受付で 確認します。カードを 取ってください。
audio-wrong-pin = 暗証番号が ちがいます。もう一度 入れてください。
audio-see-staff = カードを 取って、受付の スタッフに 話してください。スタッフが 手伝います。
audio-take-card = 受付が 終わりました。カードを 取ってください。
audio-leave-card = カードは 置いたままに してください。受付の スタッフが この カードで 確認します。
audio-call-staff-confirm = スタッフを よぶと、ここでの 受付は 終わります。よぶか、つづけるか、えらんでください。
audio-timed-out = 時間が 終わりました。カードを 取ってください。
audio-more-time = まだ つづけますか。つづける ときは、「つづける」を おしてください。テンキーでは、エンターです。
audio-face-code = カードの 前の 面に ある 数字を 入れてください。生まれた日、有効期限の 年、セキュリティコードです。
audio-face-check = カメラを 見てください。画面の とおりに、ゆっくり 顔を 向けてください。
audio-face-retry = 顔で しらべることが できませんでした。もう一度 するか、暗証番号を 使ってください。
audio-phone = アイフォーンの 画面を 見て、顔か 指で 確認して ください。終わるまで アイフォーンを リーダーに 置いたままに して ください。

## The card front read by the camera (issue 20)

front-title = カードの 前の 面を カメラに 見せてください
front-lift = カードを リーダーから 取って、顔の 写真が ある 面を カメラに 向けてください。読み終わったら、カードを リーダーに もどしてください。
front-guide-starting = カメラの じゅんびを しています…
front-guide-show = カードの 前の 面を カメラに 向けてください。
front-guide-edge = カードが ぜんぶ 見えるように してください。
front-guide-closer = カードを もう少し カメラに 近づけてください。
front-guide-still = カードを 動かさないで ください。
front-guide-glare = 光って 読めません。カードを 少し かたむけてください。
front-guide-reading = 読んでいます… そのまま 持っていてください。
front-privacy = 読むのは 生まれた日、有効期限の 年、セキュリティコード だけです。映像は 保存しません。
front-type-instead = 数字を 自分で 入れる
front-put-back-title = カードを リーダーに もどしてください
front-put-back-detail = { $seconds }秒の 間に、同じ カードを もどしてください。もどさないと、受付は 終わります。
front-put-back-checking = カードを 確認しています…
face-code-read-title = カードから 読んだ 数字を 見てください
face-code-read-help = カメラで カードの 数字を 読みました。ちがう ときは 直して、「つぎへ」を 押してください。押すまで 何も 送りません。
audio-card-front = カードを 取って、顔の 写真が ある 面を カメラに 見せてください。
audio-put-card-back = カードを リーダーに もどしてください。
