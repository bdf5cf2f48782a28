//! Checks on IPC message metadata before arrow-ipc decodes it.
//!
//! arrow-ipc trusts a message's buffer offsets and slices the body with them, which panics
//! on a corrupt file. A panic in the browser (panic = abort) would take the whole app down,
//! so every message is checked here first: buffers inside the body, bodies inside the file.

use arrow_ipc::convert::try_fb_to_schema;
use arrow_ipc::{root_as_message, MessageHeader};
use arrow_schema::{DataType, Schema};

use crate::CoreError;

const CONTINUATION: [u8; 4] = [0xFF; 4];

/// The value type of each dictionary id, read from the schema's flatbuffer: a dictionary
/// batch is checked against its own column's type, not any dictionary column's (a `Utf8`
/// layout passed for a `LargeUtf8` dictionary would make arrow panic on its offsets).
/// Only top-level fields count; nested types are rejected before any batch is decoded.
pub fn dictionary_types(fb: arrow_ipc::Schema, schema: &Schema) -> Vec<(i64, DataType)> {
    let mut out = Vec::new();
    for (i, f) in fb.fields().iter().flatten().enumerate() {
        if let (Some(d), Some(field)) = (f.dictionary(), schema.fields().get(i)) {
            if let DataType::Dictionary(_, value) = field.data_type() {
                out.push((d.id(), value.as_ref().clone()));
            }
        }
    }
    out
}

/// The value type of dictionary `id`, from [`dictionary_types`].
pub fn value_type(dictionaries: &[(i64, DataType)], id: i64) -> Option<&DataType> {
    dictionaries.iter().find(|(i, _)| *i == id).map(|(_, t)| t)
}

/// Where a checked message's flatbuffer and body lie in the bytes it was checked in.
#[derive(Debug, Clone)]
pub struct Checked {
    pub fb: std::ops::Range<usize>,
    pub body: std::ops::Range<usize>,
    /// Byte offset of the message, for errors.
    pub at: usize,
}

/// Checks one file block: `meta_len` bytes of metadata (with length prefix), then the body.
pub fn check_block(
    schema: &Schema,
    dictionaries: &[(i64, DataType)],
    block: &[u8],
    meta_len: usize,
    at: usize,
) -> Result<Checked, CoreError> {
    let (meta, body) = block.split_at_checked(meta_len).ok_or_else(|| {
        CoreError::Corrupt(format!("block at byte {at} is shorter than its header"))
    })?;
    let (prefix, len) = read_prefix(meta, at)?;
    let fb = meta.get(prefix..prefix + len).ok_or_else(|| {
        CoreError::Corrupt(format!("message at byte {at} is longer than its block"))
    })?;
    check_message(schema, dictionaries, fb, body, at)?;
    Ok(Checked {
        fb: prefix..prefix + len,
        body: meta_len..block.len(),
        at,
    })
}

/// A checked stream: its schema, the value type of each dictionary id, and its messages
/// after the schema.
pub struct CheckedStream {
    pub schema: Schema,
    pub dictionaries: Vec<(i64, DataType)>,
    pub messages: Vec<Checked>,
}

/// Walks every message of a stream, checking framing and buffers; requires the
/// end-of-stream marker so that a stream cut at a message boundary is not taken as whole.
pub fn check_stream(bytes: &[u8]) -> Result<CheckedStream, CoreError> {
    let mut pos = 0usize;
    let mut schema: Option<(Schema, Vec<(i64, DataType)>)> = None;
    let mut messages = Vec::new();
    loop {
        if pos >= bytes.len() {
            return Err(CoreError::Truncated(format!(
                "the stream stops after {} bytes without its end-of-stream marker",
                bytes.len()
            )));
        }
        let (prefix, len) = read_prefix(&bytes[pos..], pos)?;
        if len == 0 {
            let (schema, dictionaries) = schema
                .ok_or_else(|| CoreError::Truncated("the stream ends before its schema".into()))?;
            return Ok(CheckedStream {
                schema,
                dictionaries,
                messages,
            });
        }
        let fb = bytes.get(pos + prefix..pos + prefix + len).ok_or_else(|| {
            CoreError::Truncated(format!(
                "a message at byte {pos} needs {len} bytes but the stream ends at {}",
                bytes.len()
            ))
        })?;
        let message = root_as_message(fb)
            .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {pos}: {e}")))?;
        let body_len = usize::try_from(message.bodyLength()).map_err(|_| {
            CoreError::Corrupt(format!("message at byte {pos} has a negative body length"))
        })?;
        if let Some(fb_schema) = message.header_as_schema() {
            let parsed = try_fb_to_schema(fb_schema)?;
            crate::table_import::check_supported(&parsed)?;
            let dictionaries = dictionary_types(fb_schema, &parsed);
            schema = Some((parsed, dictionaries));
        }
        let body_start = pos + prefix + len;
        let body = body_start
            .checked_add(body_len)
            .and_then(|end| bytes.get(body_start..end))
            .ok_or_else(|| {
                CoreError::Truncated(format!(
                    "a message body at byte {pos} of {body_len} bytes runs past the end of the {}-byte stream",
                    bytes.len()
                ))
            })?;
        if message.header_as_schema().is_none() {
            let (s, dictionaries) = schema.as_ref().ok_or_else(|| {
                CoreError::Corrupt(format!(
                    "a batch at byte {pos} comes before the stream's schema"
                ))
            })?;
            check_message(s, dictionaries, fb, body, pos)?;
            messages.push(Checked {
                fb: pos + prefix..pos + prefix + len,
                body: body_start..body_start + body_len,
                at: pos,
            });
        }
        pos = body_start + body_len;
    }
}

