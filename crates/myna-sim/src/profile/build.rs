//! Building the virtual card from a profile: its applications, files, keys and the data the
//! card face and the JPKI AP hold.

use super::*;

pub(super) fn yyyymmdd(d: Date) -> Vec<u8> {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day()).into_bytes()
}

pub(super) fn tlv(tag: u32, value: Vec<u8>) -> Result<Tlv, SimError> {
    let tag = Tag::try_from(tag).map_err(|e| SimError::Invalid(format!("tag {tag:X}: {e:?}")))?;
    Tlv::new(tag, Value::Primitive(value)).map_err(|e| SimError::Invalid(format!("TLV: {e:?}")))
}

pub(super) fn constructed(tag: u32, children: Vec<Tlv>) -> Result<Vec<u8>, SimError> {
    let tag = Tag::try_from(tag).map_err(|e| SimError::Invalid(format!("tag {tag:X}: {e:?}")))?;
    Ok(Tlv::new(tag, Value::Constructed(children))
        .map_err(|e| SimError::Invalid(format!("TLV: {e:?}")))?
        .to_vec())
}

pub(super) fn sha256(data: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, data)
        .as_ref()
        .to_vec()
}

/// DER prefix of a SHA-256 DigestInfo (RFC 8017).
pub(super) const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// RSA PKCS#1 v1.5 SHA-256 with the card key; stands in for the J-LIS signatures on card data.
pub(super) fn sign(key: &RsaPrivateKey, data: &[u8]) -> Result<Vec<u8>, SimError> {
    let mut digest_info = SHA256_DIGEST_INFO_PREFIX.to_vec();
    digest_info.extend(sha256(data));
    key.sign(rsa::Pkcs1v15Sign::new_unprefixed(), &digest_info)
        .map_err(|e| SimError::Pki(format!("signing card data: {e}")))
}

pub(super) fn signing_key(key: &RsaPrivateKey, usable: Access) -> Key {
    Key::Signing {
        key: Box::new(key.clone()),
        usable,
    }
}

/// Public key as the card stores it: `90 <exponent> 91 <modulus>`.
pub(super) fn public_key_tlvs(key: &RsaPrivateKey) -> Result<Vec<u8>, SimError> {
    use rsa::traits::PublicKeyParts;
    let mut out = tlv(0x90, key.e().to_bytes_be())?.to_vec();
    out.extend(tlv(0x91, key.n().to_bytes_be())?.to_vec());
    Ok(out)
}

/// The card-surface AP's CV certificate (`7F21 { 5F4E body, 5F37 signature }`,
/// docs/domain/mynacard.md §5.3): the body is the 16-byte 証明者鍵ID (the test hierarchy's
/// `6000023`), the 16-byte 被証明者鍵ID (a municipality-like `1310100`) and the AP key
/// (`90`/`91`), signed by the J-LIS test issuer key (PKCS#1 v1.5, SHA-256).
pub(super) fn surface_cv_certificate(
    ap_key: &RsaPrivateKey,
    issuer: &RsaPrivateKey,
) -> Result<Vec<u8>, SimError> {
    let mut body = b"6000023\x08\x05001\0\0\0\0".to_vec();
    body.extend(b"1310100\x08\x05000\0\0\0\0");
    body.extend(public_key_tlvs(ap_key)?);
    if body.len() != 297 {
        return Err(SimError::Pki(
            "the card-surface AP key must be RSA-2048 with exponent 65537".into(),
        ));
    }
    let signature = sign(issuer, &body)?;
    constructed(0x7F21, vec![tlv(0x5F4E, body)?, tlv(0x5F37, signature)?])
}

/// A CV certificate shape for the text AP (not checked by anyone): self-signed.
pub(super) fn cv_certificate(key: &RsaPrivateKey) -> Result<Vec<u8>, SimError> {
    let body = public_key_tlvs(key)?;
    let signature = sign(key, &body)?;
    constructed(0x7F21, vec![tlv(0x5F4E, body)?, tlv(0x5F37, signature)?])
}

