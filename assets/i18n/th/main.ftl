# myna-kiosk: ภาษาไทย คีย์และตัวแปรต้องตรงกับ ja/main.ftl (`cargo test` ตรวจสอบ)
# ภาษาไทยไม่มีรูปพหูพจน์ จึงไม่ใช้ plural selector

## Common
app-title = แผนกต้อนรับ – บัตรมายนัมเบอร์ (マイナンバーカード)
call-staff = เรียกเจ้าหน้าที่
back = ย้อนกลับ
ok = ตกลง
see-staff = กรุณาติดต่อเจ้าหน้าที่ที่แผนกต้อนรับ
language-label = ภาษา
out-of-service = เครื่องนี้ไม่สามารถใช้งานได้ในขณะนี้
date = { $day } { $month ->
    [1] มกราคม
    [2] กุมภาพันธ์
    [3] มีนาคม
    [4] เมษายน
    [5] พฤษภาคม
    [6] มิถุนายน
    [7] กรกฎาคม
    [8] สิงหาคม
    [9] กันยายน
    [10] ตุลาคม
    [11] พฤศจิกายน
   *[12] ธันวาคม
} ค.ศ. { $year }

## Idle
idle-title = กรุณาวางบัตรมายนัมเบอร์ของท่าน
idle-hint = วางบัตรบนเครื่องอ่านบัตร โดยให้ด้านที่มีรูปถ่ายหงายขึ้น
idle-hint-case = กรุณานำบัตรออกจากซองใส่บัตรก่อน

## Working
working-title = กำลังตรวจสอบ
working-hint = กรุณาวางบัตรไว้บนเครื่องอ่านและรอสักครู่

## Identity method
method-title = ท่านต้องการยืนยันตัวตนด้วยวิธีใด
method-face = สแกนใบหน้า
method-pin = รหัส PIN (4 หลัก, 暗証番号)
method-tries-left = เหลืออีก { $tries } ครั้ง
method-face-unavailable = เครื่องนี้ไม่มีระบบสแกนใบหน้า
method-pin-unavailable = ใช้รหัส PIN ไม่ได้ เนื่องจากถูกล็อกหรือยังไม่ได้ตั้งรหัส

## PIN
pin-title = กรุณาใส่รหัส PIN 4 หลัก
pin-tries-left = ท่านใส่รหัสได้อีก { $tries } ครั้ง
pin-tries-unknown = หากใส่รหัสผิด 3 ครั้งติดต่อกัน รหัสจะถูกล็อก
pin-privacy = รหัส PIN จะไม่แสดงบนหน้าจอและไม่ถูกบันทึก
pin-clear = ลบทั้งหมด
pin-delete = ลบ
pin-submit = ตกลง

## iPhone
phone-title = กรุณายืนยันตัวตนบน iPhone ของท่าน
phone-hint = ทำตามที่หน้าจอ iPhone แสดง แล้วยืนยันด้วย Face ID หรือ Touch ID กรุณาวาง iPhone ไว้บนเครื่องอ่านจนกว่าจะเสร็จ
phone-asking = กำลังขอการยืนยันจาก iPhone ของท่าน…
phone-countdown = เวลาที่เหลือ: { $seconds } วินาที
phone-cancel = ยกเลิก

## Last try
last-try-title = เหลือโอกาสใส่รหัส PIN อีกเพียง 1 ครั้ง
last-try-body = หากใส่ผิดอีกครั้ง รหัสจะถูกล็อก และต้องไปตั้งรหัสใหม่ที่สำนักงานเขตหรือเทศบาลที่ท่านอาศัยอยู่
last-try-face = ใช้การสแกนใบหน้า
last-try-confirm = มั่นใจแล้ว – ใส่รหัส PIN

## Consent
consent-title = ท่านยินยอมให้เปิดเผยข้อมูลทางการแพทย์หรือไม่
consent-body = สถานพยาบาลนี้จะสามารถดูประวัติการรักษา ยา การผ่าตัด และการตรวจสุขภาพที่ผ่านมาของท่านได้
consent-no-effect = แม้ไม่ยินยอม การรักษาและค่าใช้จ่ายที่ท่านต้องจ่ายจะไม่เปลี่ยนแปลง
consent-all = ยินยอมทั้งหมด
consent-individually = เลือกทีละรายการ
consent-individual-title = เลือกข้อมูลที่จะเปิดเผย
consent-individual-hint = ข้อมูลที่ไม่ได้เลือกจะไม่ถูกเปิดเผย
consent-item-medication-clinical = ข้อมูลการรักษาและยา
consent-item-surgery = ข้อมูลการผ่าตัด
consent-item-health-check = ข้อมูลการตรวจสุขภาพเฉพาะ
consent-item-limit-certificate = ใบรับรองเพดานค่ารักษาพยาบาล (限度額)
consent-yes = เปิดเผย
consent-no = ไม่เปิดเผย
consent-submit = ยืนยันตามที่เลือก

