# myna-kiosk: 受付画面の文言（日本語）。キーとプレースホルダーは en/main.ftl と揃えること
# （`cargo test` の i18n テストが確認します）。

## 共通
app-title = マイナ保険証 受付
call-staff = スタッフを呼ぶ
call-staff-confirm-title = スタッフを呼びますか？
call-staff-confirm-detail = ここでの受付は終わります。続けるときは「受付を続ける」を押してください。
call-staff-confirm-back = 受付を続ける
back = 戻る
ok = OK
see-staff = 受付のスタッフにお声がけください。
staff-coming = スタッフがただいまこちらへ向かっています。
language-label = 言語
out-of-service = ただいまこの受付機は使えません
# 日付: $year（文字列）, $month, $day（数値）
date = { $year }年{ $month }月{ $day }日

## 待機画面
idle-title = マイナンバーカードを置いてください
idle-hint = 顔写真のある面を上にして、カードリーダーに置いてください。
idle-hint-case = カードケースからは出してください。

## 読み取り中
working-title = 確認しています
working-hint = カードを置いたまま、しばらくお待ちください。

## 本人確認の方法
method-title = 本人確認の方法を選んでください
method-face = 顔認証
method-face-needs-code = 顔認証では、カードの表面の数字（生年月日・有効期限の年・セキュリティコード）を入力します。
method-pin = 暗証番号（4桁）
method-tries-left = 残り{ $tries }回
method-face-unavailable = この受付機では顔認証を使えません。
method-pin-unavailable = 暗証番号がロックされているか設定されていないため、使えません。

## 暗証番号
pin-title = 暗証番号（数字4桁）を入力してください
pin-tries-left = 入力できるのは、あと{ $tries }回です。
pin-tries-unknown = 暗証番号を3回続けて間違えるとロックされます。
pin-privacy = 暗証番号は表示も保存もされません。
pin-clear = 全部消す
pin-delete = 1字消す
pin-submit = 決定

## iPhone（スマホ用電子証明書: iPhone上で顔・指紋で確認）
phone-title = iPhoneで本人確認をしてください
phone-hint = iPhoneの画面の案内に従って、Face ID（顔）またはTouch ID（指紋）で確認してください。終わるまで、iPhoneはリーダーに置いたままにしてください。
phone-asking = iPhoneに確認を求めています…
phone-countdown = 残り{ $seconds }秒
phone-cancel = やめる

## 残り1回の確認
last-try-title = 暗証番号の入力は、あと1回です
last-try-body = 次に間違えると暗証番号がロックされ、お住まいの市区町村の窓口で再設定が必要になります。
last-try-face = 顔認証にする
last-try-confirm = 暗証番号に自信があるので入力する

## 同意
consent-title = 医療情報の提供に同意しますか
consent-body = 過去の診療・お薬・手術・健診の情報を、この医療機関が見られるようになります。
consent-no-effect = 同意しなくても、受けられる診療や窓口での負担額は変わりません。高額療養費の限度額は、同意とは関係なく適用されます。
consent-all = 全て同意する
consent-individually = 個別に同意する
consent-none = 同意しない
consent-individual-title = 提供する情報を選んでください
consent-individual-hint = 選ばなかった情報は提供されません。
consent-item-medication-clinical = 診療・薬剤情報
consent-item-surgery = 手術情報
consent-item-health-check = 特定健診情報
consent-yes = 同意する
consent-no = 同意しない
consent-submit = この内容で決定

