# myna-kiosk: screen texts (English). Keep the keys and placeholders of ja/main.ftl
# (the i18n test in `cargo test` checks). No Japanese script here: English must stay readable
# when the Japanese font is missing.

## Common
app-title = Reception – My Number Card
call-staff = Call staff
call-staff-confirm-title = Call staff?
call-staff-confirm-detail = Your check-in here will end. To go on, touch "Continue".
call-staff-confirm-back = Continue
back = Back
ok = OK
see-staff = Please see the reception staff.
staff-coming = A staff member is on the way to you now.
language-label = Language
out-of-service = This kiosk is out of service
# Dates: $year (string), $month, $day (numbers)
date = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }

## Idle
idle-title = Please place your My Number Card
idle-hint = Put it on the card reader, photo side up.
idle-hint-case = Take it out of its case first.

## Working
working-title = Checking
working-hint = Please keep your card on the reader and wait a moment.

## Identity method
method-title = How do you want to confirm who you are?
method-face = Face recognition
method-face-needs-code = For face recognition you type the numbers on the front of your card (birth date, expiry year, security code).
method-pin = PIN (4 digits)
method-tries-left = { $tries ->
    [one] 1 try left
   *[other] { $tries } tries left
}
method-face-unavailable = Face recognition is not available at this kiosk.
method-pin-unavailable = The PIN cannot be used: it is locked or was never set.

## PIN
pin-title = Enter your 4-digit PIN
pin-tries-left = { $tries ->
    [one] You have 1 try left.
   *[other] You have { $tries } tries left.
}
pin-tries-unknown = After 3 wrong PINs in a row, the PIN is locked.
pin-privacy = Your PIN is never shown on the screen or stored.
pin-clear = Clear
pin-delete = Delete
pin-submit = OK

## iPhone (confirmed on the phone)
phone-title = Please confirm on your iPhone
phone-hint = Follow the screen of your iPhone and confirm with Face ID or Touch ID. Keep your iPhone on the reader until it is done.
phone-asking = Asking your iPhone…
phone-countdown = Time left: { $seconds } s
phone-cancel = Cancel

## Last try
last-try-title = Only one PIN try is left
last-try-body = If the next PIN is wrong, it will be locked and must be reset at your city office.
last-try-face = Use face recognition
last-try-confirm = I am sure – enter my PIN

## Consent
consent-title = Do you agree to share your medical information?
consent-body = This clinic will be able to see your past treatment, medication, surgery and health check records.
consent-no-effect = Saying no does not change your care or how much you pay. The monthly limit on high medical costs applies either way.
consent-all = Agree to all
consent-individually = Choose one by one
consent-none = Agree to none
consent-individual-title = Choose what to share
consent-individual-hint = Anything you do not choose is not shared.
consent-item-medication-clinical = Treatment and medication
consent-item-surgery = Surgery
consent-item-health-check = Specific health check-ups
consent-yes = Share
consent-no = Do not share
consent-submit = Confirm my choices

## Result
result-title = You are checked in
take-card-title = Please take your card
take-phone-title = Please take your phone
take-card-hint = When you lift it from the reader, your check-in is finished.
leave-card-title = Please leave your card on the reader
leave-card-hint = The reception staff will use this card to check.
result-limit-under-70 = Category { $label } (under 70)
result-limit-70-and-over = { $label } (70 and over)
result-warning-expiring = Your card's electronic certificate expires on { $date }. Please renew it at your city office.
result-warning-grace = Your card's electronic certificate expired on { $date }, so today it only confirmed your insurance (no medical records were shared). Please renew it at your city office.
result-provisional = Provisional result, last confirmed on { $date }. The staff will check it.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (boundary)
limit-b01 = Working-level income III
limit-b02 = Working-level income II
limit-b03 = Working-level income I
limit-b04 = General
limit-b05 = Low income II
limit-b06 = Low income I
limit-b07 = Low income I (welfare pension)
limit-b08 = Low income I (boundary)
limit-b09 = General II
limit-b10 = General I

