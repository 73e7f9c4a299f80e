# myna-kiosk: नेपाली। ja/main.ftl का कुञ्जी र चलहरू उस्तै राख्नुहोस् (`cargo test` ले जाँच्छ)।
# "पटक" बहुवचनमा बदलिँदैन, त्यसैले यहाँ plural selector छैन।

## Common
app-title = रिसेप्सन – माइ नम्बर कार्ड (マイナンバーカード)
call-staff = कर्मचारीलाई बोलाउनुहोस्
back = पछाडि
ok = ठिक छ
see-staff = कृपया रिसेप्सनका कर्मचारीसँग कुरा गर्नुहोस्।
language-label = भाषा
out-of-service = यो मेसिन अहिले चल्दैन
date = { $year } { $month ->
    [1] जनवरी
    [2] फेब्रुअरी
    [3] मार्च
    [4] अप्रिल
    [5] मे
    [6] जुन
    [7] जुलाई
    [8] अगस्ट
    [9] सेप्टेम्बर
    [10] अक्टोबर
    [11] नोभेम्बर
   *[12] डिसेम्बर
} { $day }

## Idle
idle-title = कृपया आफ्नो माइ नम्बर कार्ड राख्नुहोस्
idle-hint = फोटो भएको भाग माथि पारेर कार्ड रिडरमा राख्नुहोस्।
idle-hint-case = पहिले कार्डलाई खोलबाट निकाल्नुहोस्।

## Working
working-title = जाँच गर्दै
working-hint = कार्ड रिडरमै राखेर एकछिन पर्खनुहोस्।

## Identity method
method-title = आफ्नो पहिचान कसरी पुष्टि गर्न चाहनुहुन्छ?
method-face = अनुहार पहिचान
method-pin = पिन (4 अङ्क, 暗証番号)
method-tries-left = अझै { $tries } पटक
method-face-unavailable = यो मेसिनमा अनुहार पहिचान उपलब्ध छैन।
method-pin-unavailable = पिन प्रयोग गर्न सकिँदैन: यो लक भएको छ वा कहिल्यै सेट गरिएको छैन।

## PIN
pin-title = आफ्नो 4 अङ्कको पिन हाल्नुहोस्
pin-tries-left = तपाईं अझै { $tries } पटक प्रयास गर्न सक्नुहुन्छ।
pin-tries-unknown = लगातार 3 पटक गलत पिन हालेमा पिन लक हुन्छ।
pin-privacy = तपाईंको पिन स्क्रिनमा देखिँदैन र सुरक्षित गरिँदैन।
pin-clear = सबै मेटाउनुहोस्
pin-delete = मेटाउनुहोस्
pin-submit = ठिक छ

## iPhone
phone-title = कृपया आफ्नो iPhone मा पुष्टि गर्नुहोस्
phone-hint = आफ्नो iPhone को स्क्रिनमा देखाएअनुसार Face ID वा Touch ID ले पुष्टि गर्नुहोस्। नसकिएसम्म iPhone रिडरमाथि नै राख्नुहोस्।
phone-asking = तपाईंको iPhone लाई पुष्टिका लागि अनुरोध गर्दै…
phone-countdown = बाँकी समय: { $seconds } सेकेन्ड
phone-cancel = रद्द गर्नुहोस्

## Last try
last-try-title = पिन हाल्ने अन्तिम एक मौका मात्र बाँकी छ
last-try-body = अर्को पिन पनि गलत भएमा पिन लक हुन्छ, र तपाईं बस्ने नगरपालिका कार्यालयमा गएर फेरि सेट गर्नुपर्छ।
last-try-face = अनुहार पहिचान प्रयोग गर्नुहोस्
last-try-confirm = म निश्चित छु – पिन हाल्छु

## Consent
consent-title = के तपाईं आफ्नो स्वास्थ्य जानकारी साझा गर्न सहमत हुनुहुन्छ?
consent-body = यो क्लिनिकले तपाईंको पहिलेको उपचार, औषधि, शल्यक्रिया र स्वास्थ्य जाँचको विवरण हेर्न सक्नेछ।
consent-no-effect = सहमत नभए पनि तपाईंको उपचार र तिर्ने रकम फेरिँदैन।
consent-all = सबैमा सहमत
consent-individually = एक-एक गरी छान्नुहोस्
consent-individual-title = के साझा गर्ने छान्नुहोस्
consent-individual-hint = तपाईंले नछानेको जानकारी साझा हुँदैन।
consent-item-medication-clinical = उपचार र औषधि
consent-item-surgery = शल्यक्रिया
consent-item-health-check = विशेष स्वास्थ्य जाँच
consent-item-limit-certificate = उपचार खर्च सीमा प्रमाणपत्र (限度額)
consent-yes = साझा गर्ने
consent-no = साझा नगर्ने
consent-submit = छनोट पुष्टि गर्नुहोस्