## 結果
result-title = 受付が完了しました
take-card-title = カードをお取りください
take-phone-title = スマートフォンをお取りください
take-card-hint = リーダーから取ると、受付が終わります。
leave-card-title = カードはリーダーに置いたままにしてください
leave-card-hint = 受付のスタッフが、このカードを使って確認します。
result-limit-under-70 = { $label }（70歳未満）
result-limit-70-and-over = { $label }（70歳以上）
result-warning-expiring = 電子証明書の有効期限は{ $date }です。お住まいの市区町村で更新してください。
result-warning-grace = 電子証明書の有効期限（{ $date }）が過ぎているため、今日は保険の資格の確認だけを行いました（診療・お薬などの情報は提供されません）。お住まいの市区町村で更新してください。
result-provisional = 仮の結果です（最後に確認できた日：{ $date }）。受付で確認します。

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
notice-not-my-number-card = マイナンバーカードではないようです
notice-not-my-number-card-detail = このカードは使えません。マイナンバーカードをお持ちでしたら、そのカードを置いてください。
notice-juki-card = 住基カードは保険証として使えません
notice-juki-card-detail = このカードは健康保険証として使えません。マイナンバーカードか資格確認書をお使いください。
notice-card-removed = カードが離れました
notice-card-removed-detail = 最初からやり直してください。
notice-card-problem = カードを読み取れませんでした
notice-card-problem-detail = カードケースから出して、置き直してください。
notice-wrong-pin = 暗証番号が違います
notice-wrong-pin-detail = 入力できるのは、あと{ $tries }回です。
notice-wrong-pin-retry = もう一度入力する
notice-pin-locked = 暗証番号を使えません
notice-pin-locked-detail = 暗証番号がロックされているか、設定されていません。ロックの解除は、お住まいの市区町村の窓口でできます。
notice-certificate-expired = 電子証明書の有効期限が切れています
notice-certificate-expired-detail = 有効期限が切れ、保険証として使える期間も過ぎています（スマートフォンは期限が切れると使えません）。お住まいの市区町村で更新してください。
notice-needs-staff = 資格を確認できませんでした
notice-needs-staff-detail = 保険の資格について、受付で確認します。
notice-refused = このカードでは確認できませんでした
notice-refused-detail = 受付でほかの方法で確認します。
notice-gateway-unreachable = 資格確認システムにつながりません
notice-gateway-unreachable-detail = 通信の問題です。受付で確認します。
notice-face-unavailable = 顔認証は使えません
notice-face-unavailable-detail = この受付機では顔認証を使えません。暗証番号を使うか、スタッフにお声がけください。
notice-card-photo-unproven = このカードの写真を確認できませんでした
notice-card-photo-unproven-detail = このカードでは顔認証を使えません。暗証番号を使うか、スタッフにお声がけください。
notice-staff-called = スタッフを呼びました
notice-staff-called-detail = その場で少々お待ちください。
notice-speak-to-reception = 受付窓口にお声がけください
notice-speak-to-reception-detail = この機械はスタッフを呼びません。カードを持って、受付窓口でお伝えください。
notice-timed-out = 時間切れになりました
notice-timed-out-detail = 最初からやり直してください。
notice-phone-cancelled = iPhoneで取り消されました
notice-phone-cancelled-detail = もう一度するときは、iPhoneをリーダーに置き直してください。
notice-phone-no-answer = iPhoneで確認できませんでした
notice-phone-no-answer-detail = 時間内に終わりませんでした。資格は受付で確認します。

## デモ・スタッフ用パネル（患者向けではありません）
demo-title = デモ（スタッフ用）
demo-hint = 仮想カードをリーダーに置く／取り出す
demo-insert = 置く
demo-on-reader = リーダー上
demo-remove = カードを取り出す
font-missing = 日本語フォントが見つかりません。英語で表示しています。
# $languages: 言語のタグ（例: th, ne）
font-missing-languages = フォントがないため、次の言語を表示していません：{ $languages }

## 顔認証
era-meiji = 明治
era-taisho = 大正
era-showa = 昭和
era-heisei = 平成
era-reiwa = 令和
face-code-title = カードの表面を見て入力してください
face-code-help = 顔写真を読み取るために使います（マイナンバー（12桁）は使いません）。生年月日の元号と年月日、有効期限の年、写真の下の4桁のセキュリティコードです。
face-code-era = 生年月日の元号：
face-code-first-year = 元年は「01」と入力してください。
face-code-birth = 生年月日（年月日6桁）
face-code-expiry = 有効期限の年（西暦4桁）
face-code-security = セキュリティコード（4桁）
face-code-submit = 次へ
face-code-invalid = 入力がカードの表面と合いません。元号・日付・年を確かめてください。
# $tries: カードに残る試行回数
face-code-wrong = 番号が違います（あと{ $tries }回）。カードの表面を見て確かめてください。
# $attempt: 何回目か, $attempts: 全回数
face-check-title = 顔認証（{ $attempt }/{ $attempts }回目）
face-guide-starting = カメラを準備しています…
face-guide-no-face = カメラの方を見てください。
face-guide-several-faces = お一人だけで映ってください。
face-guide-come-closer = もう少しカメラに近づいてください。
# $done: 確認できた枚数, $needed: 必要な枚数
face-guide-looking = そのままカメラを見てください（{ $done }/{ $needed }）。
face-guide-turn-left = ゆっくり顔を左へ向けてください。
face-guide-turn-right = ゆっくり顔を右へ向けてください。
face-check-privacy = 映像と写真はこの確認にだけ使い、保存しません。
face-retry-title = 顔で確認できませんでした
face-miss-not-same = カードの写真と同じ方か確認できませんでした。マスクや帽子、眼鏡を外して、もう一度お試しください。
face-miss-no-face = 顔が映りませんでした。カメラの正面に立ってください。
face-miss-liveness = 案内どおりに顔を向けてください。写真や画面は使えません。
face-miss-inconclusive = はっきり確認できませんでした。明るい所で、カメラの正面でお試しください。
face-retry-again = もう一度顔で確認する
face-retry-pin = 暗証番号で確認する
face-retry-staff = 受付のスタッフが確認します。

