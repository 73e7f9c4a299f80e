# myna-kiosk: Tiếng Việt. Giữ các khóa và tham số như ja/main.ftl (`cargo test` kiểm tra).

## Common
app-title = Tiếp nhận – Thẻ My Number (マイナンバーカード)
call-staff = Gọi nhân viên
call-staff-confirm-title = Gọi nhân viên?
call-staff-confirm-detail = Việc tiếp nhận tại đây sẽ kết thúc. Để tiếp tục, hãy chạm "Tiếp tục".
call-staff-confirm-back = Tiếp tục
back = Quay lại
ok = OK
see-staff = Vui lòng hỏi nhân viên quầy tiếp nhận.
staff-coming = Nhân viên đang đến chỗ quý vị ngay bây giờ.
language-label = Ngôn ngữ
out-of-service = Máy này hiện không sử dụng được
date = ngày { $day } tháng { $month } năm { $year }

## Idle
idle-title = Vui lòng đặt Thẻ My Number của bạn
idle-hint = Đặt thẻ lên đầu đọc thẻ, mặt có ảnh hướng lên trên.
idle-hint-case = Hãy lấy thẻ ra khỏi bao đựng trước.

## Working
working-title = Đang kiểm tra
working-hint = Vui lòng để nguyên thẻ trên đầu đọc và chờ một chút.

## Identity method
method-title = Chọn cách xác nhận danh tính
method-face = Nhận diện khuôn mặt
method-face-needs-code = Để nhận diện khuôn mặt, bạn cần nhập các số ở mặt trước thẻ (ngày sinh, năm hết hạn, mã bảo mật).
method-pin = Mã PIN (4 chữ số, 暗証番号)
method-tries-left = Còn { $tries } lần
method-face-unavailable = Máy này không dùng được nhận diện khuôn mặt.
method-pin-unavailable = Không dùng được mã PIN: mã đã bị khóa hoặc chưa được đăng ký.

## PIN
pin-title = Nhập mã PIN 4 chữ số
pin-tries-left = Bạn còn { $tries } lần nhập.
pin-tries-unknown = Nhập sai 3 lần liên tiếp, mã PIN sẽ bị khóa.
pin-privacy = Mã PIN không hiện trên màn hình và không được lưu lại.
pin-clear = Xóa hết
pin-delete = Xóa 1 số
pin-submit = OK

## iPhone
phone-title = Vui lòng xác nhận trên iPhone của bạn
phone-hint = Làm theo hướng dẫn trên màn hình iPhone và xác nhận bằng Face ID hoặc Touch ID. Hãy để iPhone trên đầu đọc cho đến khi xong.
phone-asking = Đang gửi yêu cầu xác nhận đến iPhone của bạn…
phone-countdown = Thời gian còn lại: { $seconds } giây
phone-cancel = Hủy

## Last try
last-try-title = Chỉ còn 1 lần nhập mã PIN
last-try-body = Nếu nhập sai lần nữa, mã PIN sẽ bị khóa và bạn phải đặt lại tại ủy ban quận/thành phố nơi bạn sống.
last-try-face = Dùng nhận diện khuôn mặt
last-try-confirm = Tôi chắc chắn – nhập mã PIN

## Consent
consent-title = Bạn có đồng ý cung cấp thông tin y tế không?
consent-body = Cơ sở y tế này sẽ xem được thông tin khám chữa bệnh, thuốc, phẫu thuật và khám sức khỏe trước đây của bạn.
consent-no-effect = Dù không đồng ý, việc khám chữa bệnh và số tiền bạn trả không thay đổi. Mức trần chi phí y tế cao hằng tháng vẫn luôn được áp dụng.
consent-all = Đồng ý tất cả
consent-individually = Chọn từng mục
consent-none = Không đồng ý
consent-individual-title = Chọn thông tin muốn cung cấp
consent-individual-hint = Thông tin không được chọn sẽ không được cung cấp.
consent-item-medication-clinical = Khám chữa bệnh và thuốc
consent-item-surgery = Phẫu thuật
consent-item-health-check = Khám sức khỏe định kỳ đặc biệt
consent-yes = Cung cấp
consent-no = Không cung cấp
consent-submit = Xác nhận lựa chọn