/// The card face's `DF28`: PKCS#1 v1.5 by the AP key over one DigestInfo whose digest is the
/// SHA-256 of each signed group, one after the other (docs/domain/mynacard.md §5.3).
pub(super) fn sign_card_face(key: &RsaPrivateKey, groups: &[Vec<u8>]) -> Result<Vec<u8>, SimError> {
    let digests: Vec<u8> = groups.iter().flat_map(|g| sha256(g)).collect();
    let len = u8::try_from(digests.len())
        .map_err(|_| SimError::Invalid("too many signed groups".into()))?;
    let mut digest_info = vec![0x30, 15 + 2 + len];
    digest_info.extend(&SHA256_DIGEST_INFO_PREFIX[2..17]);
    digest_info.extend([0x04, len]);
    digest_info.extend(digests);
    key.sign(rsa::Pkcs1v15Sign::new_unprefixed(), &digest_info)
        .map_err(|e| SimError::Pki(format!("signing the card face: {e}")))
}

pub fn build_card(
    profile: &Profile,
    base: &Path,
    now: OffsetDateTime,
) -> Result<VirtualCard, SimError> {
    let (shown, contact) = profile.atr()?;
    let card = build_applications(profile, base, now)?.with_atr(shown, contact);
    Ok(if profile.faults.more_data_forever {
        card.with_more_data_forever()
    } else {
        card
    })
}

impl Profile {
    /// The ATR the reader shows for this profile, and the chip's contact ATR (GET DATA `5F51`).
    pub fn atr(&self) -> Result<(Vec<u8>, Option<Vec<u8>>), SimError> {
        card_atr(self)
    }
}

pub(super) fn card_atr(profile: &Profile) -> Result<(Vec<u8>, Option<Vec<u8>>), SimError> {
    let interface = profile
        .interface
        .unwrap_or(Interface::default_for(profile.token));
    if interface == Interface::Contact
        && matches!(profile.token, Token::AndroidToken | Token::IphoneToken)
    {
        return Err(SimError::Invalid(
            "interface = \"contact\": a phone is read without contact only".into(),
        ));
    }
    let text = profile
        .atr
        .as_deref()
        .unwrap_or(atr::default_atr(profile.token, interface));
    let shown = atr::parse(text)?;
    let contact = atr::contact_atr(profile.token, interface, &shown);
    Ok((shown, contact))
}

