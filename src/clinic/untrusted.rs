//! Reading a file from a folder that other programs write (the 資格確認端末's `res`): whoever
//! can write there can leave a symbolic link (to `/dev/zero`, to a secret), a FIFO that blocks
//! any reader, or a file of any size. [`read`] opens without following a link and without
//! blocking (`O_NOFOLLOW | O_NONBLOCK`), checks on the open file that it is a regular file,
//! and reads at most [`MAX_DOCUMENT_BYTES`] plus one byte, so none of these can block, exhaust
//! memory or make the kiosk read a file it was not given.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use super::xml::MAX_DOCUMENT_BYTES;

/// Why a file in a clinic folder was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Links are never followed: whoever writes the folder could point one anywhere.
    #[error("it is a symbolic link, which is not followed")]
    Symlink,
    /// A FIFO, socket or device: reading it could block or never end.
    #[error("it is not a regular file but {0}")]
    NotRegular(&'static str),
    #[error("it is larger than {limit} bytes")]
    TooLarge { limit: usize },
}

/// What became of a read.
#[derive(Debug)]
pub enum ReadError {
    /// The file is not there (any more).
    NotFound,
    /// The file is there but is not one the kiosk reads.
    Refused(Refusal),
    Io(io::Error),
}

/// The bytes of the regular file at `path`, at most [`MAX_DOCUMENT_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            // O_NOFOLLOW on a link: ELOOP.
            Some(libc::ELOOP) => ReadError::Refused(Refusal::Symlink),
            _ if e.kind() == io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(e),
        })?;
    // The type of what was opened, not of what the name pointed to a moment before.
    let kind = file.metadata().map_err(ReadError::Io)?.file_type();
    if !kind.is_file() {
        let what = if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else if kind.is_dir() {
            "a folder"
        } else {
            "something else"
        };
        return Err(ReadError::Refused(Refusal::NotRegular(what)));
    }
    read_capped(file)
}

/// At most `MAX_DOCUMENT_BYTES + 1` bytes: one more than allowed tells a file that is too large.
fn read_capped(file: File) -> Result<Vec<u8>, ReadError> {
    let cap = MAX_DOCUMENT_BYTES as u64 + 1;
    let hint = file
        .metadata()
        .map(|m| m.len().min(cap))
        .unwrap_or_default();
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or_default());
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(ReadError::Refused(Refusal::TooLarge {
            limit: MAX_DOCUMENT_BYTES,
        }));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xml");
        std::fs::write(&path, vec![b'x'; MAX_DOCUMENT_BYTES]).unwrap();
        assert_eq!(read(&path).unwrap().len(), MAX_DOCUMENT_BYTES);
        std::fs::write(&path, vec![b'x'; MAX_DOCUMENT_BYTES + 1]).unwrap();
        assert!(matches!(
            read(&path),
            Err(ReadError::Refused(Refusal::TooLarge { .. }))
        ));
        assert!(matches!(
            read(&dir.path().join("none.xml")),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            read(dir.path()),
            Err(ReadError::Refused(Refusal::NotRegular("a folder")))
        ));
    }
}