## Result
result-title = ยืนยันสิทธิ์ประกันของท่านแล้ว
result-name = ชื่อ
result-insurer = ผู้รับประกัน
result-insurer-number = หมายเลข ผู้รับประกัน
result-copay = สัดส่วนที่ท่านจ่าย
result-elderly = สัดส่วน ที่ผู้สูงอายุจ่าย
result-limit = ประเภทเพดาน ค่ารักษาพยาบาล
result-consent = ข้อมูลที่ยินยอม ให้เปิดเผย
result-consent-none = ไม่มี
result-list-separator = {", "}
result-ratio = { $percent }%
result-limit-under-70 = ประเภท { $label } (อายุต่ำกว่า 70 ปี)
result-limit-70-and-over = { $label } (อายุ 70 ปีขึ้นไป)
result-warning-expiring = ใบรับรองอิเล็กทรอนิกส์ในบัตรของท่าน หมดอายุวันที่ { $date } กรุณาต่ออายุ ที่สำนักงานเขตหรือเทศบาล
result-warning-grace = ใบรับรองอิเล็กทรอนิกส์ในบัตรของท่าน หมดอายุแล้วเมื่อวันที่ { $date } ยังใช้เป็นบัตรประกันได้อีก 3 เดือน หลังจากวันนั้น กรุณาต่ออายุโดยเร็ว
result-provisional = ผลชั่วคราว ยืนยันครั้งล่าสุดเมื่อ { $date } เจ้าหน้าที่จะตรวจสอบอีกครั้ง
result-done = เสร็จสิ้น

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (กลุ่มคาบเส้น)
limit-b01 = รายได้ระดับวัยทำงาน III
limit-b02 = รายได้ระดับวัยทำงาน II
limit-b03 = รายได้ระดับวัยทำงาน I
limit-b04 = ทั่วไป
limit-b05 = รายได้น้อย II
limit-b06 = รายได้น้อย I
limit-b07 = รายได้น้อย I (เบี้ยบำนาญสวัสดิการ)
limit-b08 = รายได้น้อย I (กลุ่มคาบเส้น)
limit-b09 = ทั่วไป II
limit-b10 = ทั่วไป I

## Notices
notice-not-my-number-card = ดูเหมือนว่านี่ไม่ใช่บัตรมายนัมเบอร์
notice-not-my-number-card-detail = ใช้บัตรนี้ที่นี่ไม่ได้ หากท่านมีบัตรมายนัมเบอร์ (マイナンバーカード) กรุณาวางบัตรนั้น
notice-card-removed = บัตรถูกนำออก
notice-card-removed-detail = กรุณาเริ่มใหม่ตั้งแต่ต้น
notice-card-problem = อ่านบัตรไม่ได้
notice-card-problem-detail = กรุณานำบัตรออกจากซองแล้ววางใหม่อีกครั้ง
notice-wrong-pin = รหัส PIN ไม่ถูกต้อง
notice-wrong-pin-detail = ท่านใส่รหัสได้อีก { $tries } ครั้ง
notice-wrong-pin-retry = ใส่ใหม่อีกครั้ง
notice-pin-locked = ใช้รหัส PIN ไม่ได้
notice-pin-locked-detail = รหัสถูกล็อกหรือยังไม่ได้ตั้ง สามารถปลดล็อกได้ที่สำนักงานเขตหรือเทศบาลที่ท่านอาศัยอยู่
notice-certificate-expired = ใบรับรองอิเล็กทรอนิกส์ในบัตรหมดอายุแล้ว
notice-certificate-expired-detail = หมดอายุมาเกิน 3 เดือนแล้ว จึงใช้เป็นบัตรประกันไม่ได้ กรุณาต่ออายุที่สำนักงานเขตหรือเทศบาล
notice-needs-staff = ไม่สามารถยืนยันสิทธิ์ประกันของท่านได้
notice-needs-staff-detail = เจ้าหน้าที่จะตรวจสอบสิทธิ์ประกันร่วมกับท่าน
notice-refused = ไม่สามารถยืนยันด้วยบัตรนี้ได้
notice-refused-detail = เจ้าหน้าที่จะยืนยันด้วยวิธีอื่น
notice-gateway-unreachable = เชื่อมต่อระบบตรวจสอบสิทธิ์ไม่ได้
notice-gateway-unreachable-detail = เป็นปัญหาด้านการสื่อสาร เจ้าหน้าที่จะช่วยเหลือท่าน
notice-face-unavailable = ใช้การสแกนใบหน้าไม่ได้
notice-face-unavailable-detail = เครื่องนี้ไม่มีระบบสแกนใบหน้า กรุณาใช้รหัส PIN หรือติดต่อเจ้าหน้าที่
notice-staff-called = เรียกเจ้าหน้าที่แล้ว
notice-staff-called-detail = กรุณารอที่นี่สักครู่
notice-timed-out = หมดเวลาแล้ว
notice-timed-out-detail = กรุณาเริ่มใหม่ตั้งแต่ต้น
notice-phone-cancelled = ยกเลิกบน iPhone แล้ว
notice-phone-cancelled-detail = หากต้องการลองอีกครั้ง กรุณาวาง iPhone บนเครื่องอ่านอีกครั้ง
notice-phone-no-answer = iPhone ไม่ได้ยืนยันภายในเวลาที่กำหนด
notice-phone-no-answer-detail = เจ้าหน้าที่จะตรวจสอบประกันของท่านที่เคาน์เตอร์