pub(super) fn build_applications(
    profile: &Profile,
    base: &Path,
    now: OffsetDateTime,
) -> Result<VirtualCard, SimError> {
    if profile.token == Token::Foreign {
        return Ok(VirtualCard::new(Vec::new(), false));
    }
    // A card issued without a PIN (顔認証マイナンバーカード, face-only) has no 署名用電子証明書:
    // the signing certificate needs its password set at issue.
    if profile.auth_pin.value.is_none() && profile.sign_password.is_some() {
        return Err(SimError::Invalid(
            "sign_password: a card issued without a PIN (face-only) has no signing certificate"
                .into(),
        ));
    }
    let holder = &profile.holder;
    let birth_date = date("holder.birth_date", &holder.birth_date)?;
    let card_expiry = date("holder.card_expiry", &holder.card_expiry)?;
    digits("holder.individual_number", &holder.individual_number, 12)?;
    if is_valid_individual_number(&holder.individual_number) {
        return Err(SimError::Invalid(
            "holder.individual_number: it passes the 個人番号 check digit, so it could be a real \
             person's number; a synthetic one must fail it (change its last digit)"
                .into(),
        ));
    }
    digits("holder.security_code", &holder.security_code, 4)?;
    let serial = hex(&profile.auth_certificate.serial)?;
    let key_pem = read_text(base, &profile.key)?;
    let key = RsaPrivateKey::from_pkcs8_pem(&key_pem)
        .map_err(|e| SimError::Pki(format!("card key {}: {e}", profile.key.display())))?;
    let key_pair = card_key_pair(&key_pem)?;
    let ca = TestCa::from_pem(
        &read_text(base, &profile.ca_key)?,
        &read_text(base, &profile.ca_certificate)?,
    )?;

    let cert = &profile.auth_certificate;
    let auth_der = if profile.faults.auth_certificate_not_der {
        let mut junk = vec![0x30, 0x82, 0x01, 0x00];
        junk.extend([0xA5; 0x100]);
        junk
    } else {
        ca.issue(
            &key_pair,
            &serial,
            &[
                (DnType::CountryName, "JP".into()),
                (DnType::OrganizationName, "JPKI TEST ONLY".into()),
                (DnType::CommonName, format!("TEST AUTH {}", cert.serial)),
            ],
            now + Duration::days(cert.valid_from_days),
            now + Duration::days(cert.valid_until_days),
        )?
    };
    let auth_pin = match &profile.auth_pin.value {
        Some(value) => {
            digits("auth_pin.value", value, 4)?;
            Pin::new(
                value.as_bytes(),
                AUTH_PIN_TRIES,
                profile.auth_pin.tries_left,
            )
        }
        None => Pin::new(b"", AUTH_PIN_TRIES, 0),
    };
    // Phones need the PIN before the auth certificate can be read (MYNA cli.rs, Android).
    let auth_cert_access = match profile.token {
        Token::AndroidToken => Access::AnyOf(vec![0x18]),
        _ => Access::Free,
    };
    // The iPhone's auth key is unlocked on the phone (Face ID / Touch ID), never by a VERIFY.
    let phone = match (profile.token, &profile.phone) {
        (Token::IphoneToken, Some(spec)) => Some(spec.holder()?),
        (Token::IphoneToken, None) => Some(PhoneSpec::default().holder()?),
        (_, Some(_)) => {
            return Err(SimError::Invalid(
                "[phone] is for iphone_token profiles only".into(),
            ));
        }
        (_, None) => None,
    };
    let auth_key_access = match phone {
        Some(_) => Access::OnPhone,
        None => Access::AnyOf(vec![0x18]),
    };
    let mut jpki = Application::new("jpki", &JPKI_AID)
        .with_file(0x0006, token_info(profile.token), Access::Free)
        .with_file(0x000A, auth_der, auth_cert_access)
        .with_file(0x000B, ca.certificate_der().to_vec(), Access::Free)
        .with_file(0x0002, ca.certificate_der().to_vec(), Access::Free)
        .with_key(0x17, signing_key(&key, auth_key_access))
        .with_key(0x18, Key::Pin(auth_pin));
    match &profile.sign_password {
        Some(password) => {
            let sign_der = ca.issue(
                &key_pair,
                &[&serial[..], &[0x5A]].concat(),
                &[
                    (DnType::CountryName, "JP".into()),
                    (DnType::CommonName, holder.name.clone()),
                    (DnType::LocalityName, holder.address.clone()),
                ],
                now + Duration::days(cert.valid_from_days),
                now + Duration::days(cert.valid_until_days),
            )?;
            jpki = jpki
                .with_file(0x0001, sign_der, Access::AnyOf(vec![0x1B]))
                .with_file(0x0008, vec![0x8F, 0x8F, 0x00], Access::Free)
                .with_key(0x1A, signing_key(&key, Access::AnyOf(vec![0x1B])))
                .with_key(
                    0x1B,
                    Key::Pin(Pin::new(
                        password.as_bytes(),
                        SIGN_PASSWORD_TRIES,
                        SIGN_PASSWORD_TRIES,
                    )),
                );
        }
        None => jpki = jpki.with_file(0x0008, vec![0x00, 0x8F, 0x00], Access::Free),
    }

    let mut apps = vec![jpki];
    match profile.token {
        Token::MyNumberCard => {
            let images = CardImages {
                photo: read(base, &holder.photo)?,
                text: read(base, &holder.text_image)?,
            };
            let text_pin = holder
                .text_pin
                .as_deref()
                .or(profile.auth_pin.value.as_deref())
                .unwrap_or("0000");
            digits("holder.text_pin", text_pin, 4)?;
            let code_b = code_b(birth_date, card_expiry, &holder.security_code)?;
            let (issuer_path, ap_path) = profile.surface_keys();
            let private = |path: &Path| {
                RsaPrivateKey::from_pkcs8_pem(&read_text(base, path)?)
                    .map_err(|e| SimError::Pki(format!("card-surface key {}: {e}", path.display())))
            };
            let signing = SurfaceSigning {
                issuer: private(&issuer_path)?,
                ap_key: private(&ap_path)?,
                signed_photo: match &profile.faults.signed_photo {
                    Some(path) => Some(read(base, path)?),
                    None => None,
                },
                unsigned: profile.faults.card_face_unsigned,
            };
            apps.push(text_ap(holder, birth_date, &key, text_pin, &code_b)?);
            apps.push(surface_ap(
                holder,
                birth_date,
                card_expiry,
                &key,
                &code_b,
                &images,
                &signing,
            )?);
            apps.push(pin_only_ap("juki", &JUKI_AID, text_pin));
            apps.push(pin_only_ap("common", &COMMON_AID, text_pin));
        }
        Token::JukiCard => apps.push(pin_only_ap("juki", &JUKI_AID, "0000")),
        Token::AndroidToken | Token::IphoneToken | Token::Foreign => {}
    }
    let card = VirtualCard::new(apps, profile.token == Token::IphoneToken);
    Ok(match phone {
        Some(holder) => card.with_phone(holder),
        None => card,
    })
}

