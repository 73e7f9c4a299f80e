# myna-kiosk: 한국어. 키와 자리표시자는 ja/main.ftl 과 같아야 합니다(`cargo test` 가 확인).

## Common
app-title = 접수 – 마이넘버 카드(マイナンバーカード)
call-staff = 직원 호출
call-staff-confirm-title = 직원을 부르시겠습니까?
call-staff-confirm-detail = 여기에서의 접수는 종료됩니다. 계속하려면 '접수 계속하기'를 누르세요.
call-staff-confirm-back = 접수 계속하기
back = 뒤로
ok = 확인
see-staff = 접수처 직원에게 문의해 주십시오.
staff-coming = 직원이 지금 이쪽으로 오고 있습니다.
language-label = 언어
out-of-service = 지금은 이 접수기를 사용할 수 없습니다
date = { $year }년 { $month }월 { $day }일

## Idle
idle-title = 마이넘버 카드를 올려 주십시오
idle-hint = 얼굴 사진이 있는 면을 위로 하여 카드 리더기에 올려 주십시오.
idle-hint-case = 카드 케이스에서 꺼내 주십시오.

## Working
working-title = 확인 중입니다
working-hint = 카드를 그대로 둔 채 잠시 기다려 주십시오.

## Identity method
method-title = 본인 확인 방법을 선택해 주십시오
method-face = 얼굴 인증
method-face-needs-code = 얼굴 인증에서는 카드 앞면의 숫자(생년월일, 유효기간 연도, 보안 코드)를 입력합니다.
method-pin = 비밀번호(숫자 4자리, 暗証番号)
method-tries-left = 남은 횟수 { $tries }회
method-face-unavailable = 이 접수기에서는 얼굴 인증을 사용할 수 없습니다.
method-pin-unavailable = 비밀번호가 잠겼거나 설정되지 않아 사용할 수 없습니다.

## PIN
pin-title = 비밀번호(숫자 4자리)를 입력해 주십시오
pin-tries-left = 앞으로 { $tries }회 입력할 수 있습니다.
pin-tries-unknown = 비밀번호를 3회 연속 틀리면 잠깁니다.
pin-privacy = 비밀번호는 화면에 표시되지 않으며 저장되지도 않습니다.
pin-clear = 모두 지우기
pin-delete = 한 자 지우기
pin-submit = 결정

## iPhone
phone-title = iPhone에서 확인해 주십시오
phone-hint = iPhone 화면의 안내에 따라 Face ID 또는 Touch ID로 확인해 주십시오. 끝날 때까지 iPhone을 리더기 위에 그대로 두십시오.
phone-asking = iPhone에 확인을 요청하고 있습니다…
phone-countdown = 남은 시간: { $seconds }초
phone-cancel = 취소

## Last try
last-try-title = 비밀번호 입력 기회가 1회 남았습니다
last-try-body = 다음에 틀리면 비밀번호가 잠기며, 거주하시는 시구정촌 창구에서 다시 설정해야 합니다.
last-try-face = 얼굴 인증으로 하기
last-try-confirm = 비밀번호가 확실하므로 입력합니다

## Consent
consent-title = 의료 정보 제공에 동의하십니까?
consent-body = 과거의 진료·약·수술·건강검진 정보를 이 의료기관이 볼 수 있게 됩니다.
consent-no-effect = 동의하지 않아도 받을 수 있는 진료와 창구에서 내는 금액은 바뀌지 않습니다. 고액 의료비 한도액은 동의와 관계없이 적용됩니다.
consent-all = 모두 동의
consent-individually = 항목별로 선택
consent-none = 동의하지 않음
consent-individual-title = 제공할 정보를 선택해 주십시오
consent-individual-hint = 선택하지 않은 정보는 제공되지 않습니다.
consent-item-medication-clinical = 진료·약제 정보
consent-item-surgery = 수술 정보
consent-item-health-check = 특정 건강검진 정보
consent-yes = 제공
consent-no = 제공 안 함
consent-submit = 이 내용으로 결정