## Result
result-title = तपाईंको बीमा पुष्टि भयो
result-name = नाम
result-insurer = बीमाकर्ता
result-insurer-number = बीमाकर्ता नम्बर
result-copay = तपाईंले तिर्ने भाग
result-elderly = ज्येष्ठ नागरिकले तिर्ने भाग
result-limit = उपचार खर्च सीमाको वर्ग
result-consent = यो क्लिनिकसँग साझा गरिएको
result-consent-none = केही छैन
result-list-separator = {", "}
result-ratio = { $percent }%
result-limit-under-70 = वर्ग { $label } (70 वर्षमुनि)
result-limit-70-and-over = { $label } (70 वर्ष वा माथि)
result-warning-expiring = तपाईंको कार्डको इलेक्ट्रोनिक प्रमाणपत्रको म्याद { $date } मा सकिन्छ। कृपया नगरपालिका कार्यालयमा नवीकरण गर्नुहोस्।
result-warning-grace = तपाईंको कार्डको इलेक्ट्रोनिक प्रमाणपत्रको म्याद { $date } मा सकियो। त्यसपछि 3 महिनासम्म यो बीमा कार्डका रूपमा चल्छ: छिटो नवीकरण गर्नुहोस्।
result-provisional = अस्थायी नतिजा, अन्तिम पटक { $date } मा पुष्टि भएको। कर्मचारीले जाँच गर्नेछन्।
result-done = सकियो

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (सीमान्त)
limit-b01 = कामकाजी स्तरको आय III
limit-b02 = कामकाजी स्तरको आय II
limit-b03 = कामकाजी स्तरको आय I
limit-b04 = सामान्य
limit-b05 = न्यून आय II
limit-b06 = न्यून आय I
limit-b07 = न्यून आय I (कल्याण पेन्सन)
limit-b08 = न्यून आय I (सीमान्त)
limit-b09 = सामान्य II
limit-b10 = सामान्य I

## Notices
notice-not-my-number-card = यो माइ नम्बर कार्ड जस्तो देखिँदैन
notice-not-my-number-card-detail = यो कार्ड यहाँ चल्दैन। तपाईंसँग माइ नम्बर कार्ड (マイナンバーカード) छ भने त्यही कार्ड राख्नुहोस्।
notice-card-removed = कार्ड हटाइयो
notice-card-removed-detail = कृपया सुरुदेखि फेरि गर्नुहोस्।
notice-card-problem = कार्ड पढ्न सकिएन
notice-card-problem-detail = कार्डलाई खोलबाट निकालेर फेरि राख्नुहोस्।
notice-wrong-pin = पिन मिलेन
notice-wrong-pin-detail = तपाईं अझै { $tries } पटक प्रयास गर्न सक्नुहुन्छ।
notice-wrong-pin-retry = फेरि प्रयास गर्नुहोस्
notice-pin-locked = पिन प्रयोग गर्न सकिँदैन
notice-pin-locked-detail = पिन लक भएको छ वा कहिल्यै सेट गरिएको छैन। लक भएको पिन तपाईं बस्ने नगरपालिका कार्यालयमा फेरि सेट गर्न सकिन्छ।
notice-certificate-expired = कार्डको इलेक्ट्रोनिक प्रमाणपत्रको म्याद सकियो
notice-certificate-expired-detail = म्याद सकिएको 3 महिनाभन्दा बढी भयो, त्यसैले कार्ड बीमा कार्डका रूपमा चल्दैन। कृपया नगरपालिका कार्यालयमा नवीकरण गर्नुहोस्।
notice-needs-staff = तपाईंको बीमा पुष्टि गर्न सकिएन
notice-needs-staff-detail = कर्मचारीले तपाईंसँगै बीमा जाँच गर्नेछन्।
notice-refused = यो कार्डबाट पुष्टि गर्न सकिएन
notice-refused-detail = कर्मचारीले अर्को तरिकाले पुष्टि गर्नेछन्।
notice-gateway-unreachable = बीमा प्रणालीसँग जोडिन सकिएन
notice-gateway-unreachable-detail = यो सञ्जालको समस्या हो। कर्मचारीले सहयोग गर्नेछन्।
notice-face-unavailable = अनुहार पहिचान उपलब्ध छैन
notice-face-unavailable-detail = यो मेसिनमा अनुहार पहिचान छैन। आफ्नो पिन प्रयोग गर्नुहोस् वा कर्मचारीसँग कुरा गर्नुहोस्।
notice-staff-called = कर्मचारी आउँदै हुनुहुन्छ
notice-staff-called-detail = कृपया यहीँ एकछिन पर्खनुहोस्।
notice-timed-out = समय सकियो
notice-timed-out-detail = कृपया सुरुदेखि फेरि गर्नुहोस्।
notice-phone-cancelled = iPhone मा रद्द गरियो
notice-phone-cancelled-detail = फेरि प्रयास गर्न, iPhone लाई फेरि रिडरमाथि राख्नुहोस्।
notice-phone-no-answer = समयभित्र iPhone बाट पुष्टि भएन
notice-phone-no-answer-detail = कर्मचारीले काउन्टरमा तपाईंको बिमा जाँच गर्नुहुनेछ।

