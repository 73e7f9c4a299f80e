# myna-kiosk: Bahasa Indonesia. Pertahankan kunci dan variabel ja/main.ftl (diperiksa `cargo test`).

## Common
app-title = Pendaftaran – Kartu My Number (マイナンバーカード)
call-staff = Panggil petugas
call-staff-confirm-title = Panggil staf?
call-staff-confirm-detail = Pendaftaran Anda di sini akan berakhir. Untuk melanjutkan, sentuh "Lanjutkan".
call-staff-confirm-back = Lanjutkan
back = Kembali
ok = OK
see-staff = Silakan bicara dengan petugas pendaftaran.
staff-coming = Petugas sedang menuju ke tempat Anda sekarang.
language-label = Bahasa
out-of-service = Mesin ini sedang tidak dapat digunakan
date = { $day } { $month ->
    [1] Januari
    [2] Februari
    [3] Maret
    [4] April
    [5] Mei
    [6] Juni
    [7] Juli
    [8] Agustus
    [9] September
    [10] Oktober
    [11] November
   *[12] Desember
} { $year }

## Idle
idle-title = Silakan letakkan Kartu My Number Anda
idle-hint = Letakkan di atas pembaca kartu, sisi foto menghadap ke atas.
idle-hint-case = Keluarkan dulu dari sarung kartu.

## Working
working-title = Sedang memeriksa
working-hint = Biarkan kartu di atas pembaca dan tunggu sebentar.

## Identity method
method-title = Bagaimana Anda ingin memastikan identitas?
method-face = Pengenalan wajah
method-face-needs-code = Untuk pengenalan wajah, Anda memasukkan angka di bagian depan kartu (tanggal lahir, tahun habis berlaku, kode keamanan).
method-pin = PIN (4 angka, 暗証番号)
method-tries-left = Sisa { $tries } kali
method-face-unavailable = Pengenalan wajah tidak tersedia di mesin ini.
method-pin-unavailable = PIN tidak dapat digunakan: terkunci atau belum pernah diatur.

## PIN
pin-title = Masukkan PIN 4 angka Anda
pin-tries-left = Anda masih punya { $tries } kali kesempatan.
pin-tries-unknown = Jika salah 3 kali berturut-turut, PIN akan terkunci.
pin-privacy = PIN Anda tidak pernah ditampilkan di layar dan tidak disimpan.
pin-clear = Hapus semua
pin-delete = Hapus
pin-submit = OK

## iPhone
phone-title = Silakan konfirmasi di iPhone Anda
phone-hint = Ikuti petunjuk di layar iPhone Anda dan konfirmasi dengan Face ID atau Touch ID. Biarkan iPhone di atas pembaca kartu sampai selesai.
phone-asking = Meminta konfirmasi ke iPhone Anda…
phone-countdown = Sisa waktu: { $seconds } detik
phone-cancel = Batal

## Last try
last-try-title = Kesempatan memasukkan PIN tinggal satu kali
last-try-body = Jika PIN berikutnya salah, PIN akan terkunci dan harus diatur ulang di kantor kota tempat Anda tinggal.
last-try-face = Pakai pengenalan wajah
last-try-confirm = Saya yakin – masukkan PIN

## Consent
consent-title = Apakah Anda setuju membagikan informasi medis Anda?
consent-body = Klinik ini akan dapat melihat catatan pengobatan, obat, operasi, dan pemeriksaan kesehatan Anda sebelumnya.
consent-no-effect = Jika tidak setuju, perawatan dan biaya yang Anda bayar tidak berubah. Batas bulanan biaya medis tinggi tetap berlaku.
consent-all = Setuju semua
consent-individually = Pilih satu per satu
consent-none = Tidak setuju
consent-individual-title = Pilih yang ingin dibagikan
consent-individual-hint = Yang tidak Anda pilih tidak akan dibagikan.
consent-item-medication-clinical = Pengobatan dan obat
consent-item-surgery = Operasi
consent-item-health-check = Pemeriksaan kesehatan khusus
consent-yes = Bagikan
consent-no = Jangan bagikan
consent-submit = Konfirmasi pilihan