## Result
result-title = 접수가 완료되었습니다
take-card-title = 카드를 가져가 주세요
take-phone-title = 휴대폰을 가져가 주세요
take-card-hint = 리더기에서 들어 올리면 접수가 끝납니다.
leave-card-title = 카드를 리더기 위에 그대로 두세요
leave-card-hint = 접수 직원이 이 카드로 확인합니다.
result-limit-under-70 = { $label }(70세 미만)
result-limit-70-and-over = { $label }(70세 이상)
result-warning-expiring = 카드의 전자증명서 유효기간은 { $date }까지입니다. 거주하시는 시구정촌에서 갱신해 주십시오.
result-warning-grace = 카드의 전자증명서 유효기간({ $date })이 지나서 오늘은 보험 자격 확인만 했습니다(진료·약 정보는 제공되지 않습니다). 거주하시는 시구정촌에서 갱신해 주십시오.
result-provisional = 임시 결과입니다(마지막 확인일: { $date }). 접수처에서 확인합니다.

## High-cost care limit categories (OQSCD012): the Japanese category names staff use
limit-a01 = ア
limit-a02 = イ
limit-a03 = ウ
limit-a04 = エ
limit-a05 = オ
limit-a06 = オ(경계층)
limit-b01 = 현역 수준 소득 Ⅲ
limit-b02 = 현역 수준 소득 Ⅱ
limit-b03 = 현역 수준 소득 Ⅰ
limit-b04 = 일반
limit-b05 = 저소득 Ⅱ
limit-b06 = 저소득 Ⅰ
limit-b07 = 저소득 Ⅰ(노령복지연금)
limit-b08 = 저소득 Ⅰ(경계층)
limit-b09 = 일반 Ⅱ
limit-b10 = 일반 Ⅰ

## Notices
notice-not-my-number-card = 마이넘버 카드가 아닌 것 같습니다
notice-not-my-number-card-detail = 이 카드는 사용할 수 없습니다. 마이넘버 카드(マイナンバーカード)를 가지고 계시면 그 카드를 올려 주십시오.
notice-juki-card = 주민기본대장 카드(住基カード)는 사용할 수 없습니다
notice-juki-card-detail = 이 카드는 건강보험증으로 사용할 수 없습니다. 마이넘버 카드(マイナンバーカード)나 자격확인서(資格確認書)를 사용해 주십시오.
notice-card-removed = 카드가 떨어졌습니다
notice-card-removed-detail = 처음부터 다시 해 주십시오.
notice-card-problem = 카드를 읽을 수 없었습니다
notice-card-problem-detail = 카드 케이스에서 꺼내어 다시 올려 주십시오.
notice-wrong-pin = 비밀번호가 틀렸습니다
notice-wrong-pin-detail = 앞으로 { $tries }회 입력할 수 있습니다.
notice-wrong-pin-retry = 다시 입력하기
notice-pin-locked = 비밀번호를 사용할 수 없습니다
notice-pin-locked-detail = 비밀번호가 잠겼거나 설정되지 않았습니다. 잠금 해제는 거주하시는 시구정촌 창구에서 할 수 있습니다.
notice-certificate-expired = 전자증명서의 유효기간이 지났습니다
notice-certificate-expired-detail = 유예 기간도 지나 보험증으로 사용할 수 없습니다(스마트폰은 기한이 지나면 바로 사용할 수 없습니다). 거주하시는 시구정촌에서 갱신해 주십시오.
notice-needs-staff = 보험 자격을 확인할 수 없었습니다
notice-needs-staff-detail = 접수처에서 보험 자격을 함께 확인하겠습니다.
notice-refused = 이 카드로는 확인할 수 없었습니다
notice-refused-detail = 접수처에서 다른 방법으로 확인하겠습니다.
notice-gateway-unreachable = 자격 확인 시스템에 연결할 수 없습니다
notice-gateway-unreachable-detail = 통신 문제입니다. 접수처에서 확인하겠습니다.
notice-face-unavailable = 얼굴 인증을 사용할 수 없습니다
notice-face-unavailable-detail = 이 접수기에서는 얼굴 인증을 사용할 수 없습니다. 비밀번호를 사용하시거나 직원에게 문의해 주십시오.
notice-card-photo-unproven = 이 카드의 사진을 확인할 수 없었습니다
notice-card-photo-unproven-detail = 이 카드로는 얼굴 인증을 사용할 수 없습니다. 비밀번호를 사용하시거나 직원이 도와드리겠습니다.
notice-staff-called = 직원을 불렀습니다
notice-staff-called-detail = 그 자리에서 잠시 기다려 주십시오.
notice-speak-to-reception = 접수 창구에 말씀해 주십시오
notice-speak-to-reception-detail = 이 기기는 직원을 자동으로 부르지 않습니다. 카드를 가지고 접수 창구 직원에게 말씀해 주십시오.
notice-timed-out = 시간이 초과되었습니다
notice-timed-out-detail = 처음부터 다시 해 주십시오.
notice-phone-cancelled = iPhone에서 취소되었습니다
notice-phone-cancelled-detail = 다시 하시려면 iPhone을 리더기 위에 다시 올려 주십시오.
notice-phone-no-answer = 시간 안에 iPhone에서 확인되지 않았습니다
notice-phone-no-answer-detail = 접수처에서 직원이 보험을 확인해 드립니다.

