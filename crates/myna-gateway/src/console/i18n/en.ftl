# The staff console (crates/myna-gateway/src/console), English. Staff see these, never patients.
console-title = Staff console
console-clinic-server = For reception staff (clinic server)
language-switch = Language
skip-to-content = Skip to content

sign-in-title = Sign in
sign-in-intro = Enter your staff name and your password or PIN.
sign-in-name = Staff name
sign-in-secret = Password or PIN
sign-in-submit = Sign in
sign-in-wrong = The staff name or the password (PIN) is wrong.
sign-in-locked = Too many wrong tries: this member is locked for now. Try again in { $minutes } minutes.
sign-in-needs-admin = This member is locked until an administrator unlocks them (myna-gateway staff unlock).
sign-in-expired = You were signed out after a time without activity. Please sign in again.
sign-in-signed-out = You are signed out.
sign-in-session-note = Signing in lasts across a server restart; after a while without activity you are signed out.

signed-in-as = Signed in as { $name } ({ $role })
role-staff = staff
role-admin = administrator
sign-out = Sign out

confirmations-title = Today's confirmations
confirmations-intro = Eligibility confirmations from every kiosk. Personal data: sign out when you leave the screen.
filter-legend = Filter
filter-date = Date
filter-from = From
filter-to = To
filter-kiosk = Kiosk
filter-all-kiosks = All kiosks
filter-submit = Show
filter-bad-date = Enter the date as YYYY-MM-DD.
filter-bad-time = Enter times as HH:MM.
filter-bad-range = The start must be before the end.
filter-bad-kiosk = That kiosk id is not valid.
confirmations-count = { $count ->
    [one] 1 confirmation
   *[other] { $count } confirmations
}
confirmations-none = No confirmations match.
confirmations-truncated = Only the latest { $count } are shown: narrow the filter.

column-time = Time
column-kiosk = Kiosk
column-method = Method
column-assurance = Assurance
column-validity = Eligibility
column-name = Name
column-insurer = Insurer number
column-numbers = Symbol, number, branch

method-pin = PIN
method-face = Face
method-staff_visual = Staff visual check
method-insurance_number = Insurance number query
assurance-card_signature = Card signature
assurance-kiosk_attestation = Kiosk attestation
validity-1 = Valid
validity-2 = Invalid
validity-3 = Invalid (a newer eligibility exists)
validity-4 = No eligibility found
validity-5 = Several matches
validity-6 = Valid (not yet registered)
validity-other = Other

