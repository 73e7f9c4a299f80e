# myna-kiosk: Tagalog. Panatilihin ang mga key at variable ng ja/main.ftl (sinusuri ng `cargo test`).
# Hindi nagbabago ang pangngalan sa bilang, kaya walang plural selector dito.

## Common
app-title = Reception – My Number Card (マイナンバーカード)
call-staff = Tumawag ng staff
call-staff-confirm-title = Tatawag ng staff?
call-staff-confirm-detail = Matatapos ang inyong pagpaparehistro dito. Para magpatuloy, pindutin ang "Magpatuloy".
call-staff-confirm-back = Magpatuloy
back = Bumalik
ok = OK
see-staff = Pakikausap po ang staff sa reception.
staff-coming = Papunta na po sa inyo ang isang staff.
language-label = Wika
out-of-service = Hindi magagamit ang kiosk na ito ngayon
date = { $month ->
    [1] Enero
    [2] Pebrero
    [3] Marso
    [4] Abril
    [5] Mayo
    [6] Hunyo
    [7] Hulyo
    [8] Agosto
    [9] Setyembre
    [10] Oktubre
    [11] Nobyembre
   *[12] Disyembre
} { $day }, { $year }

## Idle
idle-title = Pakilagay ang iyong My Number Card
idle-hint = Ilagay ito sa card reader, nakaharap sa itaas ang litrato.
idle-hint-case = Ilabas muna ito sa lalagyan.

## Working
working-title = Sinusuri
working-hint = Huwag alisin ang card sa reader at maghintay sandali.

## Identity method
method-title = Paano mo gustong patunayan kung sino ka?
method-face = Face recognition
method-face-needs-code = Para sa face recognition, ilalagay mo ang mga numero sa harap ng iyong card (petsa ng kapanganakan, taon ng pag-expire, security code).
method-pin = PIN (4 na numero, 暗証番号)
method-tries-left = { $tries } subok na lang
method-face-unavailable = Walang face recognition sa kiosk na ito.
method-pin-unavailable = Hindi magagamit ang PIN: naka-lock ito o hindi pa naitakda.

## PIN
pin-title = Ilagay ang iyong 4-digit na PIN
pin-tries-left = May { $tries } subok ka pa.
pin-tries-unknown = Kapag 3 beses na mali nang sunud-sunod, mala-lock ang PIN.
pin-privacy = Hindi ipinapakita sa screen at hindi sine-save ang iyong PIN.
pin-clear = Burahin lahat
pin-delete = Burahin
pin-submit = OK

## iPhone
phone-title = Pakikumpirma sa iyong iPhone
phone-hint = Sundin ang screen ng iyong iPhone at kumpirmahin gamit ang Face ID o Touch ID. Iwan ang iPhone sa reader hanggang matapos.
phone-asking = Hinihingan ng kumpirmasyon ang iyong iPhone…
phone-countdown = Natitirang oras: { $seconds } s
phone-cancel = Kanselahin

## Last try
last-try-title = Isang subok na lang ang natitira
last-try-body = Kapag mali pa ang susunod na PIN, mala-lock ito at kailangang i-reset sa city hall o munisipyo kung saan ka nakatira.
last-try-face = Gumamit ng face recognition
last-try-confirm = Sigurado ako – ilagay ang PIN

## Consent
consent-title = Pumapayag ka bang ibahagi ang iyong medikal na impormasyon?
consent-body = Makikita ng klinikang ito ang iyong mga nakaraang rekord ng gamutan, gamot, operasyon at health check-up.
consent-no-effect = Hindi magbabago ang gamutan o bayad mo kahit hindi ka pumayag. Laging may buwanang limitasyon sa mataas na gastos sa pagpapagamot.
consent-all = Payag sa lahat
consent-individually = Pumili isa-isa
consent-none = Hindi pumapayag
consent-individual-title = Piliin ang ibabahagi
consent-individual-hint = Hindi ibabahagi ang hindi mo pipiliin.
consent-item-medication-clinical = Gamutan at gamot
consent-item-surgery = Operasyon
consent-item-health-check = Espesyal na health check-up
consent-yes = Ibahagi
consent-no = Huwag ibahagi
consent-submit = Kumpirmahin ang pinili

