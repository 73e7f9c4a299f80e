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
sign-in-restart-note = Restarting the server signs everyone out.

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
cases-live-lost = Live updates stopped (signed out, or the server restarted). Reload the page and sign in.
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