## 時間延長の確認
more-time-title = まだ続けますか？
# $seconds: 残り秒数
more-time-detail = 操作がないため、{ $seconds }秒ほどで最初の画面に戻ります。
more-time-cleared = 入力した番号は消しました。
more-time-yes = 続ける

## この受付で使う補助 (待機画面) と音声案内
assist-large-text = 文字を大きく
assist-high-contrast = 白黒反転
assist-audio = 音声案内（+キー）
# 音声案内で読み上げる文 (assets/audio、scripts/make-audio.sh で作成)。1行ずつ、やさしい言葉で、
# 置き換えなし。暗証番号の数字は決して読み上げない。
audio-idle = 音声案内を始めます。マイナンバーカードを、顔写真のある面を上にして、カードリーダーに置いてください。
audio-working = カードを読み取っています。カードはそのまま置いておいてください。
audio-method = 本人確認の方法を選んでください。4けたの暗証番号か、顔認証です。
audio-pin = 4けたの暗証番号を入力して、「決定」を押してください。テンキーでは、エンターが「決定」です。数字は読み上げません。
audio-last-try = ご注意ください。次が最後の1回です。間違えるとロックされます。わからないときは係員を呼んでください。
audio-consent = 医療機関に提供する情報を選んでください。全て同意する、個別に同意する、同意しない、から選べます。
audio-result = 保険の資格が確認できました。カードをお取りになり、お呼びするまでお待ちください。
audio-result-provisional = いまはオンラインで資格を確認できませんでした。受付で確認します。カードをお取りください。
audio-wrong-pin = 暗証番号が違います。もう一度入力してください。
audio-see-staff = カードをお取りになり、受付の係員にお声がけください。
audio-take-card = 受付が終わりました。カードをお取りください。
audio-leave-card = カードはリーダーに置いたままにしてください。受付のスタッフが、このカードで確認します。
audio-call-staff-confirm = スタッフを呼ぶと、ここでの受付は終わります。呼ぶか、受付を続けるかを選んでください。
audio-timed-out = 時間切れで受付を終わりました。カードをお取りください。
audio-more-time = まだ続けますか。続けるときは、「続ける」を押してください。テンキーでは、エンターです。
audio-face-code = カードの表面に書かれている、生年月日、有効期限の年、セキュリティコードを入力してください。
audio-face-check = カメラを見てください。画面の案内に合わせて、ゆっくり顔を向けてください。
audio-face-retry = 顔を確認できませんでした。もう一度試すか、暗証番号を使ってください。
audio-phone = お使いのアイフォーンで、フェイスアイディー、またはタッチアイディーで確認してください。終わるまで、アイフォーンはリーダーに置いたままにしてください。

## The card front read by the camera (issue 20)

front-title = カードの表面をカメラに見せてください
front-lift = カードをリーダーから持ち上げ、表面（顔写真のある面）をカメラに向けてください。読み取りが終わったら、リーダーに戻してください。
front-guide-starting = カメラを準備しています…
front-guide-show = カードの表面をカメラに向けてください。
front-guide-edge = カード全体が映るようにしてください。
front-guide-closer = カードをもう少しカメラに近づけてください。
front-guide-still = カードを動かさずに持っていてください。
front-guide-glare = 光が反射しています。カードを少し傾けてください。
front-guide-reading = 読み取っています…そのまま持っていてください。
front-privacy = 読み取るのは生年月日、有効期限の年、セキュリティコードだけです。映像は保存しません。
front-type-instead = 数字を入力する
front-put-back-title = カードをリーダーに戻してください
front-put-back-detail = { $seconds }秒以内に同じカードを戻してください。戻らない場合は受付を終了し、何も残しません。
front-put-back-checking = カードを確認しています…
face-code-read-title = カードから読み取った数字を確認してください
face-code-read-help = カメラでカードの表面から読み取りました。違っていれば直してから「次へ」を押してください。押すまでは何も送りません。
audio-card-front = カードを持ち上げて、顔写真のある表面をカメラに向けてください。
audio-put-card-back = カードをリーダーに戻してください。