## Result
result-title = Pendaftaran selesai
take-card-title = Silakan ambil kartu Anda
take-phone-title = Silakan ambil ponsel Anda
take-card-hint = Setelah diangkat dari pembaca, pendaftaran selesai.
leave-card-title = Biarkan kartu tetap di pembaca
leave-card-hint = Staf resepsionis akan memakai kartu ini untuk memeriksa.
result-limit-under-70 = Kategori { $label } (di bawah 70 tahun)
result-limit-70-and-over = { $label } (70 tahun ke atas)
result-warning-expiring = Sertifikat elektronik kartu Anda berlaku sampai { $date }. Silakan perpanjang di kantor kota tempat Anda tinggal.
result-warning-grace = Sertifikat elektronik kartu Anda habis berlaku pada { $date }, jadi hari ini hanya asuransi Anda yang dikonfirmasi (tidak ada catatan medis yang dibagikan). Silakan perpanjang di kantor kota tempat Anda tinggal.
result-provisional = Hasil sementara, terakhir dikonfirmasi pada { $date }. Petugas akan memeriksanya.

## High-cost care limit categories (OQSCD012); Japanese names romanised
limit-a01 = a
limit-a02 = i
limit-a03 = u
limit-a04 = e
limit-a05 = o
limit-a06 = o (batas)
limit-b01 = Penghasilan setara pekerja III
limit-b02 = Penghasilan setara pekerja II
limit-b03 = Penghasilan setara pekerja I
limit-b04 = Umum
limit-b05 = Penghasilan rendah II
limit-b06 = Penghasilan rendah I
limit-b07 = Penghasilan rendah I (pensiun kesejahteraan)
limit-b08 = Penghasilan rendah I (batas)
limit-b09 = Umum II
limit-b10 = Umum I

## Notices
notice-not-my-number-card = Ini sepertinya bukan Kartu My Number
notice-not-my-number-card-detail = Kartu ini tidak dapat digunakan di sini. Jika Anda punya Kartu My Number (マイナンバーカード), letakkan kartu itu.
notice-juki-card = Kartu Registrasi Penduduk (住基カード) tidak bisa dipakai
notice-juki-card-detail = Kartu ini tidak bisa dipakai sebagai kartu asuransi kesehatan. Gunakan Kartu My Number (マイナンバーカード) atau sertifikat kelayakan (資格確認書).
notice-card-removed = Kartu terangkat
notice-card-removed-detail = Silakan mulai lagi dari awal.
notice-card-problem = Kartu tidak dapat dibaca
notice-card-problem-detail = Keluarkan kartu dari sarungnya lalu letakkan lagi.
notice-wrong-pin = PIN salah
notice-wrong-pin-detail = Anda masih punya { $tries } kali kesempatan.
notice-wrong-pin-retry = Coba lagi
notice-pin-locked = PIN tidak dapat digunakan
notice-pin-locked-detail = PIN terkunci atau belum pernah diatur. PIN yang terkunci dapat diatur ulang di kantor kota tempat Anda tinggal.
notice-certificate-expired = Sertifikat elektronik kartu sudah habis berlaku
notice-certificate-expired-detail = Masa tenggangnya sudah lewat, jadi kartu tidak bisa dipakai sebagai kartu asuransi (di ponsel, langsung tidak berlaku saat habis). Silakan perpanjang di kantor kota tempat Anda tinggal.
notice-needs-staff = Asuransi Anda tidak dapat dikonfirmasi
notice-needs-staff-detail = Petugas akan memeriksa asuransi Anda bersama Anda.
notice-refused = Tidak dapat dikonfirmasi dengan kartu ini
notice-refused-detail = Petugas akan mengonfirmasi dengan cara lain.
notice-gateway-unreachable = Sistem asuransi tidak dapat dihubungi
notice-gateway-unreachable-detail = Ada masalah koneksi. Petugas akan membantu Anda.
notice-face-unavailable = Pengenalan wajah tidak tersedia
notice-face-unavailable-detail = Mesin ini tidak punya pengenalan wajah. Gunakan PIN Anda atau bicara dengan petugas.
notice-card-photo-unproven = Foto pada kartu ini tidak dapat diperiksa
notice-card-photo-unproven-detail = Pengenalan wajah tidak dapat dipakai dengan kartu ini. Gunakan PIN Anda, atau petugas akan membantu Anda.
notice-staff-called = Petugas sedang menuju ke sini
notice-staff-called-detail = Silakan tunggu di sini sebentar.
notice-speak-to-reception = Silakan ke meja pendaftaran
notice-speak-to-reception-detail = Mesin ini tidak memanggil petugas secara otomatis. Bawa kartu Anda dan sampaikan kepada petugas di meja pendaftaran.
notice-timed-out = Waktu habis
notice-timed-out-detail = Silakan mulai lagi dari awal.
notice-phone-cancelled = Dibatalkan di iPhone
notice-phone-cancelled-detail = Untuk mencoba lagi, letakkan iPhone di atas pembaca kartu sekali lagi.
notice-phone-no-answer = iPhone tidak mengonfirmasi tepat waktu
notice-phone-no-answer-detail = Petugas akan memeriksa asuransi Anda di loket.

