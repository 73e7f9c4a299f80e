# myna-kiosk: Português (Brasil). Mantenha as chaves e variáveis de ja/main.ftl (`cargo test` confere).

## Common
app-title = Recepção – Cartão My Number (マイナンバーカード)
call-staff = Chamar funcionário
call-staff-confirm-title = Chamar um funcionário?
call-staff-confirm-detail = A sua recepção aqui será encerrada. Para continuar, toque em "Continuar".
call-staff-confirm-back = Continuar
back = Voltar
ok = OK
see-staff = Por favor, fale com a equipe da recepção.
staff-coming = Um membro da equipe já está vindo até você.
language-label = Idioma
out-of-service = Este terminal está fora de serviço
date = { $day } de { $month ->
    [1] janeiro
    [2] fevereiro
    [3] março
    [4] abril
    [5] maio
    [6] junho
    [7] julho
    [8] agosto
    [9] setembro
    [10] outubro
    [11] novembro
   *[12] dezembro
} de { $year }

## Idle
idle-title = Coloque o seu Cartão My Number
idle-hint = Coloque-o no leitor de cartão, com a foto para cima.
idle-hint-case = Tire o cartão da capa antes.

## Working
working-title = Verificando
working-hint = Deixe o cartão no leitor e aguarde um momento.

## Identity method
method-title = Como você quer confirmar sua identidade?
method-face = Reconhecimento facial
method-face-needs-code = Para o reconhecimento facial, você digita os números da frente do cartão (data de nascimento, ano de vencimento, código de segurança).
method-pin = Senha PIN (4 dígitos, 暗証番号)
method-tries-left = { $tries ->
    [one] Resta { $tries } tentativa
   *[other] Restam { $tries } tentativas
}
method-face-unavailable = O reconhecimento facial não está disponível neste terminal.
method-pin-unavailable = A senha não pode ser usada: está bloqueada ou nunca foi cadastrada.

## PIN
pin-title = Digite sua senha de 4 dígitos
pin-tries-left = { $tries ->
    [one] Você tem { $tries } tentativa.
   *[other] Você tem { $tries } tentativas.
}
pin-tries-unknown = Após 3 erros seguidos, a senha é bloqueada.
pin-privacy = Sua senha nunca aparece na tela e não é guardada.
pin-clear = Apagar tudo
pin-delete = Apagar
pin-submit = OK

## iPhone
phone-title = Confirme no seu iPhone
phone-hint = Siga a tela do seu iPhone e confirme com Face ID ou Touch ID. Mantenha o iPhone sobre o leitor até terminar.
phone-asking = Pedindo a confirmação ao seu iPhone…
phone-countdown = Tempo restante: { $seconds } s
phone-cancel = Cancelar

## Last try
last-try-title = Resta só uma tentativa
last-try-body = Se a próxima senha estiver errada, ela será bloqueada e terá de ser redefinida na prefeitura da sua cidade.
last-try-face = Usar reconhecimento facial
last-try-confirm = Tenho certeza – digitar a senha

## Consent
consent-title = Você autoriza o compartilhamento das suas informações médicas?
consent-body = Esta clínica poderá ver seus registros anteriores de tratamento, medicamentos, cirurgias e exames de saúde.
consent-no-effect = Se não autorizar, seu atendimento e o valor que você paga não mudam. O limite mensal para despesas médicas altas vale de qualquer forma.
consent-all = Autorizar tudo
consent-individually = Escolher um por um
consent-none = Não autorizar nada
consent-individual-title = Escolha o que compartilhar
consent-individual-hint = O que você não escolher não será compartilhado.
consent-item-medication-clinical = Tratamentos e medicamentos
consent-item-surgery = Cirurgias
consent-item-health-check = Exames de saúde específicos
consent-yes = Compartilhar
consent-no = Não compartilhar
consent-submit = Confirmar escolhas

## Result
result-title = Recepção concluída
take-card-title = Retire o seu cartão
take-phone-title = Retire o seu celular
take-card-hint = Quando você o retirar do leitor, a recepção termina.
leave-card-title = Deixe o cartão no leitor
leave-card-hint = A equipe da recepção vai usar este cartão para verificar.
result-limit-under-70 = Categoria { $label } (menos de 70 anos)
result-limit-70-and-over = { $label } (70 anos ou mais)
result-warning-expiring = O certificado eletrônico do seu cartão vence em { $date }. Renove-o na prefeitura da sua cidade.
result-warning-grace = O certificado eletrônico do seu cartão venceu em { $date }; por isso hoje só o seu seguro foi confirmado (nenhum registro médico foi compartilhado). Renove-o na prefeitura da sua cidade.
result-provisional = Resultado provisório, confirmado pela última vez em { $date }. A equipe vai verificar.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (faixa limítrofe)
limit-b01 = Renda de ativo III
limit-b02 = Renda de ativo II
limit-b03 = Renda de ativo I
limit-b04 = Geral
limit-b05 = Baixa renda II
limit-b06 = Baixa renda I
limit-b07 = Baixa renda I (pensão assistencial)
limit-b08 = Baixa renda I (faixa limítrofe)
limit-b09 = Geral II
limit-b10 = Geral I