## Result
result-title = Tapos na ang pagpaparehistro
take-card-title = Pakikuha ang inyong card
take-phone-title = Pakikuha ang inyong phone
take-card-hint = Kapag inangat ninyo ito mula sa reader, tapos na ang pagpaparehistro.
leave-card-title = Pakiwan ang card sa reader
leave-card-hint = Gagamitin ng staff sa reception ang card na ito para mag-check.
result-limit-under-70 = Kategorya { $label } (wala pang 70)
result-limit-70-and-over = { $label } (70 pataas)
result-warning-expiring = Mag-e-expire ang electronic certificate ng iyong card sa { $date }. Pakirenew ito sa city hall o munisipyo.
result-warning-grace = Nag-expire ang electronic certificate ng iyong card noong { $date }, kaya ngayon ay insurance mo lang ang nakumpirma (walang medikal na rekord na ibinahagi). Pakirenew ito sa city hall o munisipyo.
result-provisional = Pansamantalang resulta, huling nakumpirma noong { $date }. Susuriin ito ng staff.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (hangganan)
limit-b01 = Kita na katulad ng nagtatrabaho III
limit-b02 = Kita na katulad ng nagtatrabaho II
limit-b03 = Kita na katulad ng nagtatrabaho I
limit-b04 = Pangkalahatan
limit-b05 = Mababang kita II
limit-b06 = Mababang kita I
limit-b07 = Mababang kita I (welfare pension)
limit-b08 = Mababang kita I (hangganan)
limit-b09 = Pangkalahatan II
limit-b10 = Pangkalahatan I

## Notices
notice-not-my-number-card = Mukhang hindi ito My Number Card
notice-not-my-number-card-detail = Hindi magagamit dito ang card na ito. Kung may My Number Card (マイナンバーカード) ka, iyon ang ilagay.
notice-juki-card = Hindi magagamit ang Basic Resident Register card (住基カード)
notice-juki-card-detail = Hindi magagamit ang card na ito bilang health insurance card. Gamitin ang iyong My Number Card (マイナンバーカード) o ang iyong 資格確認書 (eligibility certificate).
notice-card-removed = Naalis ang card
notice-card-removed-detail = Pakiulit mula sa simula.
notice-card-problem = Hindi mabasa ang card
notice-card-problem-detail = Ilabas ang card sa lalagyan at ilagay ulit.
notice-wrong-pin = Mali ang PIN
notice-wrong-pin-detail = May { $tries } subok ka pa.
notice-wrong-pin-retry = Subukan ulit
notice-pin-locked = Hindi magagamit ang PIN
notice-pin-locked-detail = Naka-lock ito o hindi pa naitakda. Mare-reset ang naka-lock na PIN sa city hall o munisipyo kung saan ka nakatira.
notice-certificate-expired = Expired na ang electronic certificate ng card
notice-certificate-expired-detail = Tapos na ang palugit, kaya hindi na magagamit ang card bilang insurance card (sa smartphone, hindi na ito magagamit pagka-expire). Pakirenew ito sa city hall o munisipyo.
notice-needs-staff = Hindi makumpirma ang iyong insurance
notice-needs-staff-detail = Susuriin ng staff ang iyong insurance kasama ka.
notice-refused = Hindi makumpirma gamit ang card na ito
notice-refused-detail = Kukumpirmahin ito ng staff sa ibang paraan.
notice-gateway-unreachable = Hindi maabot ang insurance system
notice-gateway-unreachable-detail = May problema sa koneksiyon. Tutulungan ka ng staff.
notice-face-unavailable = Walang face recognition
notice-face-unavailable-detail = Walang face recognition sa kiosk na ito. Gamitin ang iyong PIN o kausapin ang staff.
notice-card-photo-unproven = Hindi ma-check ang litrato sa card na ito
notice-card-photo-unproven-detail = Hindi magagamit ang face recognition sa card na ito. Gamitin ang iyong PIN, o tutulungan ka ng staff.
notice-staff-called = Papunta na ang staff
notice-staff-called-detail = Pakihintay dito sandali.
notice-speak-to-reception = Pumunta po sa reception counter
notice-speak-to-reception-detail = Hindi kusang tumatawag ng staff ang makinang ito. Dalhin ang iyong card at sabihin sa staff sa counter.
notice-timed-out = Naubos ang oras
notice-timed-out-detail = Pakiulit mula sa simula.
notice-phone-cancelled = Kinansela sa iyong iPhone
notice-phone-cancelled-detail = Para subukan ulit, ilagay muli ang iPhone sa reader.
notice-phone-no-answer = Hindi nakumpirma ng iPhone sa oras
notice-phone-no-answer-detail = Titingnan ng staff ang iyong insurance sa counter.