## Result
result-title = Đã tiếp nhận xong
take-card-title = Vui lòng lấy thẻ của bạn
take-phone-title = Vui lòng lấy điện thoại của bạn
take-card-hint = Khi bạn nhấc ra khỏi đầu đọc, việc tiếp nhận sẽ kết thúc.
leave-card-title = Vui lòng để thẻ trên đầu đọc
leave-card-hint = Nhân viên quầy tiếp nhận sẽ dùng thẻ này để kiểm tra.
result-limit-under-70 = Mức { $label } (dưới 70 tuổi)
result-limit-70-and-over = { $label } (từ 70 tuổi)
result-warning-expiring = Chứng thư điện tử trong thẻ hết hạn vào { $date }. Vui lòng gia hạn tại ủy ban quận/thành phố nơi bạn sống.
result-warning-grace = Chứng thư điện tử trong thẻ đã hết hạn vào { $date }, nên hôm nay chỉ xác nhận bảo hiểm của bạn (không chia sẻ hồ sơ y tế nào). Vui lòng gia hạn tại ủy ban quận/thành phố nơi bạn sống.
result-provisional = Kết quả tạm thời, xác nhận lần cuối { $date }. Nhân viên sẽ kiểm tra lại.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (nhóm giáp ranh)
limit-b01 = Thu nhập như người đang làm việc III
limit-b02 = Thu nhập như người đang làm việc II
limit-b03 = Thu nhập như người đang làm việc I
limit-b04 = Thông thường
limit-b05 = Thu nhập thấp II
limit-b06 = Thu nhập thấp I
limit-b07 = Thu nhập thấp I (lương hưu phúc lợi)
limit-b08 = Thu nhập thấp I (nhóm giáp ranh)
limit-b09 = Thông thường II
limit-b10 = Thông thường I

## Notices
notice-not-my-number-card = Đây có vẻ không phải Thẻ My Number
notice-not-my-number-card-detail = Không dùng được thẻ này. Nếu bạn có Thẻ My Number (マイナンバーカード), hãy đặt thẻ đó.
notice-juki-card = Không dùng được thẻ Đăng ký cư dân cơ bản (住基カード)
notice-juki-card-detail = Thẻ này không dùng làm thẻ bảo hiểm y tế được. Vui lòng dùng Thẻ My Number (マイナンバーカード) hoặc giấy xác nhận tư cách (資格確認書).
notice-card-removed = Thẻ đã bị lấy ra
notice-card-removed-detail = Vui lòng làm lại từ đầu.
notice-card-problem = Không đọc được thẻ
notice-card-problem-detail = Lấy thẻ ra khỏi bao đựng và đặt lại.
notice-wrong-pin = Mã PIN không đúng
notice-wrong-pin-detail = Bạn còn { $tries } lần nhập.
notice-wrong-pin-retry = Nhập lại
notice-pin-locked = Không dùng được mã PIN
notice-pin-locked-detail = Mã PIN đã bị khóa hoặc chưa được đăng ký. Có thể mở khóa tại ủy ban quận/thành phố nơi bạn sống.
notice-certificate-expired = Chứng thư điện tử trong thẻ đã hết hạn
notice-certificate-expired-detail = Đã hết thời gian ân hạn nên thẻ không dùng làm thẻ bảo hiểm được (trên điện thoại thì hết hạn là không dùng được). Vui lòng gia hạn tại ủy ban quận/thành phố nơi bạn sống.
notice-needs-staff = Không xác nhận được bảo hiểm của bạn
notice-needs-staff-detail = Nhân viên sẽ cùng bạn kiểm tra bảo hiểm.
notice-refused = Không xác nhận được bằng thẻ này
notice-refused-detail = Nhân viên sẽ xác nhận bằng cách khác.
notice-gateway-unreachable = Không kết nối được hệ thống bảo hiểm
notice-gateway-unreachable-detail = Đây là sự cố kết nối. Nhân viên sẽ giúp bạn.
notice-face-unavailable = Không dùng được nhận diện khuôn mặt
notice-face-unavailable-detail = Máy này không dùng được nhận diện khuôn mặt. Hãy dùng mã PIN hoặc hỏi nhân viên.
notice-card-photo-unproven = Không thể kiểm tra ảnh trên thẻ này
notice-card-photo-unproven-detail = Không dùng được nhận diện khuôn mặt với thẻ này. Hãy dùng mã PIN, hoặc nhân viên sẽ giúp bạn.
notice-staff-called = Đã gọi nhân viên
notice-staff-called-detail = Vui lòng chờ tại đây một chút.
notice-speak-to-reception = Vui lòng đến quầy tiếp nhận
notice-speak-to-reception-detail = Máy này không tự gọi nhân viên. Hãy mang theo thẻ và báo với nhân viên tại quầy.
notice-timed-out = Đã hết thời gian
notice-timed-out-detail = Vui lòng làm lại từ đầu.
notice-phone-cancelled = Đã hủy trên iPhone
notice-phone-cancelled-detail = Để thử lại, hãy đặt iPhone lên đầu đọc một lần nữa.
notice-phone-no-answer = iPhone chưa xác nhận kịp thời gian
notice-phone-no-answer-detail = Nhân viên sẽ kiểm tra bảo hiểm của bạn tại quầy.