pub(super) fn token_info(token: Token) -> Vec<u8> {
    let field = |text: &str, len: usize| {
        let mut f = text.as_bytes().to_vec();
        f.resize(len, b' ');
        f
    };
    let mut info = field(token.label(), 32);
    info.extend(field("JPKI TEST SIMULATOR", 32));
    info.extend(field("E16R01NJ", 16));
    info.extend(field("0000000000000000", 16));
    info.extend([0x00, 0x00, 0x04, 0x0D]); // flags
    info.extend([0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x06]); // max/min PIN length
    info.resize(160, 0x00);
    info
}

/// 照合番号B: era birth date YYMMDD + expiry year + security code.
pub(super) fn code_b(birth: Date, expiry: Date, security_code: &str) -> Result<String, SimError> {
    let era = era_yymmdd(birth)
        .ok_or_else(|| SimError::Invalid("holder.birth_date before Meiji".into()))?;
    Ok(format!("{era}{:04}{security_code}", expiry.year()))
}

pub(super) struct CardImages {
    photo: Vec<u8>,
    text: Vec<u8>,
}

/// What signs the card-surface AP's data, and how the card face's signature is made.
pub(super) struct SurfaceSigning {
    issuer: RsaPrivateKey,
    ap_key: RsaPrivateKey,
    /// `faults.signed_photo`: the photo `DF28` covers instead of the one served.
    signed_photo: Option<Vec<u8>>,
    unsigned: bool,
}