## Demo / staff panel (not for patients)
demo-title = Demo (para sa staff)
demo-hint = Maglagay ng virtual card sa reader, o alisin ito
demo-insert = Ilagay
demo-on-reader = Nasa reader
demo-remove = Alisin ang card
font-missing = Walang Japanese font: Ingles ang ipinapakita.
font-missing-languages = Walang font para sa mga wikang ito kaya nakatago: { $languages }

## Pagkilala sa mukha
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Ilagay ang mga numero mula sa harap ng iyong card
face-code-help = Ginagamit ang mga ito para buksan ang litrato sa iyong card (hindi ginagamit ang iyong 12-digit na My Number).
face-code-era = Era ng iyong petsa ng kapanganakan:
face-code-first-year = Ang unang taon ng isang era ("gannen") ay i-type bilang 01.
face-code-birth = Petsa ng kapanganakan (taon, buwan, araw: 6 na numero)
face-code-expiry = Taon ng pag-expire (4 na numero)
face-code-security = Security code (4 na numero)
face-code-submit = Susunod
face-code-invalid = Hindi tugma ang mga numerong ito sa isang card. Suriin ang era, ang petsa at ang taon.
face-code-wrong = Mali ang mga numero ({ $tries } subok na lang). Tingnan ang harap ng iyong card.
face-check-title = Face recognition (subok { $attempt } ng { $attempts })
face-guide-starting = Binubuksan ang camera…
face-guide-no-face = Pakitingin sa camera.
face-guide-several-faces = Isang tao lang po sa larawan.
face-guide-come-closer = Pakilapit nang kaunti sa camera.
face-guide-looking = Patuloy na tumingin sa camera ({ $done }/{ $needed }).
face-guide-turn-left = Dahan-dahang ibaling ang iyong ulo sa iyong kaliwa.
face-guide-turn-right = Dahan-dahang ibaling ang iyong ulo sa iyong kanan.
face-check-privacy = Ang video at ang litrato sa iyong card ay ginagamit lang sa pagsusuring ito at hindi kailanman sine-save.
face-retry-title = Hindi makumpirma ang iyong mukha
face-miss-not-same = Hindi tugma ang iyong mukha sa litrato sa card. Pakitanggal ang mask, sumbrero o salamin at subukan ulit.
face-miss-no-face = Walang nakitang mukha. Pakitayo sa harap ng camera.
face-miss-liveness = Pakibaling ang iyong ulo ayon sa sinasabi. Hindi magagamit ang litrato o screen.
face-miss-inconclusive = Hindi sapat na malinaw ang larawan. Subukan ulit nang nakaharap sa camera, sa maliwanag na lugar.
face-retry-again = Subukan ulit ang face recognition
face-retry-pin = Gamitin na lang ang PIN
face-retry-staff = Tutulungan ka ng staff sa reception.

## Dagdag na oras
more-time-title = Kailangan mo pa ba ng oras?
more-time-detail = Walang pumindot nang ilang sandali: sa loob ng mga { $seconds } segundo, babalik ang kiosk sa simula.
more-time-cleared = Nabura na ang mga numerong inilagay mo.
more-time-yes = Oo, ituloy