## Demo / staff panel (not for patients)
demo-title = डेमो (कर्मचारीका लागि)
demo-hint = भर्चुअल कार्ड रिडरमा राख्नुहोस् वा निकाल्नुहोस्
demo-insert = राख्नुहोस्
demo-on-reader = रिडरमा
demo-remove = कार्ड निकाल्नुहोस्
font-missing = जापानी फन्ट भेटिएन: अङ्ग्रेजीमा देखाइँदैछ।
font-missing-languages = फन्ट नभएकाले यी भाषाहरू लुकाइएका छन्: { $languages }

## अनुहार पहिचान
era-taisho = ताइशो
era-showa = शोवा
era-heisei = हेइसेइ
era-reiwa = रेइवा
face-code-title = आफ्नो कार्डको अगाडिको भागमा भएका नम्बरहरू हाल्नुहोस्
face-code-help = यी नम्बरले तपाईंको कार्डको फोटो खोल्छन् (तपाईंको 12 अङ्कको माइ नम्बर प्रयोग हुँदैन): जन्ममितिको जापानी युग र मिति, कार्डको म्याद सकिने वर्ष, र फोटोमुनिको 4 अङ्कको सुरक्षा कोड।
face-code-era = जन्ममितिको जापानी युग:
face-code-birth = जन्ममिति (वर्ष, महिना, दिन: 6 अङ्क)
face-code-expiry = म्याद सकिने वर्ष (4 अङ्क)
face-code-security = सुरक्षा कोड (4 अङ्क)
face-code-submit = अर्को
face-code-invalid = यी नम्बर कुनै कार्डसँग मिलेनन्। युग, मिति र वर्ष जाँच गर्नुहोस्।
face-code-wrong = नम्बर मिलेन (अझै { $tries } पटक)। आफ्नो कार्डको अगाडिको भाग हेर्नुहोस्।
face-check-title = अनुहार पहिचान (प्रयास { $attempt }/{ $attempts })
face-guide-starting = क्यामेरा सुरु गर्दै…
face-guide-no-face = कृपया क्यामेरातिर हेर्नुहोस्।
face-guide-several-faces = कृपया फ्रेममा एक जना मात्र हुनुहोस्।
face-guide-come-closer = कृपया क्यामेराको अलि नजिक आउनुहोस्।
face-guide-looking = क्यामेरातिर हेरिरहनुहोस् ({ $done }/{ $needed })।
face-guide-turn-left = बिस्तारै आफ्नो टाउको आफ्नो बायाँतिर फर्काउनुहोस्।
face-guide-turn-right = बिस्तारै आफ्नो टाउको आफ्नो दायाँतिर फर्काउनुहोस्।
face-check-privacy = भिडियो र तपाईंको कार्डको फोटो यो जाँचका लागि मात्र प्रयोग हुन्छ र कहिल्यै सुरक्षित गरिँदैन।
face-retry-title = तपाईंको अनुहार पुष्टि गर्न सकिएन
face-miss-not-same = तपाईंको अनुहार कार्डको फोटोसँग मिलेन। कृपया मास्क, टोपी वा चस्मा हटाएर फेरि प्रयास गर्नुहोस्।
face-miss-no-face = अनुहार देखिएन। कृपया क्यामेराको अगाडि उभिनुहोस्।
face-miss-liveness = कृपया भनिएअनुसार टाउको फर्काउनुहोस्। फोटो वा स्क्रिन प्रयोग गर्न मिल्दैन।
face-miss-inconclusive = तस्बिर पर्याप्त स्पष्ट भएन। उज्यालो ठाउँमा क्यामेरातिर फर्केर फेरि प्रयास गर्नुहोस्।
face-retry-again = फेरि अनुहार पहिचान प्रयास गर्नुहोस्
face-retry-pin = बरु पिन प्रयोग गर्नुहोस्
face-retry-staff = रिसेप्सनका कर्मचारीले सहयोग गर्नेछन्।