## Notices
notice-not-my-number-card = Este não parece ser um Cartão My Number
notice-not-my-number-card-detail = Este cartão não pode ser usado aqui. Se você tem um Cartão My Number (マイナンバーカード), coloque esse cartão.
notice-juki-card = O cartão do Registro Básico de Residentes (住基カード) não pode ser usado
notice-juki-card-detail = Este cartão não vale como cartão de seguro saúde. Use seu Cartão My Number (マイナンバーカード) ou seu certificado de qualificação (資格確認書).
notice-card-removed = O cartão foi retirado
notice-card-removed-detail = Comece de novo, por favor.
notice-card-problem = Não foi possível ler o cartão
notice-card-problem-detail = Tire o cartão da capa e coloque-o de novo.
notice-wrong-pin = A senha está incorreta
notice-wrong-pin-detail = { $tries ->
    [one] Você tem { $tries } tentativa.
   *[other] Você tem { $tries } tentativas.
}
notice-wrong-pin-retry = Tentar de novo
notice-pin-locked = A senha não pode ser usada
notice-pin-locked-detail = Ela está bloqueada ou nunca foi cadastrada. Uma senha bloqueada pode ser redefinida na prefeitura da sua cidade.
notice-certificate-expired = O certificado eletrônico do cartão venceu
notice-certificate-expired-detail = O período de carência já terminou, por isso o cartão não vale como cartão de seguro (no celular, deixa de valer no vencimento). Renove-o na prefeitura da sua cidade.
notice-needs-staff = Não foi possível confirmar seu seguro
notice-needs-staff-detail = A equipe vai verificar seu seguro com você.
notice-refused = Não foi possível confirmar com este cartão
notice-refused-detail = A equipe vai confirmar de outra forma.
notice-gateway-unreachable = Sem conexão com o sistema do seguro
notice-gateway-unreachable-detail = É um problema de conexão. A equipe vai ajudar você.
notice-face-unavailable = Reconhecimento facial indisponível
notice-face-unavailable-detail = Este terminal não tem reconhecimento facial. Use sua senha ou fale com a equipe.
notice-card-photo-unproven = Não foi possível verificar a foto deste cartão
notice-card-photo-unproven-detail = O reconhecimento facial não pode ser usado com este cartão. Use sua senha, ou a equipe vai ajudar você.
notice-staff-called = A equipe está a caminho
notice-staff-called-detail = Aguarde aqui um momento, por favor.
notice-speak-to-reception = Por favor, dirija-se ao balcão da recepção
notice-speak-to-reception-detail = Este equipamento não chama a equipe sozinho. Leve seu cartão e fale com a equipe no balcão.
notice-timed-out = O tempo acabou
notice-timed-out-detail = Comece de novo, por favor.
notice-phone-cancelled = Cancelado no iPhone
notice-phone-cancelled-detail = Para tentar de novo, coloque o iPhone sobre o leitor outra vez.
notice-phone-no-answer = O iPhone não confirmou a tempo
notice-phone-no-answer-detail = A equipe vai verificar o seu seguro no balcão.

## Demo / staff panel (not for patients)
demo-title = Demo (equipe)
demo-hint = Colocar um cartão virtual no leitor ou retirá-lo
demo-insert = Colocar
demo-on-reader = No leitor
demo-remove = Retirar cartão
font-missing = Fonte japonesa não encontrada: exibindo em inglês.
font-missing-languages = Sem fonte para estes idiomas, que estão ocultos: { $languages }

## Reconhecimento facial
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Digite os números da frente do seu cartão
face-code-help = Eles abrem a foto do seu cartão (seu My Number de 12 dígitos não é usado): a era e a data do seu nascimento, o ano em que o cartão vence e o código de segurança de 4 dígitos embaixo da foto.
face-code-era = Era da sua data de nascimento:
face-code-first-year = O primeiro ano de uma era ("gannen") é digitado como 01.
face-code-birth = Data de nascimento (ano, mês, dia: 6 dígitos)
face-code-expiry = Ano de vencimento (4 dígitos)
face-code-security = Código de segurança (4 dígitos)
face-code-submit = Avançar
face-code-invalid = Esses números não correspondem a um cartão. Confira a era, a data e o ano.
face-code-wrong = { $tries ->
    [one] Os números estão errados (resta { $tries } tentativa). Confira a frente do seu cartão.
   *[other] Os números estão errados (restam { $tries } tentativas). Confira a frente do seu cartão.
}
face-check-title = Reconhecimento facial (tentativa { $attempt } de { $attempts })
face-guide-starting = Ligando a câmera…
face-guide-no-face = Olhe para a câmera, por favor.
face-guide-several-faces = Só uma pessoa na imagem, por favor.
face-guide-come-closer = Chegue um pouco mais perto da câmera, por favor.
face-guide-looking = Continue olhando para a câmera ({ $done }/{ $needed }).
face-guide-turn-left = Vire a cabeça devagar para a sua esquerda.
face-guide-turn-right = Vire a cabeça devagar para a sua direita.
face-check-privacy = O vídeo e a foto do seu cartão são usados só para esta verificação e nunca são guardados.
face-retry-title = Não foi possível confirmar seu rosto
face-miss-not-same = Seu rosto não correspondeu à foto do cartão. Tire a máscara, o chapéu ou os óculos e tente de novo.
face-miss-no-face = Nenhum rosto foi visto. Fique de frente para a câmera.
face-miss-liveness = Vire a cabeça como indicado. Fotos e telas não podem ser usadas.
face-miss-inconclusive = A imagem não ficou nítida o bastante. Tente de novo de frente para a câmera, em um lugar bem iluminado.
face-retry-again = Tentar o reconhecimento facial de novo
face-retry-pin = Usar minha senha
face-retry-staff = A equipe da recepção vai ajudar você.