## Mga tulong sa pagbisitang ito (unang screen) at gabay na boses
assist-large-text = Malaking letra
assist-high-contrast = High contrast
assist-audio = Gabay na boses (+ key)
# Sinasabi ng gabay na boses (assets/audio, gawa ng scripts/make-audio.sh): isang linya bawat isa,
# simpleng salita, walang variable; hindi kailanman binabanggit ang numero ng PIN.
audio-idle = Naka-on ang gabay na boses. Pakilagay ang iyong My Number Card sa card reader, nakaharap sa itaas ang litrato.
audio-working = Binabasa ang iyong card. Huwag itong alisin sa reader.
audio-method = Piliin kung paano patutunayan na ikaw ito: gamit ang iyong PIN na may 4 na numero, o gamit ang face recognition.
audio-pin = Ilagay ang iyong PIN na may 4 na numero sa keypad, saka pindutin ang Enter. Hindi binabasa nang malakas ang mga numero.
audio-last-try = Mag-ingat: ito na ang huling subok. Kapag mali ang PIN, mala-lock ito. Tumawag ng staff kung hindi ka sigurado.
audio-consent = Piliin kung aling mga rekord mo ang puwedeng makita ng klinika: pumayag sa lahat, pumili nang isa-isa, o huwag pumayag.
audio-result = Nakumpirma na ang iyong health insurance. Pakikuha ang iyong card at hintaying tawagin ka.
audio-result-provisional = Hindi masuri online ang iyong insurance ngayon. Kukumpirmahin ito ng staff sa reception. Pakikuha ang iyong card.
audio-wrong-pin = Mali ang PIN. Pakisubukan ulit.
audio-see-staff = Pakikuha ang iyong card at kausapin ang staff sa reception. Tutulungan ka nila.
audio-take-card = Tapos na ang inyong pagpaparehistro. Pakikuha ang inyong card.
audio-leave-card = Pakiwan ang card sa reader. Gagamitin ito ng staff sa reception para mag-check.
audio-call-staff-confirm = Kapag tumawag kayo ng staff, matatapos ang pagpaparehistro dito. Pumili: tumawag ng staff, o magpatuloy.
audio-timed-out = Naubos ang oras at natapos ang pagpaparehistro. Pakikuha ang inyong card.
audio-more-time = Kailangan mo pa ba ng oras? Pindutin ang Enter para magpatuloy.
audio-face-code = Ilagay ang mga numerong nakalimbag sa harap ng iyong card: ang iyong petsa ng kapanganakan, ang taon ng pag-expire, at ang security code.
audio-face-check = Pakitingin sa camera, saka dahan-dahang ibaling ang iyong ulo ayon sa sinasabi ng screen.
audio-face-retry = Hindi makumpirma ang iyong mukha. Puwede kang sumubok ulit, o gamitin ang iyong PIN.
audio-phone = Pakikumpirma sa iyong iPhone gamit ang Face ID o Touch ID. Iwan ang iPhone sa reader hanggang matapos.

## The card front read by the camera (issue 20)

front-title = Ipakita sa camera ang harap ng inyong card
front-lift = Iangat ang card mula sa reader at ipakita sa camera ang harap nito (ang panig na may litrato). Pagkatapos, ibalik ito sa reader.
front-guide-starting = Binubuksan ang camera…
front-guide-show = Pakiharap sa camera ang harap ng inyong card.
front-guide-edge = Pakipasok ang buong card sa larawan.
front-guide-closer = Pakilapit nang kaunti ang card.
front-guide-still = Pakihawakan nang hindi gumagalaw ang card.
front-guide-glare = May silaw sa card: pakitagilid ito nang kaunti.
front-guide-reading = Binabasa ang mga numero… pakihawakan lang nang ganyan.
front-privacy = Ang petsa ng kapanganakan, taon ng pag-expire at security code lang ang binabasa. Hindi sine-save ang larawan.
front-type-instead = I-type na lang ang mga numero
front-put-back-title = Pakibalik ang inyong card sa reader
front-put-back-detail = Ibalik ang parehong card sa loob ng { $seconds } segundo. Kung hindi, matatapos dito ang pagpaparehistro at walang itatago.
front-put-back-checking = Sinusuri ang inyong card…
face-code-read-title = Suriin ang mga numerong nabasa sa inyong card
face-code-read-help = Nabasa ng camera ang mga numerong ito sa inyong card. Kung may mali, itama ito, saka pindutin ang Susunod.
audio-card-front = Pakiangat ang card at ipakita sa camera ang panig na may litrato.
audio-put-card-back = Pakibalik ang inyong card sa reader.
