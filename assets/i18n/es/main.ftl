# myna-kiosk: Español. Mantenga las claves y variables de ja/main.ftl (`cargo test` lo comprueba).

## Common
app-title = Recepción – Tarjeta My Number (マイナンバーカード)
call-staff = Llamar al personal
call-staff-confirm-title = ¿Llamar al personal?
call-staff-confirm-detail = Su registro aquí terminará. Para seguir, toque "Continuar".
call-staff-confirm-back = Continuar
back = Volver
ok = Aceptar
see-staff = Por favor, hable con el personal de recepción.
staff-coming = Un miembro del personal ya viene hacia usted.
language-label = Idioma
out-of-service = Este terminal está fuera de servicio
date = { $day } de { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
} de { $year }

## Idle
idle-title = Coloque su tarjeta My Number
idle-hint = Póngala sobre el lector de tarjetas, con la foto hacia arriba.
idle-hint-case = Sáquela primero de la funda.

## Working
working-title = Comprobando
working-hint = Deje la tarjeta sobre el lector y espere un momento.

## Identity method
method-title = ¿Cómo quiere confirmar su identidad?
method-face = Reconocimiento facial
method-face-needs-code = Para el reconocimiento facial debe escribir los números del frente de su tarjeta (fecha de nacimiento, año de vencimiento, código de seguridad).
method-pin = PIN (4 dígitos, 暗証番号)
method-tries-left = { $tries ->
    [one] Queda { $tries } intento
   *[other] Quedan { $tries } intentos
}
method-face-unavailable = El reconocimiento facial no está disponible en este terminal.
method-pin-unavailable = No se puede usar el PIN: está bloqueado o nunca se configuró.

## PIN
pin-title = Introduzca su PIN de 4 dígitos
pin-tries-left = { $tries ->
    [one] Le queda { $tries } intento.
   *[other] Le quedan { $tries } intentos.
}
pin-tries-unknown = Tras 3 errores seguidos, el PIN se bloquea.
pin-privacy = Su PIN nunca se muestra en pantalla ni se guarda.
pin-clear = Borrar todo
pin-delete = Borrar
pin-submit = Aceptar

## iPhone
phone-title = Confirme en su iPhone
phone-hint = Siga las indicaciones de la pantalla de su iPhone y confirme con Face ID o Touch ID. Mantenga el iPhone sobre el lector hasta que termine.
phone-asking = Solicitando la confirmación a su iPhone…
phone-countdown = Tiempo restante: { $seconds } s
phone-cancel = Cancelar

## Last try
last-try-title = Solo queda un intento de PIN
last-try-body = Si el siguiente PIN es incorrecto, se bloqueará y tendrá que restablecerlo en la municipalidad donde vive.
last-try-face = Usar reconocimiento facial
last-try-confirm = Confirmo – introducir mi PIN

## Consent
consent-title = ¿Acepta compartir su información médica?
consent-body = Esta clínica podrá ver sus registros anteriores de tratamientos, medicamentos, cirugías y chequeos médicos.
consent-no-effect = Si no acepta, su atención y lo que paga no cambian. El límite mensual de gastos médicos altos se aplica igual.
consent-all = Aceptar todo
consent-individually = Elegir uno por uno
consent-none = No aceptar nada
consent-individual-title = Elija qué compartir
consent-individual-hint = Lo que no elija no se comparte.
consent-item-medication-clinical = Tratamientos y medicamentos
consent-item-surgery = Cirugías
consent-item-health-check = Chequeos médicos específicos
consent-yes = Compartir
consent-no = No compartir
consent-submit = Confirmar mi elección

## Result
result-title = Registro completado
take-card-title = Retire su tarjeta
take-phone-title = Retire su teléfono
take-card-hint = El registro termina cuando se retira del lector.
leave-card-title = Deje la tarjeta en el lector
leave-card-hint = El personal de recepción usará esta tarjeta para comprobarlo.
result-limit-under-70 = Categoría { $label } (menores de 70)
result-limit-70-and-over = { $label } (70 años o más)
result-warning-expiring = El certificado electrónico de su tarjeta vence el { $date }. Renuévelo en la municipalidad donde vive.
result-warning-grace = El certificado electrónico de su tarjeta venció el { $date }; por eso hoy solo se confirmó su seguro (no se compartió ningún registro médico). Renuévelo en la municipalidad donde vive.
result-provisional = Resultado provisional, confirmado por última vez el { $date }. El personal lo comprobará.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (franja límite)
limit-b01 = Ingresos de nivel activo III
limit-b02 = Ingresos de nivel activo II
limit-b03 = Ingresos de nivel activo I
limit-b04 = General
limit-b05 = Bajos ingresos II
limit-b06 = Bajos ingresos I
limit-b07 = Bajos ingresos I (pensión asistencial)
limit-b08 = Bajos ingresos I (franja límite)
limit-b09 = General II
limit-b10 = General I