## थप समय
more-time-title = के तपाईंलाई अझै समय चाहिन्छ?
more-time-detail = केही बेरदेखि केही पनि छोइएको छैन: करिब { $seconds } सेकेन्डमा मेसिन सुरुको स्क्रिनमा फर्कनेछ। तपाईंले हालेको कुरा मेटाइएको छ।
more-time-yes = हो, जारी राख्नुहोस्

## यो भेटका लागि सहायता (सुरुको स्क्रिन) र आवाज निर्देशन
assist-large-text = ठूलो अक्षर
assist-high-contrast = उच्च कन्ट्रास्ट
assist-audio = आवाज निर्देशन (+ बटन)
# आवाज निर्देशनले बोल्ने वाक्य (assets/audio, scripts/make-audio.sh ले बनाउँछ): प्रत्येक एक लाइनमा, सजिला
# शब्दमा, कुनै चल छैन; पिनको अङ्क कहिल्यै बोलिँदैन।
audio-idle = आवाज निर्देशन सुरु भयो। कृपया आफ्नो माइ नम्बर कार्ड फोटो भएको भाग माथि पारेर कार्ड रिडरमा राख्नुहोस्।
audio-working = तपाईंको कार्ड पढ्दै छ। कृपया कार्ड रिडरमै राखिराख्नुहोस्।
audio-method = आफ्नो पहिचान कसरी पुष्टि गर्ने, छान्नुहोस्: चार अङ्कको पिनबाट, वा अनुहार पहिचानबाट।
audio-pin = कृपया किप्याडमा आफ्नो चार अङ्कको पिन हाल्नुहोस्, त्यसपछि इन्टर बटन थिच्नुहोस्। अङ्कहरू ठूलो स्वरमा पढिँदैनन्।
audio-last-try = ध्यान दिनुहोस्: यो अन्तिम प्रयास हो। पिन गलत भएमा लक हुन्छ। निश्चित हुनुहुन्न भने कर्मचारीलाई बोलाउनुहोस्।
audio-consent = क्लिनिकले तपाईंको कुन विवरण हेर्न पाउने हो, छान्नुहोस्। सबैमा सहमति दिन वा एक-एक गरी छान्न सक्नुहुन्छ।
audio-result = तपाईंको स्वास्थ्य बीमा पुष्टि भयो। कृपया आफ्नो कार्ड लिनुहोस् र बोलाइएसम्म पर्खनुहोस्।
audio-result-provisional = अहिले तपाईंको बीमा अनलाइन जाँच गर्न सकिएन। रिसेप्सनका कर्मचारीले पुष्टि गर्नेछन्। कृपया आफ्नो कार्ड लिनुहोस्।
audio-wrong-pin = पिन मिलेन। कृपया फेरि प्रयास गर्नुहोस्।
audio-see-staff = कृपया आफ्नो कार्ड लिनुहोस् र रिसेप्सनका कर्मचारीसँग कुरा गर्नुहोस्। कर्मचारीले सहयोग गर्नेछन्।
audio-timed-out = मेसिन सुरुमा फर्कियो। कृपया आफ्नो कार्ड फेरि राख्नुहोस्।
audio-more-time = के तपाईंलाई अझै समय चाहिन्छ? जारी राख्न इन्टर बटन थिच्नुहोस्।
audio-face-code = आफ्नो कार्डको अगाडिको भागमा छापिएका नम्बरहरू हाल्नुहोस्: जन्ममिति, म्याद सकिने वर्ष र सुरक्षा कोड।
audio-face-check = कृपया क्यामेरातिर हेर्नुहोस्, त्यसपछि स्क्रिनले भनेअनुसार बिस्तारै टाउको फर्काउनुहोस्।
audio-face-retry = तपाईंको अनुहार पुष्टि गर्न सकिएन। तपाईं फेरि प्रयास गर्न सक्नुहुन्छ, वा आफ्नो पिन प्रयोग गर्न सक्नुहुन्छ।
audio-phone = कृपया आफ्नो iPhone मा Face ID वा Touch ID ले पुष्टि गर्नुहोस्। नसकिएसम्म iPhone रिडरमाथि नै राख्नुहोस्।