## Demo / staff panel (not for patients)
demo-title = Demo (untuk petugas)
demo-hint = Letakkan kartu virtual di pembaca, atau ambil kembali
demo-insert = Letakkan
demo-on-reader = Di pembaca
demo-remove = Ambil kartu
font-missing = Font Jepang tidak ditemukan: ditampilkan dalam bahasa Inggris.
font-missing-languages = Tidak ada font untuk bahasa ini, jadi disembunyikan: { $languages }

## Pengenalan wajah
era-meiji = Meiji
era-taisho = Taisho
era-showa = Showa
era-heisei = Heisei
era-reiwa = Reiwa
face-code-title = Masukkan angka dari bagian depan kartu Anda
face-code-help = Angka ini dipakai untuk membuka foto di kartu Anda (My Number 12 angka Anda tidak dipakai): era dan tanggal lahir Anda, tahun kartu habis berlaku, dan kode keamanan 4 angka di bawah foto.
face-code-era = Era tanggal lahir Anda:
face-code-first-year = Tahun pertama sebuah era ("gannen") diketik 01.
face-code-birth = Tanggal lahir (tahun, bulan, tanggal: 6 angka)
face-code-expiry = Tahun habis berlaku (4 angka)
face-code-security = Kode keamanan (4 angka)
face-code-submit = Berikutnya
face-code-invalid = Angka ini tidak cocok dengan kartu. Periksa era, tanggal, dan tahunnya.
face-code-wrong = Angkanya salah (sisa { $tries } kali). Periksa bagian depan kartu Anda.
face-check-title = Pengenalan wajah (percobaan { $attempt } dari { $attempts })
face-guide-starting = Menyalakan kamera…
face-guide-no-face = Silakan lihat ke kamera.
face-guide-several-faces = Mohon hanya satu orang di dalam gambar.
face-guide-come-closer = Silakan mendekat sedikit ke kamera.
face-guide-looking = Tetap lihat ke kamera ({ $done }/{ $needed }).
face-guide-turn-left = Putar kepala Anda perlahan ke arah kiri Anda.
face-guide-turn-right = Putar kepala Anda perlahan ke arah kanan Anda.
face-check-privacy = Video dan foto kartu Anda hanya dipakai untuk pemeriksaan ini dan tidak pernah disimpan.
face-retry-title = Wajah Anda tidak dapat dikonfirmasi
face-miss-not-same = Wajah Anda tidak cocok dengan foto di kartu. Silakan lepas masker, topi, atau kacamata lalu coba lagi.
face-miss-no-face = Wajah tidak terlihat. Silakan berdiri di depan kamera.
face-miss-liveness = Silakan putar kepala sesuai petunjuk. Foto dan layar tidak dapat dipakai.
face-miss-inconclusive = Gambarnya kurang jelas. Silakan coba lagi menghadap kamera di tempat yang terang.
face-retry-again = Coba pengenalan wajah lagi
face-retry-pin = Pakai PIN saja
face-retry-staff = Petugas pendaftaran akan membantu Anda.

## Tambahan waktu
more-time-title = Apakah Anda perlu waktu lagi?
more-time-detail = Tidak ada sentuhan selama beberapa saat: dalam sekitar { $seconds } detik mesin akan kembali ke layar awal.
more-time-cleared = Angka yang Anda masukkan sudah dihapus.
more-time-yes = Ya, lanjutkan