## Notices
notice-not-my-number-card = This does not seem to be a My Number Card
notice-not-my-number-card-detail = This card cannot be used here. If you have a My Number Card, please place that card.
notice-juki-card = A Basic Resident Register card (Juki card) cannot be used
notice-juki-card-detail = This card cannot be used as a health insurance card. Please use your My Number Card or your Certificate of Eligibility (Shikaku Kakuninsho).
notice-card-removed = The card was taken away
notice-card-removed-detail = Please start again.
notice-card-problem = The card could not be read
notice-card-problem-detail = Take the card out of its case and place it again.
notice-wrong-pin = The PIN is not correct
notice-wrong-pin-detail = { $tries ->
    [one] You have 1 try left.
   *[other] You have { $tries } tries left.
}
notice-wrong-pin-retry = Try again
notice-pin-locked = The PIN cannot be used
notice-pin-locked-detail = It is locked or was never set. A locked PIN can be reset at your city office.
notice-certificate-expired = The card's electronic certificate has expired
notice-certificate-expired-detail = Its grace period has ended, so the card cannot be used as an insurance card (on a smartphone it stops at expiry). Please renew it at your city office.
notice-needs-staff = Your insurance could not be confirmed
notice-needs-staff-detail = The staff will check your insurance with you.
notice-refused = This card could not be used to confirm
notice-refused-detail = The staff will confirm it another way.
notice-gateway-unreachable = The insurance system cannot be reached
notice-gateway-unreachable-detail = This is a connection problem. The staff will help you.
notice-face-unavailable = Face recognition is not available
notice-face-unavailable-detail = This kiosk cannot use face recognition. Please use your PIN or see the staff.
notice-card-photo-unproven = The photo on this card could not be checked
notice-card-photo-unproven-detail = Face recognition cannot be used with this card. Please use your PIN, or the staff will help you.
notice-staff-called = The staff are on their way
notice-staff-called-detail = Please wait here a moment.
notice-speak-to-reception = Please speak to the reception counter
notice-speak-to-reception-detail = This kiosk does not call the staff by itself. Take your card and tell the staff at the counter.
notice-timed-out = The time ran out
notice-timed-out-detail = Please start again.
notice-phone-cancelled = Cancelled on your iPhone
notice-phone-cancelled-detail = To try again, place your iPhone on the reader again.
notice-phone-no-answer = Your iPhone did not confirm in time
notice-phone-no-answer-detail = The staff will check your insurance at the counter.

## Demo / staff panel (not for patients)
demo-title = Demo (staff tools)
demo-hint = Put a virtual card on the reader, or take it away
demo-insert = Insert
demo-on-reader = On the reader
demo-remove = Remove card
font-missing = Japanese font not found: showing English. Install fonts-noto-cjk or set [ui] cjk_font.
font-missing-languages = No font for these languages, so they are hidden: { $languages }. Install fonts-noto-core fonts-noto-cjk.

## Face recognition
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Type the numbers from the front of your card
face-code-help = They open the photo on your card (your 12-digit My Number is not used): the era and date of your birth, the year your card expires, and the 4-digit security code under the photo.
face-code-era = Era of your birth date:
face-code-first-year = The first year of an era ("gannen") is typed 01.
face-code-birth = Birth date (year, month, day: 6 digits)
face-code-expiry = Expiry year (4 digits)
face-code-security = Security code (4 digits)
face-code-submit = Next
face-code-invalid = These numbers do not match a card. Check the era, the date and the year.
face-code-wrong = { $tries ->
    [one] The numbers are wrong (1 try left). Check the front of your card.
   *[other] The numbers are wrong ({ $tries } tries left). Check the front of your card.
}
face-check-title = Face recognition (try { $attempt } of { $attempts })
face-guide-starting = Starting the camera…
face-guide-no-face = Please look at the camera.
face-guide-several-faces = Only one person in the picture, please.
face-guide-come-closer = Please come a little closer to the camera.
face-guide-looking = Keep looking at the camera ({ $done }/{ $needed }).
face-guide-turn-left = Slowly turn your head to your left.
face-guide-turn-right = Slowly turn your head to your right.
face-check-privacy = The video and your card photo are used for this check only and never stored.
face-retry-title = We could not confirm your face
face-miss-not-same = Your face did not match the card photo. Please take off a mask, hat or glasses and try again.
face-miss-no-face = No face was seen. Please stand in front of the camera.
face-miss-liveness = Please turn your head as asked. Photos and screens cannot be used.
face-miss-inconclusive = The picture was not clear enough. Please try again facing the camera in good light.
face-retry-again = Try face recognition again
face-retry-pin = Use my PIN instead
face-retry-staff = The reception staff will help you.