## Notices
notice-not-my-number-card = No parece una tarjeta My Number
notice-not-my-number-card-detail = Esta tarjeta no se puede usar aquí. Si tiene una tarjeta My Number (マイナンバーカード), colóquela.
notice-juki-card = No se puede usar la tarjeta del Registro Básico de Residentes (住基カード)
notice-juki-card-detail = Esta tarjeta no vale como tarjeta del seguro médico. Use su tarjeta My Number (マイナンバーカード) o su certificado de elegibilidad (資格確認書).
notice-card-removed = Se retiró la tarjeta
notice-card-removed-detail = Por favor, empiece de nuevo.
notice-card-problem = No se pudo leer la tarjeta
notice-card-problem-detail = Saque la tarjeta de la funda y colóquela otra vez.
notice-wrong-pin = El PIN no es correcto
notice-wrong-pin-detail = { $tries ->
    [one] Le queda { $tries } intento.
   *[other] Le quedan { $tries } intentos.
}
notice-wrong-pin-retry = Intentar otra vez
notice-pin-locked = No se puede usar el PIN
notice-pin-locked-detail = Está bloqueado o nunca se configuró. Un PIN bloqueado se puede restablecer en la municipalidad donde vive.
notice-certificate-expired = El certificado electrónico de la tarjeta ha vencido
notice-certificate-expired-detail = Ya pasó el período de gracia, así que la tarjeta no vale como tarjeta del seguro (en un teléfono deja de valer al vencer). Renuévelo en la municipalidad donde vive.
notice-needs-staff = No se pudo confirmar su seguro
notice-needs-staff-detail = El personal revisará su seguro con usted.
notice-refused = No se pudo confirmar con esta tarjeta
notice-refused-detail = El personal lo confirmará de otra manera.
notice-gateway-unreachable = No hay conexión con el sistema del seguro
notice-gateway-unreachable-detail = Es un problema de conexión. El personal le ayudará.
notice-face-unavailable = El reconocimiento facial no está disponible
notice-face-unavailable-detail = Este terminal no tiene reconocimiento facial. Use su PIN o hable con el personal.
notice-card-photo-unproven = No se pudo comprobar la foto de esta tarjeta
notice-card-photo-unproven-detail = No se puede usar el reconocimiento facial con esta tarjeta. Use su PIN o el personal le ayudará.
notice-staff-called = El personal ya viene
notice-staff-called-detail = Espere aquí un momento, por favor.
notice-speak-to-reception = Por favor, diríjase al mostrador de recepción
notice-speak-to-reception-detail = Este equipo no llama al personal por sí solo. Lleve su tarjeta y hable con el personal del mostrador.
notice-timed-out = Se acabó el tiempo
notice-timed-out-detail = Por favor, empiece de nuevo.
notice-phone-cancelled = Cancelado en el iPhone
notice-phone-cancelled-detail = Para intentarlo de nuevo, vuelva a colocar el iPhone sobre el lector.
notice-phone-no-answer = El iPhone no confirmó a tiempo
notice-phone-no-answer-detail = El personal comprobará su seguro en el mostrador.

## Demo / staff panel (not for patients)
demo-title = Demo (personal)
demo-hint = Poner una tarjeta virtual en el lector o retirarla
demo-insert = Poner
demo-on-reader = En el lector
demo-remove = Retirar tarjeta
font-missing = No se encontró la fuente japonesa: se muestra en inglés.
font-missing-languages = Sin fuente para estos idiomas, que están ocultos: { $languages }

## Reconocimiento facial
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Introduzca los números del anverso de su tarjeta
face-code-help = Sirven para abrir la foto de su tarjeta (no se usa su My Number de 12 dígitos): la era y la fecha de su nacimiento, el año en que vence la tarjeta y el código de seguridad de 4 dígitos que está debajo de la foto.
face-code-era = Era de su fecha de nacimiento:
face-code-first-year = El primer año de una era («gannen») se escribe 01.
face-code-birth = Fecha de nacimiento (año, mes, día: 6 dígitos)
face-code-expiry = Año de vencimiento (4 dígitos)
face-code-security = Código de seguridad (4 dígitos)
face-code-submit = Siguiente
face-code-invalid = Estos números no coinciden con una tarjeta. Compruebe la era, la fecha y el año.
face-code-wrong = { $tries ->
    [one] Los números no son correctos (queda { $tries } intento). Revise el anverso de su tarjeta.
   *[other] Los números no son correctos (quedan { $tries } intentos). Revise el anverso de su tarjeta.
}
face-check-title = Reconocimiento facial (intento { $attempt } de { $attempts })
face-guide-starting = Encendiendo la cámara…
face-guide-no-face = Mire a la cámara, por favor.
face-guide-several-faces = Solo una persona en la imagen, por favor.
face-guide-come-closer = Acérquese un poco más a la cámara, por favor.
face-guide-looking = Siga mirando a la cámara ({ $done }/{ $needed }).
face-guide-turn-left = Gire despacio la cabeza hacia su izquierda.
face-guide-turn-right = Gire despacio la cabeza hacia su derecha.
face-check-privacy = El video y la foto de su tarjeta se usan solo para esta comprobación y nunca se guardan.
face-retry-title = No se pudo confirmar su rostro
face-miss-not-same = Su rostro no coincide con la foto de la tarjeta. Quítese la mascarilla, el sombrero o los lentes e inténtelo otra vez.
face-miss-no-face = No se vio ningún rostro. Colóquese frente a la cámara.
face-miss-liveness = Gire la cabeza como se le indica. No se pueden usar fotos ni pantallas.
face-miss-inconclusive = La imagen no fue lo bastante clara. Inténtelo otra vez frente a la cámara, en un lugar bien iluminado.
face-retry-again = Intentar de nuevo el reconocimiento facial
face-retry-pin = Usar mi PIN
face-retry-staff = El personal de recepción le ayudará.