refused-title = This was refused
refused-csrf = The form's check value (CSRF token) is missing or wrong; it may have been sent from another tab or an old page. Please try again.
refused-back = Back to sign-in
error-title = Error
error-internal = The server had an error. Please tell the administrator (details are in the server's log).

nav-label = Menu
nav-cases = Cases
nav-confirmations = Today's confirmations
cases-title = Cases waiting for staff
cases-intro = Every kiosk's "please see the staff" cases, newest first. The page updates by itself; if it does not, reload it.
cases-sound-enable = Enable sound
cases-sound-on = Sound: on
cases-live-connecting = Connecting…
cases-live-on = Live
cases-live-reconnecting = Connection lost. Reconnecting…
cases-live-lost = Live updates stopped (signed out, or idle too long). Reload the page and sign in.
cases-reload = Reload
cases-call-alert = A patient is calling staff:
cases-count = { $count ->
    [one] 1 case waiting
   *[other] { $count } cases waiting
}
cases-none = No case is waiting.
cases-patient-call = Call
column-reason = Reason
column-next-step = Next step
column-staff = Staff
column-actions = Actions
cases-on-way = { $name } is on the way ({ $time })
cases-nobody = Nobody on the way yet
cases-on-my-way = On my way
cases-outcome = Outcome
cases-resolve = Resolve
outcome-handled = Handled
outcome-patient_left = The patient left
outcome-not_needed = Not needed
cases-done-on-my-way = "On my way" was sent to the kiosk.
cases-done-resolved = The case is resolved.
cases-gone = This case is resolved already or was not found.

health-title = Kiosk health
health-intro = What each kiosk last reported. This page refreshes itself.
health-stale-rule = A kiosk that has not reported for { $seconds } s is shown as "Not responding", in red.
health-checked-at = As of { $time }
health-column-kiosk = Kiosk
health-column-state = State
health-column-last-seen = Last report
health-column-reader = Card reader
health-column-card = Card
health-column-gateway = Server link
health-column-backlog = Waiting to send
health-column-face = Face check
health-column-version = Version
health-ok = OK
health-stale = Not responding
health-never = No report yet (registered)
health-unknown = Unknown
health-reader-yes = Attached
health-reader-no = Not attached
health-card-yes = On the reader
health-card-no = None
health-gateway-reachable = Reachable
health-gateway-unreachable = Unreachable
health-gateway-not-yet = Not tried yet
health-backlog = { $count ->
    [one] 1 item
   *[other] { $count } items
}
health-face-yes = Available
health-face-no = Unavailable
health-none = No kiosk has reported yet.
ago-seconds = { $count } s ago
ago-minutes = { $count } min ago
ago-hours = { $count } h ago
ago-days = { $count ->
    [one] 1 day ago
   *[other] { $count } days ago
}

numbers-title = Number query
numbers-intro = Type the numbers exactly as the document (資格確認書, 資格情報のお知らせ, Myna Portal screen …) shows them; leave symbol and branch empty when there are none. A symbol in kanji or kana is typed as it is. The answer is personal data.
numbers-insurer_number = Insurer number
numbers-insured_card_symbol = Symbol (記号)
numbers-insured_identification_number = Number (番号)
numbers-insured_branch_number = Branch (枝番)
numbers-birthdate = Birth date
numbers-hint-insurer_number = 8 digits (6 for 国保), no added zeros
numbers-hint-insured_card_symbol = as printed (kanji, full-width kept)
numbers-hint-insured_identification_number = keep leading zeros
numbers-hint-insured_branch_number = 2 digits (e.g. 01)
numbers-hint-birthdate = 1961-08-04 or 19610804
numbers-limit-consent = 限度額 (high-cost care limit) information
numbers-limit-yes = consents
numbers-limit-no = does not consent
numbers-submit = Query
numbers-check-digit = The insurer number's last digit (check digit) does not fit the others: it was probably mistyped. Compare it with the document. Nothing was sent.
numbers-invalid = Check "{ $field }": { $hint }.
numbers-answer-valid = Insured (valid)
numbers-answer-error = No answer (processing error)
numbers-person = Born { $birth } · { $insurer } · { $numbers } · pays { $ratio }0%
numbers-loss = Eligibility lost on { $date }
numbers-limit = High-cost care limit category: { $label }
numbers-refused = The query was refused (code { $code }).

limit-A01 = Category a (under 70)
limit-A02 = Category i (under 70)
limit-A03 = Category u (under 70)
limit-A04 = Category e (under 70)
limit-A05 = Category o (under 70)
limit-A06 = Category o (boundary) (under 70)
limit-B01 = Working-level income III (70 and over)
limit-B02 = Working-level income II (70 and over)
limit-B03 = Working-level income I (70 and over)
limit-B04 = General (70 and over)
limit-B05 = Low income II (70 and over)
limit-B06 = Low income I (70 and over)
limit-B07 = Low income I (welfare pension) (70 and over)
limit-B08 = Low income I (boundary) (70 and over)
limit-B09 = General II (70 and over)
limit-B10 = General I (70 and over)
limit-unknown = Unknown category (code { $code })

documents-title = Documents check
documents-visit-date = Decided by the rules of the visit date, { $date } (today).
documents-choose = Choose the document the patient shows.
documents-kind-qualification_certificate = 資格確認書
documents-kind-qualification_info_notice = お知らせ (notice)
documents-kind-myna_portal_screen = Myna Portal
documents-kind-old_insurance_card = Old insurance card
documents-kind-nothing = No document
documents-fact-card = My Number Card
documents-card-yes = Yes, card shown
documents-card-no = No card
documents-fact-document_expiry = Expiry on the 資格確認書
documents-fact-notice_expiry = Expiry on the notice (none for under-70s)
documents-fact-old-card-until = End of validity on the old card
documents-date-empty = leave empty when none is printed
documents-submit = Decide and record
documents-recorded = The decision is recorded.
documents-basis = Rules of the visit date, { $date }. Basis: { $basis }
documents-no-basis = Decided by the rules in force on the visit date, { $date }.
documents-choose-kind = Choose a document.
documents-bad-date = Enter dates as YYYY-MM-DD.
documents-decision-accept = Accept (normal copay ratio).
documents-step-accept = Type the insurer number, symbol, number and branch from the document.
documents-decision-accept_if_number_query_confirms = Accept only if a number query confirms (transitional measure).
documents-step-accept_if_number_query_confirms = Run a "Number query" with the numbers on the document: accept on "valid" with exactly one match; otherwise refuse.
documents-decision-refuse_document_expired = Refuse: the document has expired.
documents-step-refuse_document_expired = Ask for a newer 資格確認書 etc.; otherwise the 被保険者資格申立書.
documents-decision-refuse_notice_needs_card = Refuse: the notice or Portal screen is valid only together with the My Number Card.
documents-step-refuse_notice_needs_card = Ask for the card or a 資格確認書; otherwise the 被保険者資格申立書.
documents-decision-refuse_old_card_expired = Refuse: the old insurance card is no longer valid.
documents-step-refuse_old_card_expired = Ask for the My Number Card or a 資格確認書; otherwise the 被保険者資格申立書.
documents-decision-statement_of_qualification = Use the 被保険者資格申立書 (statement of qualification).
documents-step-statement_of_qualification = The patient fills it in; claim with insurer number "不詳". Never charge 10割.
documents-decision-needs_card_present = Choose whether the card is shown.
documents-step-needs_card_present = The decision follows once the card is checked.
documents-decision-needs_document_expiry = Enter the expiry date.
documents-step-needs_document_expiry = Enter the date printed on the document.
documents-decision-needs_old_card_valid_until = Enter the old card's end of validity.
documents-step-needs_old_card_valid_until = If none is printed, leave it empty.

kiosks-title = Kiosk registration
kiosks-intro = A new kiosk asks to be registered and shows its key fingerprint (20 letters and digits) on its staff screen. Approve it only once the fingerprint on the kiosk and the one here are the same, character for character. Placing its key file (kiosks/KIOSK_ID.pub) still works too.
kiosks-pending-title = Waiting for approval
kiosks-pending-none = No kiosk is waiting for approval.
kiosks-registered-title = Registered kiosks
kiosks-registered-none = No kiosk is registered.
kiosks-column-kiosk = Kiosk id
kiosks-column-name = Name
kiosks-column-fingerprint = Key fingerprint
kiosks-column-first-seen = First asked
kiosks-column-last-seen = Last asked
kiosks-column-source = Registered by
kiosks-source-file = Key file
kiosks-source-console = Approved here
kiosks-approve = Approve
kiosks-refuse = Refuse
kiosks-admin-only = Only an administrator can approve or refuse.
kiosks-done-approved = Approved. The kiosk can be used at once.
kiosks-done-refused = The request was refused and removed.
kiosks-done-gone = This request is no longer there (someone else decided it, or it changed).
kiosks-done-registered = This kiosk id is registered already; the request was left as it is.