## Bantuan untuk kunjungan ini (layar awal) dan panduan suara
assist-large-text = Teks besar
assist-high-contrast = Kontras tinggi
assist-audio = Panduan suara (tombol +)
# Diucapkan oleh panduan suara (assets/audio, dibuat oleh scripts/make-audio.sh): satu baris masing-masing,
# kata sederhana, tanpa variabel; angka PIN tidak pernah diucapkan.
audio-idle = Panduan suara aktif. Silakan letakkan Kartu My Number Anda di atas pembaca kartu, sisi foto menghadap ke atas.
audio-working = Sedang membaca kartu Anda. Biarkan kartu tetap di atas pembaca.
audio-method = Pilih cara memastikan identitas Anda: dengan PIN 4 angka, atau dengan pengenalan wajah.
audio-pin = Masukkan PIN 4 angka Anda dengan tombol angka, lalu tekan tombol Enter. Angkanya tidak dibacakan.
audio-last-try = Hati-hati, ini kesempatan terakhir. Jika PIN salah, PIN akan terkunci. Jika tidak yakin, panggil petugas.
audio-consent = Pilih catatan mana yang boleh dilihat klinik: setujui semua, pilih satu per satu, atau tidak setuju.
audio-result = Asuransi kesehatan Anda sudah dikonfirmasi. Silakan ambil kartu Anda dan tunggu sampai dipanggil.
audio-result-provisional = Asuransi Anda tidak dapat diperiksa secara daring saat ini. Petugas pendaftaran akan mengonfirmasinya. Silakan ambil kartu Anda.
audio-wrong-pin = PIN salah. Silakan coba lagi.
audio-see-staff = Silakan ambil kartu Anda dan temui petugas pendaftaran. Petugas akan membantu Anda.
audio-take-card = Pendaftaran Anda selesai. Silakan ambil kartu Anda.
audio-leave-card = Biarkan kartu tetap di pembaca. Staf resepsionis akan memakai kartu ini untuk memeriksa.
audio-call-staff-confirm = Memanggil staf akan mengakhiri pendaftaran Anda di sini. Pilih panggil staf, atau lanjutkan.
audio-timed-out = Waktu habis dan pendaftaran Anda berakhir. Silakan ambil kartu Anda.
audio-more-time = Apakah Anda perlu waktu lagi? Tekan tombol Enter untuk melanjutkan.
audio-face-code = Masukkan angka yang tercetak di bagian depan kartu Anda: tanggal lahir, tahun habis berlaku, dan kode keamanan.
audio-face-check = Silakan lihat ke kamera, lalu putar kepala Anda perlahan sesuai petunjuk di layar.
audio-face-retry = Wajah Anda tidak dapat dikonfirmasi. Anda bisa mencoba lagi, atau memakai PIN.
audio-phone = Silakan konfirmasi di iPhone Anda dengan Face ID atau Touch ID. Biarkan iPhone di atas pembaca kartu sampai selesai.

## The card front read by the camera (issue 20)

front-title = Tunjukkan bagian depan kartu Anda ke kamera
front-lift = Angkat kartu dari pembaca dan tunjukkan bagian depannya (sisi dengan foto Anda) ke kamera. Setelah itu, letakkan kembali di pembaca.
front-guide-starting = Menyalakan kamera…
front-guide-show = Silakan hadapkan bagian depan kartu ke kamera.
front-guide-edge = Silakan masukkan seluruh kartu ke dalam gambar.
front-guide-closer = Silakan dekatkan kartu sedikit lagi.
front-guide-still = Silakan pegang kartu dengan diam.
front-guide-glare = Ada pantulan cahaya di kartu: miringkan sedikit.
front-guide-reading = Membaca angka… tetap pegang seperti itu.
front-privacy = Hanya tanggal lahir, tahun berlaku, dan kode keamanan yang dibaca. Gambar tidak disimpan.
front-type-instead = Ketik angkanya sendiri
front-put-back-title = Silakan letakkan kembali kartu Anda di pembaca
front-put-back-detail = Letakkan kembali kartu yang sama dalam { $seconds } detik. Jika tidak, pendaftaran berakhir di sini dan tidak ada yang disimpan.
front-put-back-checking = Memeriksa kartu Anda…
face-code-read-title = Periksa angka yang dibaca dari kartu Anda
face-code-read-help = Kamera membaca angka ini dari bagian depan kartu Anda. Jika ada yang salah, perbaiki lalu tekan Berikutnya. Tidak ada yang dikirim sebelum Anda menekannya.
audio-card-front = Silakan angkat kartu Anda dan tunjukkan sisi dengan foto ke kamera.
audio-put-card-back = Silakan letakkan kembali kartu Anda di pembaca.