## Más tiempo
more-time-title = ¿Necesita más tiempo?
more-time-detail = { $seconds ->
    [one] No se ha tocado nada durante un rato: en aproximadamente { $seconds } segundo el terminal volverá al inicio.
   *[other] No se ha tocado nada durante un rato: en unos { $seconds } segundos el terminal volverá al inicio.
}
more-time-cleared = Los números que escribió se han borrado.
more-time-yes = Sí, continuar

## Ayudas para esta visita (pantalla inicial) y guía por voz
assist-large-text = Letra grande
assist-high-contrast = Alto contraste
assist-audio = Guía por voz (tecla +)
# Lo dice la guía por voz (assets/audio, generado por scripts/make-audio.sh): una línea cada uno,
# palabras sencillas, sin variables; nunca un dígito del PIN.
audio-idle = La guía por voz está activada. Coloque su tarjeta My Number sobre el lector de tarjetas, con la foto hacia arriba.
audio-working = Leyendo su tarjeta. Déjela sobre el lector, por favor.
audio-method = Elija cómo confirmar su identidad: con su PIN de 4 dígitos, o con reconocimiento facial.
audio-pin = Introduzca su PIN de 4 dígitos en el teclado y luego pulse la tecla Enter. Los números no se leen en voz alta.
audio-last-try = Atención: este es el último intento. Si el PIN es incorrecto, se bloqueará. Si tiene dudas, llame al personal.
audio-consent = Elija qué registros puede ver la clínica: acepte todo, elija uno por uno o no acepte nada.
audio-result = Su seguro médico está confirmado. Recoja su tarjeta y espere a que le llamen.
audio-result-provisional = Ahora mismo no se pudo comprobar su seguro en línea. El personal de recepción lo confirmará. Recoja su tarjeta, por favor.
audio-wrong-pin = El PIN no es correcto. Inténtelo otra vez, por favor.
audio-see-staff = Recoja su tarjeta y hable con el personal de recepción. Le ayudarán.
audio-take-card = Su registro ha terminado. Retire su tarjeta.
audio-leave-card = Deje la tarjeta en el lector. El personal de recepción la usará para comprobarlo.
audio-call-staff-confirm = Si llama al personal, su registro aquí terminará. Elija llamar al personal o continuar.
audio-timed-out = Se acabó el tiempo y su registro ha terminado. Retire su tarjeta.
audio-more-time = ¿Necesita más tiempo? Pulse la tecla Enter para continuar.
audio-face-code = Introduzca los números impresos en el anverso de su tarjeta: su fecha de nacimiento, el año de vencimiento y el código de seguridad.
audio-face-check = Mire a la cámara y luego gire la cabeza despacio, como le indique la pantalla.
audio-face-retry = No se pudo confirmar su rostro. Puede intentarlo otra vez, o usar su PIN.
audio-phone = Confirme en su iPhone con Face ID o Touch ID. Mantenga el iPhone sobre el lector hasta que termine.

## The card front read by the camera (issue 20)

front-title = Muestre el anverso de su tarjeta a la cámara
front-lift = Levante su tarjeta del lector y muestre el anverso (el lado con su foto) a la cámara. Después, vuelva a ponerla en el lector.
front-guide-starting = Iniciando la cámara…
front-guide-show = Muestre el anverso de su tarjeta a la cámara.
front-guide-edge = Ponga toda la tarjeta dentro de la imagen.
front-guide-closer = Acerque un poco más la tarjeta.
front-guide-still = Mantenga la tarjeta quieta.
front-guide-glare = La luz se refleja en la tarjeta: inclínela un poco.
front-guide-reading = Leyendo los números… manténgala así.
front-privacy = Solo se leen su fecha de nacimiento, el año de vencimiento y el código de seguridad. La imagen no se guarda.
front-type-instead = Escribir los números
front-put-back-title = Vuelva a poner su tarjeta en el lector
front-put-back-detail = Ponga la misma tarjeta en { $seconds } segundos como máximo. Si no, la recepción termina aquí y no se guarda nada.
front-put-back-checking = Comprobando su tarjeta…
face-code-read-title = Compruebe los números leídos de su tarjeta
face-code-read-help = La cámara leyó estos números del anverso de su tarjeta. Si alguno no es correcto, corríjalo y pulse Siguiente. No se envía nada antes.
audio-card-front = Levante su tarjeta y muestre a la cámara el lado con su foto.
audio-put-card-back = Vuelva a poner su tarjeta en el lector, por favor.
