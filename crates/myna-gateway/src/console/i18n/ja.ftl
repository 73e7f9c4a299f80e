# The staff console (crates/myna-gateway/src/console), Japanese. Staff see these, never patients.
console-title = スタッフコンソール
console-clinic-server = 受付スタッフ用（クリニックサーバー）
language-switch = 表示言語
skip-to-content = 本文へ移動

sign-in-title = サインイン
sign-in-intro = スタッフ名と、パスワードまたは PIN を入力してください。
sign-in-name = スタッフ名
sign-in-secret = パスワードまたは PIN
sign-in-submit = サインイン
sign-in-wrong = スタッフ名またはパスワード（PIN）が違います。
sign-in-locked = 誤りが続いたため、このスタッフは一時的にロックされています。{ $minutes } 分後にもう一度お試しください。
sign-in-needs-admin = このスタッフはロックされています。管理者が解除するまでサインインできません（myna-gateway staff unlock）。
sign-in-expired = 一定時間操作がなかったため、サインアウトしました。もう一度サインインしてください。
sign-in-signed-out = サインアウトしました。
sign-in-restart-note = サーバーを再起動すると、全員サインアウトされます。

signed-in-as = { $name }（{ $role }）でサインイン中
role-staff = スタッフ
role-admin = 管理者
sign-out = サインアウト

confirmations-title = 本日の資格確認
confirmations-intro = 全受付機の資格確認の結果です。個人情報を含みます。画面を離れるときはサインアウトしてください。
filter-legend = 絞り込み
filter-date = 日付
filter-from = 開始時刻
filter-to = 終了時刻
filter-kiosk = 受付機
filter-all-kiosks = すべての受付機
filter-submit = 表示
filter-bad-date = 日付は YYYY-MM-DD の形で入力してください。
filter-bad-time = 時刻は HH:MM の形で入力してください。
filter-bad-range = 開始時刻は終了時刻より前にしてください。
filter-bad-kiosk = 受付機 ID が正しくありません。
confirmations-count = { $count }件
confirmations-none = この条件の資格確認はありません。
confirmations-truncated = 表示は最新の { $count }件までです。条件を絞り込んでください。

column-time = 時刻
column-kiosk = 受付機
column-method = 確認方法
column-assurance = 本人確認の強さ
column-validity = 資格
column-name = 氏名
column-insurer = 保険者番号
column-numbers = 記号・番号・枝番

method-pin = 暗証番号
method-face = 顔認証
method-staff_visual = 目視確認
method-insurance_number = 保険証番号で照会
assurance-card_signature = カードの署名
assurance-kiosk_attestation = 受付機の証明
validity-1 = 有効
validity-2 = 無効
validity-3 = 無効（新しい資格あり）
validity-4 = 該当資格なし
validity-5 = 複数該当
validity-6 = 有効（未登録）
validity-other = その他

refused-title = この操作は受け付けられませんでした
refused-csrf = フォームの確認用の値（CSRF トークン）がないか、正しくありません。別のタブや古い画面から送信された可能性があります。もう一度やり直してください。
refused-back = サインイン画面へ戻る
error-title = エラー
error-internal = サーバーでエラーが起きました。管理者に連絡してください（詳細はサーバーのログにあります）。