## Demo / staff panel (not for patients)
demo-title = 데모(직원용)
demo-hint = 가상 카드를 리더기에 올리기 / 꺼내기
demo-insert = 올리기
demo-on-reader = 리더기 위
demo-remove = 카드 꺼내기
font-missing = 일본어 글꼴을 찾을 수 없어 영어로 표시합니다.
font-missing-languages = 글꼴이 없어 다음 언어를 숨겼습니다: { $languages }

## 얼굴 인증
era-meiji = 메이지
era-taisho = 다이쇼
era-showa = 쇼와
era-heisei = 헤이세이
era-reiwa = 레이와
face-code-title = 카드 앞면을 보고 입력해 주십시오
face-code-help = 카드의 얼굴 사진을 읽는 데 사용합니다(마이넘버(12자리)는 사용하지 않습니다). 생년월일의 연호와 연월일, 유효기간의 연도, 사진 아래에 있는 4자리 보안 코드입니다.
face-code-era = 생년월일의 연호:
face-code-first-year = 연호의 첫해(원년, 간넨)는 01로 입력하세요.
face-code-birth = 생년월일(연월일 6자리)
face-code-expiry = 유효기간 연도(서기 4자리)
face-code-security = 보안 코드(4자리)
face-code-submit = 다음
face-code-invalid = 입력한 내용이 카드 앞면과 맞지 않습니다. 연호·날짜·연도를 확인해 주십시오.
face-code-wrong = 번호가 틀렸습니다(남은 횟수 { $tries }회). 카드 앞면을 보고 확인해 주십시오.
face-check-title = 얼굴 인증({ $attempts }회 중 { $attempt }회째)
face-guide-starting = 카메라를 준비하고 있습니다…
face-guide-no-face = 카메라를 봐 주십시오.
face-guide-several-faces = 한 분만 화면에 나오도록 해 주십시오.
face-guide-come-closer = 카메라에 조금 더 가까이 와 주십시오.
face-guide-looking = 그대로 카메라를 봐 주십시오({ $done }/{ $needed }).
face-guide-turn-left = 천천히 얼굴을 본인의 왼쪽으로 돌려 주십시오.
face-guide-turn-right = 천천히 얼굴을 본인의 오른쪽으로 돌려 주십시오.
face-check-privacy = 영상과 사진은 이 확인에만 사용하며 저장하지 않습니다.
face-retry-title = 얼굴로 확인할 수 없었습니다
face-miss-not-same = 카드 사진과 같은 사람인지 확인할 수 없었습니다. 마스크나 모자, 안경을 벗고 다시 시도해 주십시오.
face-miss-no-face = 얼굴이 보이지 않았습니다. 카메라 정면에 서 주십시오.
face-miss-liveness = 안내에 따라 얼굴을 돌려 주십시오. 사진이나 화면은 사용할 수 없습니다.
face-miss-inconclusive = 확실하게 확인할 수 없었습니다. 밝은 곳에서 카메라 정면을 보고 다시 시도해 주십시오.
face-retry-again = 다시 얼굴로 확인하기
face-retry-pin = 비밀번호로 확인하기
face-retry-staff = 접수처 직원이 확인하겠습니다.

## 시간 연장
more-time-title = 시간이 더 필요하십니까?
more-time-detail = 한동안 조작이 없어서 약 { $seconds }초 후에 처음 화면으로 돌아갑니다.
more-time-cleared = 입력한 번호는 지웠습니다.
more-time-yes = 네, 계속하기

