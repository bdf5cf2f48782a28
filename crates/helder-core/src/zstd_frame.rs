//! How many bytes a ZSTD-compressed buffer can really unpack into, read from its frame and
//! block headers without decompressing (RFC 8878), so that a size the file merely declares
//! never decides how much memory the reader takes.

/// Zstandard frames start with this magic number (little-endian).
const MAGIC: u32 = 0xFD2F_B528;
/// Skippable frames: magic numbers 0x184D2A50 to 0x184D2A5F, then a 4-byte length.
const SKIPPABLE_MASK: u32 = 0xFFFF_FFF0;
const SKIPPABLE: u32 = 0x184D_2A50;
/// No block unpacks into more than 128 KiB (Block_Maximum_Size).
const BLOCK_MAX: u64 = 128 * 1024;

/// What the headers of a run of frames promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameBound {
    /// The most the frames can unpack into: raw and RLE blocks exactly, compressed blocks
    /// at most 128 KiB each.
    pub max_output: u64,
    /// The sum of the frames' declared content sizes, when every frame declares one.
    pub content_size: Option<u64>,
}

/// Walks the frames in `data` (one compressed buffer, without arrow's 8-byte size prefix).
/// The error says what is wrong and at which byte of the buffer.
pub fn bound(data: &[u8]) -> Result<FrameBound, String> {
    let mut at = 0usize;
    let mut max_output = 0u64;
    let mut content_size = Some(0u64);
    if data.is_empty() {
        return Err("the ZSTD data is empty".into());
    }
    while at < data.len() {
        let magic = read_le(data, at, 4).ok_or_else(|| cut(at))? as u32;
        if magic & SKIPPABLE_MASK == SKIPPABLE {
            let len = read_le(data, at + 4, 4).ok_or_else(|| cut(at + 4))?;
            at = (at as u64 + 8 + len)
                .try_into()
                .ok()
                .filter(|end| *end <= data.len())
                .ok_or_else(|| cut(at))?;
            continue;
        }
        if magic != MAGIC {
            return Err(format!("no ZSTD frame starts at byte {at}"));
        }
        at += 4;
        let descriptor = *data.get(at).ok_or_else(|| cut(at))?;
        at += 1;
        let fcs_flag = descriptor >> 6;
        let single_segment = descriptor & 0x20 != 0;
        if descriptor & 0x08 != 0 {
            return Err(format!(
                "the ZSTD frame header at byte {} sets a reserved bit",
                at - 1
            ));
        }
        let checksum = descriptor & 0x04 != 0;
        let dict_len = [0usize, 1, 2, 4][usize::from(descriptor & 0x03)];
        if !single_segment {
            at += 1; // Window descriptor: the window bounds memory, not the output.
        }
        at += dict_len;
        let fcs_len = match (fcs_flag, single_segment) {
            (0, false) => 0,
            (0, true) => 1,
            (1, _) => 2,
            (2, _) => 4,
            _ => 8,
        };
        let frame_size = if fcs_len == 0 {
            None
        } else {
            let raw = read_le(data, at, fcs_len).ok_or_else(|| cut(at))?;
            // A 2-byte size counts from 256 (sizes below fit in one byte).
            Some(if fcs_len == 2 { raw + 256 } else { raw })
        };
        at += fcs_len;
        let mut frame_output = 0u64;
        loop {
            let header = read_le(data, at, 3).ok_or_else(|| cut(at))?;
            at += 3;
            let last = header & 1 == 1;
            let size = header >> 3;
            let (stored, output) = match (header >> 1) & 0x03 {
                0 => (size, size),
                1 => (1, size),
                2 => (size, BLOCK_MAX),
                _ => {
                    return Err(format!(
                        "the ZSTD block at byte {} has the reserved type",
                        at - 3
                    ))
                }
            };
            if size > BLOCK_MAX {
                return Err(format!(
                    "the ZSTD block at byte {} claims {size} bytes, more than a block holds",
                    at - 3
                ));
            }
            at = at
                .checked_add(stored as usize)
                .filter(|end| *end <= data.len())
                .ok_or_else(|| cut(at))?;
            frame_output = frame_output.saturating_add(output);
            if last {
                break;
            }
        }
        if checksum {
            at = at
                .checked_add(4)
                .filter(|end| *end <= data.len())
                .ok_or_else(|| cut(at))?;
        }
        if let Some(declared) = frame_size {
            if declared > frame_output {
                return Err(format!(
                    "a ZSTD frame declares {declared} bytes but its blocks can hold at most {frame_output}"
                ));
            }
        }
        max_output = max_output.saturating_add(frame_output);
        content_size = content_size
            .zip(frame_size)
            .map(|(a, b)| a.saturating_add(b));
    }
    Ok(FrameBound {
        max_output,
        content_size,
    })
}