## Demo / staff panel (not for patients)
demo-title = Demo (cho nhân viên)
demo-hint = Đặt thẻ ảo lên đầu đọc hoặc lấy ra
demo-insert = Đặt
demo-on-reader = Trên đầu đọc
demo-remove = Lấy thẻ ra
font-missing = Không tìm thấy phông tiếng Nhật: đang hiển thị tiếng Anh.
font-missing-languages = Thiếu phông chữ, các ngôn ngữ này bị ẩn: { $languages }

## Nhận diện khuôn mặt
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Nhập các số ở mặt trước thẻ của bạn
face-code-help = Các số này dùng để mở ảnh trong thẻ (không dùng số My Number 12 chữ số): niên hiệu và ngày sinh, năm thẻ hết hạn, và mã bảo mật 4 chữ số ở dưới ảnh.
face-code-era = Niên hiệu của năm sinh:
face-code-first-year = Năm đầu tiên của niên hiệu ("gannen") nhập là 01.
face-code-birth = Ngày sinh (năm, tháng, ngày: 6 chữ số)
face-code-expiry = Năm hết hạn (4 chữ số)
face-code-security = Mã bảo mật (4 chữ số)
face-code-submit = Tiếp theo
face-code-invalid = Các số này không khớp với thẻ. Hãy kiểm tra niên hiệu, ngày và năm.
face-code-wrong = Số không đúng (còn { $tries } lần). Hãy xem lại mặt trước thẻ.
face-check-title = Nhận diện khuôn mặt (lần { $attempt }/{ $attempts })
face-guide-starting = Đang khởi động camera…
face-guide-no-face = Vui lòng nhìn vào camera.
face-guide-several-faces = Vui lòng chỉ để một người trong khung hình.
face-guide-come-closer = Vui lòng đến gần camera hơn một chút.
face-guide-looking = Tiếp tục nhìn vào camera ({ $done }/{ $needed }).
face-guide-turn-left = Từ từ quay đầu sang bên trái của bạn.
face-guide-turn-right = Từ từ quay đầu sang bên phải của bạn.
face-check-privacy = Video và ảnh trong thẻ chỉ dùng cho lần kiểm tra này và không được lưu lại.
face-retry-title = Không xác nhận được khuôn mặt của bạn
face-miss-not-same = Khuôn mặt không khớp với ảnh trong thẻ. Vui lòng bỏ khẩu trang, mũ hoặc kính ra và thử lại.
face-miss-no-face = Không thấy khuôn mặt. Vui lòng đứng trước camera.
face-miss-liveness = Vui lòng quay đầu theo hướng dẫn. Không dùng được ảnh hoặc màn hình.
face-miss-inconclusive = Hình ảnh chưa đủ rõ. Vui lòng thử lại ở nơi đủ sáng, nhìn thẳng vào camera.
face-retry-again = Thử lại nhận diện khuôn mặt
face-retry-pin = Dùng mã PIN
face-retry-staff = Nhân viên quầy tiếp nhận sẽ giúp bạn.

## Thêm thời gian
more-time-title = Bạn có cần thêm thời gian không?
more-time-detail = Đã một lúc không có thao tác: sau khoảng { $seconds } giây, máy sẽ quay về màn hình đầu.
more-time-cleared = Các số bạn đã nhập đã được xóa.
more-time-yes = Có, tiếp tục