/// 券面事項入力補助AP: the Individual Number and the basic 4 information.
pub(super) fn text_ap(
    holder: &Holder,
    birth: Date,
    key: &RsaPrivateKey,
    pin: &str,
    code_b: &str,
) -> Result<Application, SimError> {
    let mut number = vec![0xFF, 0x10, 0x0C];
    number.extend(holder.individual_number.as_bytes());
    number.extend([0xFF, 0xFF]);

    let fields = [
        (0xDF22, holder.name.as_bytes().to_vec()),
        (0xDF23, holder.address.as_bytes().to_vec()),
        (0xDF24, yyyymmdd(birth)),
        (0xDF25, holder.sex.as_bytes().to_vec()),
    ];
    let basic = with_offset_table(0xFF20, 0xDF21, fields.to_vec())?;
    let integrity = constructed(
        0xFF30,
        vec![
            tlv(0xDF31, sha256(&number))?,
            tlv(0xDF32, sha256(&basic))?,
            tlv(
                0xDF33,
                sign(key, &[number.clone(), basic.clone()].concat())?,
            )?,
        ],
    )?;
    let info = constructed(
        0xFF40,
        vec![
            tlv(0xDF41, vec![0x01, 0x03, 0x0E, 0x01])?,
            tlv(0xDF42, vec![0x11; 16])?,
            tlv(0xDF43, vec![0x22; 128])?,
        ],
    )?;
    Ok(Application::new("text", &TEXT_AID)
        .with_file(0x0001, number, Access::AnyOf(vec![0x11, 0x14]))
        .with_file(0x0002, basic, Access::AnyOf(vec![0x11, 0x15]))
        .with_file(0x0003, integrity, Access::AnyOf(vec![0x11, 0x14, 0x15]))
        .with_file(0x0004, cv_certificate(key)?, Access::Free)
        .with_file(0x0005, info, Access::Free)
        .with_key(
            0x11,
            Key::Pin(Pin::new(
                pin.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        )
        .with_key(0x12, Key::Pin(Pin::new(b"", UNCONFIRMED_TRIES, 0)))
        .with_key(0x13, signing_key(key, Access::Free))
        .with_key(
            0x14,
            Key::Pin(Pin::new(
                holder.individual_number.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        )
        .with_key(
            0x15,
            Key::Pin(Pin::new(
                code_b.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        ))
}

/// 券面事項確認AP: the card face, opened by 照合番号B (or A, which the kiosk never uses).
pub(super) fn surface_ap(
    holder: &Holder,
    birth: Date,
    expiry: Date,
    key: &RsaPrivateKey,
    code_b: &str,
    images: &CardImages,
    signing: &SurfaceSigning,
) -> Result<Application, SimError> {
    let object = |tag: u32, value: Vec<u8>| tlv(tag, value).map(|t| t.to_vec());
    let signed_photo = signing.signed_photo.as_ref().unwrap_or(&images.photo);
    // Each group as written on the card: tag, length and value of each object.
    let groups = [
        [
            object(0xDF22, yyyymmdd(birth))?,
            object(0xDF23, holder.sex.as_bytes().to_vec())?,
            object(0xDF24, public_key_tlvs(key)?)?,
        ]
        .concat(),
        [
            object(0xDF25, images.text.clone())?,
            object(0xDF26, images.text.clone())?,
        ]
        .concat(),
        object(0xDF27, signed_photo.clone())?,
    ];
    let mut fields = vec![
        (0xDF22, yyyymmdd(birth)),
        (0xDF23, holder.sex.as_bytes().to_vec()),
        (0xDF24, public_key_tlvs(key)?),
        (0xDF25, images.text.clone()),
        (0xDF26, images.text.clone()),
        (0xDF27, images.photo.clone()),
    ];
    if !signing.unsigned {
        fields.push((0xDF28, sign_card_face(&signing.ap_key, &groups)?));
    }
    fields.extend([(0xDF29, yyyymmdd(expiry)), (0xDF2A, images.text.clone())]);
    let face = with_offset_table(0xFF20, 0xDF21, fields)?;
    let age = constructed(
        0xFF10,
        vec![
            tlv(0xDF11, yyyymmdd(birth))?,
            tlv(0xDF12, public_key_tlvs(key)?)?,
            tlv(
                0xDF13,
                sign(
                    &signing.ap_key,
                    &[
                        object(0xDF11, yyyymmdd(birth))?,
                        object(0xDF12, public_key_tlvs(key)?)?,
                    ]
                    .concat(),
                )?,
            )?,
        ],
    )?;
    let info = constructed(
        0xFF30,
        vec![
            tlv(0xDF31, vec![0x06, 0x03, 0x0E, 0x01])?,
            tlv(0xDF34, b"13101".to_vec())?,
        ],
    )?;
    let number_image = constructed(0xFF40, vec![tlv(0xDF41, images.text.clone())?])?;
    let birth_key = era_yymmdd(birth).unwrap_or_default();
    Ok(Application::new("surface", &SURFACE_AID)
        .with_file(0x0001, age, Access::AnyOf(vec![0x11]))
        .with_file(0x0002, face, Access::AnyOf(vec![0x12, 0x13]))
        .with_file(0x0003, info, Access::Free)
        .with_file(
            0x0004,
            surface_cv_certificate(&signing.ap_key, &signing.issuer)?,
            Access::Free,
        )
        .with_file(0x0005, number_image, Access::AnyOf(vec![0x13]))
        .with_key(
            0x11,
            Key::Pin(Pin::new(
                birth_key.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        )
        .with_key(
            0x12,
            Key::Pin(Pin::new(
                code_b.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        )
        .with_key(
            0x13,
            Key::Pin(Pin::new(
                holder.individual_number.as_bytes(),
                UNCONFIRMED_TRIES,
                UNCONFIRMED_TRIES,
            )),
        )
        .with_key(0x16, signing_key(key, Access::Free)))
}

/// The 住基 and 共通 APs: selectable, with their PIN, and nothing the kiosk may read.
pub(super) fn pin_only_ap(name: &'static str, aid: &[u8], pin: &str) -> Application {
    Application::new(name, aid).with_key(
        0x1C,
        Key::Pin(Pin::new(
            pin.as_bytes(),
            UNCONFIRMED_TRIES,
            UNCONFIRMED_TRIES,
        )),
    )
}

/// A record `outer { table, fields… }` whose table holds each field's 16-bit offset from byte 0.
pub(super) fn with_offset_table(
    outer: u32,
    table: u32,
    fields: Vec<(u32, Vec<u8>)>,
) -> Result<Vec<u8>, SimError> {
    let encoded: Vec<Tlv> = fields
        .into_iter()
        .map(|(t, v)| tlv(t, v))
        .collect::<Result<_, _>>()?;
    let table_len = 2 * encoded.len();
    let body_len: usize = encoded.iter().map(|t| t.to_vec().len()).sum::<usize>() + 3 + table_len;
    // Outer header: 2 tag bytes + a length field of 1, 2 or 3 bytes.
    let header_len = 2 + match body_len {
        0..=0x7E => 1,
        0x7F..=0xFF => 2,
        _ => 3,
    };
    let mut offsets = Vec::with_capacity(table_len);
    let mut at = header_len + 3 + table_len;
    for t in &encoded {
        offsets.extend((at as u16).to_be_bytes());
        at += t.to_vec().len();
    }
    let mut children = vec![tlv(table, offsets)?];
    children.extend(encoded);
    constructed(outer, children)
}