## Demo / staff panel (not for patients)
demo-title = เดโม (สำหรับเจ้าหน้าที่)
demo-hint = วางบัตรเสมือนบนเครื่องอ่าน หรือนำออก
demo-insert = วาง
demo-on-reader = อยู่บนเครื่องอ่าน
demo-remove = นำบัตรออก
font-missing = ไม่พบฟอนต์ภาษาญี่ปุ่น จึงแสดงเป็นภาษาอังกฤษ
font-missing-languages = ไม่มีฟอนต์สำหรับภาษาเหล่านี้ จึงซ่อนไว้: { $languages }

## สแกนใบหน้า
era-taisho = ไทโช
era-showa = โชวะ
era-heisei = เฮเซ
era-reiwa = เรวะ
face-code-title = กรุณาดูด้านหน้าบัตร แล้วใส่ตัวเลข
face-code-help = ใช้สำหรับเปิดอ่านรูปถ่ายในบัตร (ไม่ใช้หมายเลขมายนัมเบอร์ 12 หลัก) ได้แก่ ศักราชญี่ปุ่นและวันเดือนปีเกิด ปีที่บัตรหมดอายุ และรหัสความปลอดภัย 4 หลัก ใต้รูปถ่าย
face-code-era = ศักราชของวันเกิด:
face-code-birth = วันเกิด (ปี เดือน วัน: 6 หลัก)
face-code-expiry = ปีที่หมดอายุ (ค.ศ. 4 หลัก)
face-code-security = รหัสความปลอดภัย (4 หลัก)
face-code-submit = ถัดไป
face-code-invalid = ตัวเลขไม่ตรงกับด้านหน้าบัตร กรุณาตรวจสอบศักราช วันที่ และปี
face-code-wrong = ตัวเลขไม่ถูกต้อง (เหลืออีก { $tries } ครั้ง) กรุณาดูด้านหน้าบัตรอีกครั้ง
face-check-title = สแกนใบหน้า (ครั้งที่ { $attempt } จาก { $attempts })
face-guide-starting = กำลังเตรียมกล้อง…
face-guide-no-face = กรุณามองที่กล้อง
face-guide-several-faces = กรุณาให้มีเพียงท่านคนเดียว ในภาพ
face-guide-come-closer = กรุณาเข้าใกล้กล้อง อีกเล็กน้อย
face-guide-looking = กรุณามองกล้องไว้ ({ $done }/{ $needed })
face-guide-turn-left = ค่อยๆ หันศีรษะไปทางซ้ายของท่าน
face-guide-turn-right = ค่อยๆ หันศีรษะไปทางขวาของท่าน
face-check-privacy = วิดีโอและรูปถ่ายในบัตร ใช้เพื่อการตรวจสอบนี้เท่านั้น และจะไม่ถูกบันทึก
face-retry-title = ไม่สามารถยืนยันด้วยใบหน้าได้
face-miss-not-same = ใบหน้าไม่ตรงกับรูปถ่ายในบัตร กรุณาถอดหน้ากากอนามัย หมวก หรือแว่นตา แล้วลองอีกครั้ง
face-miss-no-face = ไม่พบใบหน้า กรุณายืนตรงหน้ากล้อง
face-miss-liveness = กรุณาหันศีรษะตามคำแนะนำ ไม่สามารถใช้รูปถ่าย หรือหน้าจอได้
face-miss-inconclusive = ภาพไม่ชัดพอ กรุณาลองอีกครั้ง ในที่ที่มีแสงสว่าง โดยหันหน้าตรงเข้าหากล้อง
face-retry-again = สแกนใบหน้าอีกครั้ง
face-retry-pin = ใช้รหัส PIN แทน
face-retry-staff = เจ้าหน้าที่แผนกต้อนรับ จะช่วยเหลือท่าน