/// Length prefix: `FFFFFFFF` + i32 length, or (before Arrow 0.15) just the i32 length.
fn read_prefix(bytes: &[u8], at: usize) -> Result<(usize, usize), CoreError> {
    let word = |i: usize| -> Option<[u8; 4]> { bytes.get(i..i + 4)?.try_into().ok() };
    let short = || {
        CoreError::Truncated(format!(
            "the data stops inside a message header at byte {at}"
        ))
    };
    let first = word(0).ok_or_else(short)?;
    let (prefix, raw) = if first == CONTINUATION {
        (8, word(4).ok_or_else(short)?)
    } else {
        (4, first)
    };
    let len = i32::from_le_bytes(raw);
    let len = usize::try_from(len)
        .map_err(|_| CoreError::Corrupt(format!("negative message length {len} at byte {at}")))?;
    Ok((prefix, len))
}

/// Checks one message (`fb`, its flatbuffer) against its `body` before arrow-ipc reads it.
pub fn check_message(
    schema: &Schema,
    dictionaries: &[(i64, DataType)],
    fb: &[u8],
    body: &[u8],
    at: usize,
) -> Result<(), CoreError> {
    let body_len = body.len();
    let message = root_as_message(fb)
        .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
    // The value types a batch's columns have: the schema's for a record batch, and for a
    // dictionary batch the value type of the column with that dictionary id.
    let (batch, types): (_, Vec<&DataType>) = match message.header_type() {
        MessageHeader::RecordBatch => (
            message.header_as_record_batch(),
            schema.fields().iter().map(|f| f.data_type()).collect(),
        ),
        MessageHeader::DictionaryBatch => {
            let dict = message.header_as_dictionary_batch();
            let id = dict.map(|d| d.id());
            let value = id
                .and_then(|id| value_type(dictionaries, id))
                .ok_or_else(|| {
                    CoreError::Corrupt(format!(
                        "dictionary batch at byte {at} has id {}, which no column uses",
                        id.unwrap_or(-1)
                    ))
                })?;
            (dict.and_then(|d| d.data()), vec![value])
        }
        _ => return Ok(()),
    };
    let Some(batch) = batch else {
        return Err(CoreError::Corrupt(format!(
            "message at byte {at} has no batch header"
        )));
    };
    if batch.length() < 0 {
        return Err(CoreError::Corrupt(format!(
            "batch at byte {at} has a negative row count"
        )));
    }
    for node in batch.nodes().iter().flatten() {
        if node.length() < 0 || node.null_count() < 0 || node.null_count() > node.length() {
            return Err(CoreError::Corrupt(format!(
                "batch at byte {at} has an impossible column length {} with {} nulls",
                node.length(),
                node.null_count()
            )));
        }
    }
    // Uncompressed buffers are used in place, and arrow's validation asserts (panics) on
    // misaligned ones; the IPC format requires 8-byte alignment anyway.
    let in_place = batch.compression().is_none();
    for buffer in batch.buffers().iter().flatten() {
        if in_place && buffer.offset() % 8 != 0 {
            return Err(CoreError::Corrupt(format!(
                "batch at byte {at} has a buffer at body offset {} that is not 8-byte aligned as Arrow IPC requires",
                buffer.offset()
            )));
        }
        let ok = match (
            usize::try_from(buffer.offset()),
            usize::try_from(buffer.length()),
        ) {
            (Ok(o), Ok(l)) => o.checked_add(l).is_some_and(|end| end <= body_len),
            _ => false,
        };
        if !ok {
            return Err(CoreError::Corrupt(format!(
                "batch at byte {at} points at bytes {}..{} of a {body_len}-byte body",
                buffer.offset(),
                i128::from(buffer.offset()) + i128::from(buffer.length())
            )));
        }
    }
    // The lengths arrow will see: as stored, or as declared after decompression.
    let lengths: Vec<i64> = match batch.compression().map(|c| c.codec()) {
        Some(codec) => batch
            .buffers()
            .iter()
            .flatten()
            .map(|b| check_decompressed_size(b, body, codec, at))
            .collect::<Result<_, _>>()?,
        None => batch
            .buffers()
            .iter()
            .flatten()
            .map(|b| b.length())
            .collect(),
    };
    let variadic: Vec<i64> = batch.variadicBufferCounts().iter().flatten().collect();
    if !widths_fit(&types, &lengths, &variadic) {
        return Err(CoreError::Corrupt(format!(
            "batch at byte {at} has buffers whose sizes do not fit its column types"
        )));
    }
    Ok(())
}