fn cut(at: usize) -> String {
    format!("the ZSTD data ends inside a frame, at byte {at}")
}

/// `len` bytes at `at` as a little-endian number, if they are there.
fn read_le(data: &[u8], at: usize, len: usize) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(len)?)?;
    Some(
        bytes
            .iter()
            .rev()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame with a one-byte content size (single segment), then the given blocks.
    fn frame(content: Option<u8>, blocks: &[(u8, u32, &[u8])]) -> Vec<u8> {
        let mut out = MAGIC.to_le_bytes().to_vec();
        match content {
            Some(c) => out.extend([0x20, c]),
            None => out.extend([0x00, 0x00]), // No size; a window descriptor.
        }
        for (i, (kind, size, body)) in blocks.iter().enumerate() {
            let last = u32::from(i + 1 == blocks.len());
            let h = last | (u32::from(*kind) << 1) | (size << 3);
            out.extend(&h.to_le_bytes()[..3]);
            out.extend(*body);
        }
        out
    }

    #[test]
    fn raw_and_rle_blocks_count_exactly_compressed_ones_at_most_a_block() {
        let f = frame(Some(10), &[(0, 4, b"abcd"), (1, 6, b"x")]);
        assert_eq!(
            bound(&f),
            Ok(FrameBound {
                max_output: 10,
                content_size: Some(10)
            })
        );
        let f = frame(None, &[(2, 3, b"zzz")]);
        assert_eq!(
            bound(&f),
            Ok(FrameBound {
                max_output: BLOCK_MAX,
                content_size: None
            })
        );
        // Two frames add up.
        let mut two = frame(Some(4), &[(0, 4, b"abcd")]);
        two.extend(frame(Some(2), &[(1, 2, b"y")]));
        assert_eq!(bound(&two).map(|b| b.max_output), Ok(6));
    }

    #[test]
    fn lies_and_cuts_are_errors() {
        // Declares 200 bytes, holds 4.
        let f = frame(Some(200), &[(0, 4, b"abcd")]);
        assert!(bound(&f).unwrap_err().contains("declares 200 bytes"));
        // A raw block longer than the data.
        let f = frame(Some(10), &[(0, 10, b"abc")]);
        assert!(bound(&f).unwrap_err().contains("ends inside a frame"));
        assert!(bound(b"\x28\xb5\x2f").unwrap_err().contains("ends inside"));
        assert!(bound(b"not zstd").unwrap_err().contains("no ZSTD frame"));
        assert!(bound(&[]).is_err());
        let f = frame(Some(1), &[(3, 1, b"a")]);
        assert!(bound(&f).unwrap_err().contains("reserved type"));
    }

    #[test]
    fn real_frames_are_bounded_by_their_true_size() {
        // Frames as the zstd library writes them (arrow and pyarrow use it).
        let data: Vec<u8> = (0..50_000u32).flat_map(|i| (i % 7).to_le_bytes()).collect();
        let packed = zstd::bulk::compress(&data, 3).unwrap();
        let b = bound(&packed).unwrap();
        assert_eq!(b.content_size, Some(data.len() as u64));
        assert!(b.max_output >= data.len() as u64);
    }
}