## ขอเวลาเพิ่ม
more-time-title = ท่านต้องการเวลาเพิ่มหรือไม่
more-time-detail = ไม่มีการใช้งานมาสักพัก เครื่องจะกลับสู่หน้าจอเริ่มต้นในอีกประมาณ { $seconds } วินาที ข้อมูลที่ท่านใส่ไว้ถูกลบแล้ว
more-time-yes = ใช่ ใช้งานต่อ

## ตัวช่วยสำหรับการมาครั้งนี้ (หน้าจอเริ่มต้น) และเสียงแนะนำ
assist-large-text = ตัวอักษรใหญ่
assist-high-contrast = ความคมชัดสูง
assist-audio = เสียงแนะนำ (ปุ่ม +)
# ข้อความที่เสียงแนะนำอ่านออกเสียง (assets/audio สร้างด้วย scripts/make-audio.sh) หนึ่งบรรทัดต่อข้อความ
# ใช้คำง่าย ไม่มีตัวแปร และไม่อ่านตัวเลขของรหัส PIN เด็ดขาด (ในเสียงเขียนว่า รหัสพิน เพื่อให้อ่านถูก)
audio-idle = เปิดเสียงแนะนำแล้ว กรุณาวางบัตรมายนัมเบอร์ของท่านบนเครื่องอ่านบัตร โดยให้ด้านที่มีรูปถ่ายหงายขึ้น
audio-working = กำลังอ่านบัตรของท่าน กรุณาวางบัตรไว้บนเครื่องอ่านต่อไป
audio-method = กรุณาเลือกวิธียืนยันตัวตน ด้วยรหัสพินสี่หลัก หรือด้วยการสแกนใบหน้า
audio-pin = กรุณากดรหัสพินสี่หลักบนแป้นตัวเลข แล้วกดปุ่มเอนเทอร์ ระบบจะไม่อ่านตัวเลขที่ท่านกดออกเสียง
audio-last-try = โปรดระวัง นี่เป็นโอกาสสุดท้าย หากรหัสพินผิด รหัสจะถูกล็อก หากไม่แน่ใจ กรุณาเรียกเจ้าหน้าที่
audio-consent = กรุณาเลือกข้อมูลที่สถานพยาบาลนี้ดูได้ จะยินยอมทั้งหมด หรือเลือกทีละรายการก็ได้
audio-result = ยืนยันสิทธิ์ประกันสุขภาพของท่านแล้ว กรุณารับบัตรคืน และรอจนกว่าจะมีการเรียกชื่อ
audio-result-provisional = ขณะนี้ไม่สามารถตรวจสอบสิทธิ์ประกันทางออนไลน์ได้ เจ้าหน้าที่แผนกต้อนรับจะยืนยันให้ กรุณารับบัตรคืน
audio-wrong-pin = รหัสพินไม่ถูกต้อง กรุณาลองอีกครั้ง
audio-see-staff = กรุณารับบัตรคืน แล้วติดต่อเจ้าหน้าที่ที่แผนกต้อนรับ เจ้าหน้าที่จะช่วยเหลือท่าน
audio-timed-out = เครื่องกลับสู่หน้าจอเริ่มต้นแล้ว กรุณาวางบัตรใหม่อีกครั้ง
audio-more-time = ท่านต้องการเวลาเพิ่มหรือไม่ หากต้องการใช้งานต่อ กรุณากดปุ่มเอนเทอร์
audio-face-code = กรุณาใส่ตัวเลขที่พิมพ์อยู่ด้านหน้าบัตร ได้แก่ วันเกิด ปีที่หมดอายุ และรหัสความปลอดภัย
audio-face-check = กรุณามองที่กล้อง แล้วค่อยๆ หันศีรษะตามที่หน้าจอแนะนำ
audio-face-retry = ไม่สามารถยืนยันใบหน้าได้ ท่านลองอีกครั้งได้ หรือใช้รหัสพินแทน
audio-phone = กรุณายืนยันบน iPhone ของท่านด้วย Face ID หรือ Touch ID และวาง iPhone ไว้บนเครื่องอ่านจนกว่าจะเสร็จ