/// Compressed buffers start with their decompressed size, which arrow allocates up front.
/// A corrupt size would allocate gigabytes for a tiny file, so it is bounded by what the
/// data can really unpack into: LZ4 at most 255:1; ZSTD by its own frame and block headers
/// (raw and run-length blocks exactly, a compressed block at most 128 KiB), and a frame that
/// states its content size must state the size arrow was told.
fn check_decompressed_size(
    buffer: &arrow_ipc::Buffer,
    body: &[u8],
    codec: arrow_ipc::CompressionType,
    at: usize,
) -> Result<i64, CoreError> {
    // Offsets were checked against the body before this is called.
    let start = buffer.offset() as usize;
    let len = buffer.length() as usize;
    if len == 0 {
        return Ok(0);
    }
    let Some(prefix) = body
        .get(start..start + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
    else {
        return Err(CoreError::Corrupt(format!(
            "a compressed buffer at byte {at} is too short to hold its size"
        )));
    };
    let declared = i64::from_le_bytes(prefix);
    if declared == -1 {
        return Ok(len as i64 - 8); // Stored uncompressed after the size prefix.
    }
    if codec == arrow_ipc::CompressionType::ZSTD {
        let frames = body.get(start + 8..start + len).unwrap_or_default();
        let bound = crate::zstd_frame::bound(frames)
            .map_err(|e| CoreError::Corrupt(format!("the compressed buffer at byte {at}: {e}")))?;
        return match u64::try_from(declared) {
            Ok(n) if n <= bound.max_output && bound.content_size.is_none_or(|c| c == n) => {
                Ok(declared)
            }
            _ => Err(CoreError::Corrupt(format!(
                "a compressed buffer at byte {at} claims to unpack {len} bytes into {declared}, more than the codec can produce from them (its ZSTD frames hold {})",
                match bound.content_size {
                    Some(c) => format!("{c} bytes"),
                    None => format!("at most {} bytes", bound.max_output),
                }
            ))),
        };
    }
    let limit = (len as u64).saturating_mul(256).saturating_add(1024);
    match u64::try_from(declared) {
        Ok(n) if n <= limit => Ok(declared),
        _ => Err(CoreError::Corrupt(format!(
            "a compressed buffer at byte {at} claims to unpack {len} bytes into {declared}, more than the codec can produce"
        ))),
    }
}

/// Whether the buffer lengths fit the columns' layouts: arrow reads each value buffer as a
/// slice of its type and asserts (panics) when the length is not a whole number of values.
fn widths_fit(types: &[&DataType], lengths: &[i64], variadic: &[i64]) -> bool {
    let mut buffers = lengths.iter();
    let mut variadic = variadic.iter();
    for t in types {
        let key_or_self = match t {
            DataType::Dictionary(k, _) => k.as_ref(),
            other => other,
        };
        // Buffers after the validity bitmap, with the byte width each must be a multiple of.
        let widths: Vec<i64> = match key_or_self {
            DataType::Utf8 | DataType::Binary => vec![4, 1],
            DataType::LargeUtf8 | DataType::LargeBinary => vec![8, 1],
            DataType::Utf8View | DataType::BinaryView => {
                let extra = variadic.next().copied().unwrap_or(-1);
                let Ok(extra) = usize::try_from(extra) else {
                    return false;
                };
                if extra > lengths.len() {
                    return false;
                }
                std::iter::once(16)
                    .chain(std::iter::repeat_n(1, extra))
                    .collect()
            }
            DataType::Boolean => vec![1],
            other => match other.primitive_width() {
                Some(w) => vec![w as i64],
                None => return true, // Other types are rejected before decoding.
            },
        };
        if buffers.next().is_none() {
            return false;
        }
        for w in widths {
            match buffers.next() {
                Some(len) if len % w == 0 => {}
                _ => return false,
            }
        }
    }
    true
}