## Hỗ trợ cho lần khám này (màn hình chờ) và hướng dẫn bằng giọng nói
assist-large-text = Chữ lớn
assist-high-contrast = Tương phản cao
assist-audio = Hướng dẫn giọng nói (phím +)
# Câu được đọc bằng giọng nói (assets/audio, tạo bởi scripts/make-audio.sh): mỗi câu một dòng, lời
# dễ hiểu, không có tham số; không bao giờ đọc số của mã PIN.
audio-idle = Đã bật hướng dẫn bằng giọng nói. Vui lòng đặt Thẻ My Number lên đầu đọc thẻ, mặt có ảnh hướng lên trên.
audio-working = Đang đọc thẻ của bạn. Vui lòng để nguyên thẻ trên đầu đọc.
audio-method = Hãy chọn cách xác nhận danh tính, bằng mã PIN 4 chữ số, hoặc bằng nhận diện khuôn mặt.
audio-pin = Vui lòng nhập mã PIN 4 chữ số trên bàn phím số, rồi nhấn phím Enter. Các số bạn nhập sẽ không được đọc to.
audio-last-try = Xin chú ý, đây là lần nhập cuối cùng. Nếu mã PIN sai, mã sẽ bị khóa. Nếu không chắc chắn, hãy gọi nhân viên.
audio-consent = Hãy chọn những thông tin mà cơ sở y tế này được xem: đồng ý tất cả, chọn từng mục, hoặc không đồng ý.
audio-result = Bảo hiểm y tế của bạn đã được xác nhận. Vui lòng lấy lại thẻ và chờ đến khi được gọi tên.
audio-result-provisional = Hiện không kiểm tra được bảo hiểm của bạn qua mạng. Nhân viên quầy tiếp nhận sẽ xác nhận. Vui lòng lấy lại thẻ.
audio-wrong-pin = Mã PIN không đúng. Vui lòng nhập lại.
audio-see-staff = Vui lòng lấy lại thẻ và đến gặp nhân viên quầy tiếp nhận. Nhân viên sẽ giúp bạn.
audio-take-card = Việc tiếp nhận đã xong. Vui lòng lấy thẻ của bạn.
audio-leave-card = Vui lòng để thẻ trên đầu đọc. Nhân viên quầy tiếp nhận sẽ dùng thẻ này để kiểm tra.
audio-call-staff-confirm = Gọi nhân viên sẽ kết thúc việc tiếp nhận tại đây. Hãy chọn gọi nhân viên, hoặc tiếp tục.
audio-timed-out = Đã hết thời gian và việc tiếp nhận đã kết thúc. Vui lòng lấy thẻ của bạn.
audio-more-time = Bạn có cần thêm thời gian không? Nhấn phím Enter để tiếp tục.
audio-face-code = Vui lòng nhập các số in ở mặt trước thẻ, gồm ngày sinh, năm hết hạn và mã bảo mật.
audio-face-check = Vui lòng nhìn vào camera, rồi từ từ quay đầu theo hướng dẫn trên màn hình.
audio-face-retry = Không xác nhận được khuôn mặt của bạn. Bạn có thể thử lại, hoặc dùng mã PIN.
audio-phone = Vui lòng xác nhận trên iPhone bằng Face ID hoặc Touch ID. Hãy để iPhone trên đầu đọc cho đến khi xong.

## The card front read by the camera (issue 20)

front-title = Đưa mặt trước thẻ vào camera
front-lift = Nhấc thẻ khỏi đầu đọc và đưa mặt trước (mặt có ảnh) vào camera. Sau đó đặt thẻ lại lên đầu đọc.
front-guide-starting = Đang khởi động camera…
front-guide-show = Vui lòng đưa mặt trước thẻ vào camera.
front-guide-edge = Vui lòng đưa toàn bộ thẻ vào khung hình.
front-guide-closer = Vui lòng đưa thẻ lại gần hơn một chút.
front-guide-still = Vui lòng giữ thẻ yên.
front-guide-glare = Thẻ đang bị lóa sáng: vui lòng nghiêng thẻ một chút.
front-guide-reading = Đang đọc các số… vui lòng giữ nguyên.
front-privacy = Chỉ đọc ngày sinh, năm hết hạn và mã bảo mật. Hình ảnh không được lưu lại.
front-type-instead = Tự nhập các số
front-put-back-title = Vui lòng đặt thẻ lại lên đầu đọc
front-put-back-detail = Vui lòng đặt lại đúng thẻ đó trong vòng { $seconds } giây. Nếu không, việc tiếp nhận sẽ kết thúc và không có gì được lưu lại.
front-put-back-checking = Đang kiểm tra thẻ…
face-code-read-title = Kiểm tra các số đọc được từ thẻ
face-code-read-help = Camera đã đọc các số này từ mặt trước thẻ của bạn. Nếu có số sai, hãy sửa rồi nhấn Tiếp theo. Không có gì được gửi trước khi bạn nhấn.
audio-card-front = Vui lòng nhấc thẻ lên và đưa mặt có ảnh vào camera.
audio-put-card-back = Vui lòng đặt thẻ lại lên đầu đọc.