## More time
more-time-title = Do you need more time?
more-time-detail = Nothing was touched for a while: in about { $seconds } seconds the kiosk goes back to the start.
more-time-cleared = The numbers you typed have been cleared.
more-time-yes = Yes, continue

## Aids for this visit (idle screen) and spoken guidance
assist-large-text = Large text
assist-high-contrast = High contrast
assist-audio = Audio guidance (+ key)
# Spoken by audio guidance (assets/audio, made by scripts/make-audio.sh): one line each, plain
# words, no placeholders; never a digit of the PIN.
audio-idle = Audio guidance is on. Please place your My Number Card on the card reader, photo side up.
audio-working = Reading your card. Please leave it on the reader.
audio-method = Choose how to confirm it is you: with your four-digit PIN, or with face recognition.
audio-pin = Please type your four-digit PIN on the keypad, then press Enter. The digits are not read aloud.
audio-last-try = Careful: this is the last try. If the PIN is wrong, it will be locked. Call the staff if you are not sure.
audio-consent = Choose which of your records the clinic may see: agree to all, choose them one by one, or agree to none.
audio-result = Your health insurance has been confirmed. Please take your card and wait to be called.
audio-result-provisional = Your insurance could not be checked online just now. The reception staff will confirm it. Please take your card.
audio-wrong-pin = The PIN was not correct. Please try again.
audio-see-staff = Please take your card and see the reception staff. They will help you.
audio-take-card = Your check-in is finished. Please take your card.
audio-leave-card = Please leave your card on the reader. The reception staff will use it to check.
audio-call-staff-confirm = Calling staff ends your check-in here. Choose call staff, or continue.
audio-timed-out = The time ran out and your check-in has ended. Please take your card.
audio-more-time = Do you need more time? Press Enter to continue.
audio-face-code = Please type the numbers printed on the front of your card: your birth date, the expiry year and the security code.
audio-face-check = Please look at the camera, then turn your head slowly as the screen asks.
audio-face-retry = Your face could not be confirmed. You can try again, or use your PIN.
audio-phone = Please confirm on your iPhone with Face ID or Touch ID. Keep your iPhone on the reader until it is done.

## The card front read by the camera (issue 20)

front-title = Show the front of your card to the camera
front-lift = Lift your card from the reader and hold its front (the side with your photo) up to the camera. Then put it back on the reader.
front-guide-starting = Starting the camera…
front-guide-show = Hold the front of your card up to the camera.
front-guide-edge = Bring the whole card into the picture.
front-guide-closer = Bring the card a little closer.
front-guide-still = Hold the card still.
front-guide-glare = Light is reflecting on the card: tilt it a little.
front-guide-reading = Reading the numbers… keep holding it there.
front-privacy = Only your birth date, the expiry year and the security code are read. The picture is not stored.
front-type-instead = Type the numbers instead
front-put-back-title = Please put your card back on the reader
front-put-back-detail = Put the same card back within { $seconds } seconds. Otherwise your reception ends here and nothing is kept.
front-put-back-checking = Checking your card…
face-code-read-title = Check the numbers read from your card
face-code-read-help = The camera read these numbers from the front of your card. If one is wrong, correct it, then press Next. Nothing is sent before you do.
audio-card-front = Please lift your card and hold its front, with your photo, up to the camera.
audio-put-card-back = Please put your card back on the reader.