## Mais tempo
more-time-title = Você precisa de mais tempo?
more-time-detail = { $seconds ->
    [one] Nada foi tocado por um tempo: em cerca de { $seconds } segundo o terminal volta ao início.
   *[other] Nada foi tocado por um tempo: em cerca de { $seconds } segundos o terminal volta ao início.
}
more-time-cleared = Os números que você digitou foram apagados.
more-time-yes = Sim, continuar

## Recursos de apoio desta visita (tela inicial) e guia por voz
assist-large-text = Letra grande
assist-high-contrast = Alto contraste
assist-audio = Guia por voz (tecla +)
# Falado pelo guia por voz (assets/audio, gerado por scripts/make-audio.sh): uma linha cada, palavras
# simples, sem variáveis; nunca um dígito da senha.
audio-idle = O guia por voz está ligado. Coloque o seu Cartão My Number no leitor de cartão, com a foto para cima.
audio-working = Lendo o seu cartão. Deixe o cartão no leitor, por favor.
audio-method = Escolha como confirmar sua identidade: com sua senha de 4 dígitos, ou com reconhecimento facial.
audio-pin = Digite sua senha de 4 dígitos no teclado e depois aperte a tecla Enter. Os números não são lidos em voz alta.
audio-last-try = Atenção: esta é a última tentativa. Se a senha estiver errada, ela será bloqueada. Se tiver dúvida, chame um funcionário.
audio-consent = Escolha quais registros a clínica pode ver: autorize tudo, escolha um por um ou não autorize nada.
audio-result = Seu seguro de saúde foi confirmado. Pegue o seu cartão e aguarde até chamarem você.
audio-result-provisional = Não foi possível verificar seu seguro pela internet agora. A equipe da recepção vai confirmar. Pegue o seu cartão, por favor.
audio-wrong-pin = A senha está incorreta. Tente de novo, por favor.
audio-see-staff = Pegue o seu cartão e fale com a equipe da recepção. A equipe vai ajudar você.
audio-take-card = A sua recepção terminou. Retire o seu cartão.
audio-leave-card = Deixe o cartão no leitor. A equipe da recepção vai usar este cartão para verificar.
audio-call-staff-confirm = Chamar um funcionário encerra a sua recepção aqui. Escolha chamar um funcionário ou continuar.
audio-timed-out = O tempo acabou e a sua recepção foi encerrada. Retire o seu cartão.
audio-more-time = Você precisa de mais tempo? Aperte a tecla Enter para continuar.
audio-face-code = Digite os números impressos na frente do seu cartão: sua data de nascimento, o ano de vencimento e o código de segurança.
audio-face-check = Olhe para a câmera e depois vire a cabeça devagar, como a tela pedir.
audio-face-retry = Não foi possível confirmar seu rosto. Você pode tentar de novo, ou usar sua senha.
audio-phone = Confirme no seu iPhone com Face ID ou Touch ID. Mantenha o iPhone sobre o leitor até terminar.

## The card front read by the camera (issue 20)

front-title = Mostre a frente do seu cartão para a câmera
front-lift = Tire o cartão do leitor e mostre a frente (o lado com a sua foto) para a câmera. Depois, coloque-o de volta no leitor.
front-guide-starting = Ligando a câmera…
front-guide-show = Mostre a frente do seu cartão para a câmera.
front-guide-edge = Coloque o cartão inteiro dentro da imagem.
front-guide-closer = Aproxime um pouco mais o cartão.
front-guide-still = Segure o cartão parado.
front-guide-glare = A luz está refletindo no cartão: incline-o um pouco.
front-guide-reading = Lendo os números… continue segurando assim.
front-privacy = Só são lidos a data de nascimento, o ano de validade e o código de segurança. A imagem não é guardada.
front-type-instead = Digitar os números
front-put-back-title = Coloque o cartão de volta no leitor
front-put-back-detail = Coloque o mesmo cartão em até { $seconds } segundos. Se não, o atendimento termina aqui e nada é guardado.
front-put-back-checking = Verificando o seu cartão…
face-code-read-title = Confira os números lidos do seu cartão
face-code-read-help = A câmera leu estes números da frente do seu cartão. Se algum estiver errado, corrija e toque em Avançar. Nada é enviado antes disso.
audio-card-front = Tire o cartão do leitor e mostre o lado com a sua foto para a câmera.
audio-put-card-back = Coloque o cartão de volta no leitor, por favor.