## 이번 방문의 보조 기능(대기 화면)과 음성 안내
assist-large-text = 글자 크게
assist-high-contrast = 고대비
assist-audio = 음성 안내(+ 키)
# 음성 안내로 읽는 문장(assets/audio, scripts/make-audio.sh 로 생성): 한 줄에 하나씩, 쉬운 말로,
# 자리표시자 없음. 비밀번호 숫자는 절대 읽지 않습니다.
audio-idle = 음성 안내를 시작합니다. 마이넘버 카드를 얼굴 사진이 있는 면을 위로 하여 카드 리더기에 올려 주십시오.
audio-working = 카드를 읽고 있습니다. 카드를 리더기에 그대로 올려 두십시오.
audio-method = 본인 확인 방법을 선택해 주십시오. 숫자 네 자리 비밀번호, 또는 얼굴 인증입니다.
audio-pin = 숫자 네 자리 비밀번호를 키패드로 입력한 뒤 엔터 키를 눌러 주십시오. 입력한 숫자는 읽어 드리지 않습니다.
audio-last-try = 주의해 주십시오. 이번이 마지막 기회입니다. 비밀번호가 틀리면 잠깁니다. 확실하지 않으면 직원을 불러 주십시오.
audio-consent = 이 의료기관이 볼 수 있는 정보를 선택해 주십시오. 모두 동의하거나, 하나씩 선택하거나, 동의하지 않을 수 있습니다.
audio-result = 건강보험 자격이 확인되었습니다. 카드를 가져가시고, 부를 때까지 기다려 주십시오.
audio-result-provisional = 지금은 온라인으로 보험 자격을 확인할 수 없었습니다. 접수처 직원이 확인하겠습니다. 카드를 가져가 주십시오.
audio-wrong-pin = 비밀번호가 틀렸습니다. 다시 입력해 주십시오.
audio-see-staff = 카드를 가져가시고 접수처 직원에게 문의해 주십시오. 직원이 도와드리겠습니다.
audio-take-card = 접수가 끝났습니다. 카드를 가져가 주세요.
audio-leave-card = 카드를 리더기 위에 그대로 두세요. 접수 직원이 이 카드로 확인합니다.
audio-call-staff-confirm = 직원을 부르면 여기에서의 접수는 종료됩니다. 직원 호출 또는 계속하기를 선택하세요.
audio-timed-out = 시간이 지나 접수가 종료되었습니다. 카드를 가져가 주세요.
audio-more-time = 시간이 더 필요하십니까? 계속하시려면 엔터 키를 눌러 주십시오.
audio-face-code = 카드 앞면에 적힌 숫자를 입력해 주십시오. 생년월일, 유효기간 연도, 보안 코드입니다.
audio-face-check = 카메라를 봐 주십시오. 그리고 화면의 안내에 따라 천천히 얼굴을 돌려 주십시오.
audio-face-retry = 얼굴을 확인할 수 없었습니다. 다시 시도하시거나 비밀번호를 사용해 주십시오.
audio-phone = iPhone에서 Face ID 또는 Touch ID로 확인해 주십시오. 끝날 때까지 iPhone을 리더기 위에 그대로 두십시오.

## The card front read by the camera (issue 20)

front-title = 카드 앞면을 카메라에 보여 주십시오
front-lift = 카드를 리더에서 들어 올려 앞면(사진이 있는 면)을 카메라에 보여 주십시오. 끝나면 리더에 다시 놓아 주십시오.
front-guide-starting = 카메라를 준비하고 있습니다…
front-guide-show = 카드 앞면을 카메라 쪽으로 향해 주십시오.
front-guide-edge = 카드 전체가 화면에 들어오게 해 주십시오.
front-guide-closer = 카드를 조금 더 가까이 가져와 주십시오.
front-guide-still = 카드를 움직이지 말고 들고 계십시오.
front-guide-glare = 빛이 반사되고 있습니다. 카드를 조금 기울여 주십시오.
front-guide-reading = 숫자를 읽고 있습니다… 그대로 들고 계십시오.
front-privacy = 생년월일, 유효기간 연도, 보안 코드만 읽습니다. 영상은 저장하지 않습니다.
front-type-instead = 숫자 직접 입력하기
front-put-back-title = 카드를 리더에 다시 놓아 주십시오
front-put-back-detail = { $seconds }초 안에 같은 카드를 다시 놓아 주십시오. 그렇지 않으면 접수가 끝나고 아무것도 남기지 않습니다.
front-put-back-checking = 카드를 확인하고 있습니다…
face-code-read-title = 카드에서 읽은 숫자를 확인해 주십시오
face-code-read-help = 카메라가 카드 앞면에서 이 숫자를 읽었습니다. 틀린 것이 있으면 고친 후 다음을 눌러 주십시오. 누르기 전에는 아무것도 보내지 않습니다.
audio-card-front = 카드를 들어 올려 사진이 있는 앞면을 카메라에 보여 주십시오.
audio-put-card-back = 카드를 리더에 다시 놓아 주십시오.
