//! Decoding Arrow IPC bytes (file or stream format; uncompressed, LZ4 or ZSTD) into tables.
//!
//! The bytes are handed over as one buffer and the decoders slice into it, so fixed-width
//! columns of the table point into the very bytes that were fetched: no second copy.

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_buffer::Buffer;
use arrow_ipc::convert::try_fb_to_schema;
use arrow_ipc::reader::read_footer_length;
use arrow_ipc::{root_as_footer, Block};
use arrow_schema::SchemaRef;

use crate::ipc_decode::Decoder;
use crate::ipc_guard;
use crate::table::Table;
use crate::CoreError;

pub(crate) const MAGIC: &[u8; 6] = b"ARROW1";
const CONTINUATION: [u8; 4] = [0xFF; 4];

/// Decodes an Arrow IPC file or stream into a table called `name`.
pub fn read_table(name: &str, bytes: Vec<u8>) -> Result<Table, CoreError> {
    let (schema, batches) = read_batches(bytes)?;
    Ok(Table::from_arrow(name, schema, batches))
}

/// Decodes an Arrow IPC file or stream into its schema and record batches.
pub fn read_batches(bytes: Vec<u8>) -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
    if bytes.is_empty() {
        return Err(CoreError::Empty);
    }
    if bytes.starts_with(MAGIC) {
        read_file(Buffer::from_vec(bytes))
    } else if bytes.starts_with(&CONTINUATION) {
        read_stream(Buffer::from_vec(bytes))
    } else {
        Err(CoreError::NotArrow(describe_foreign(&bytes)))
    }
}

/// Says what a non-Arrow file looks like, because "not Arrow" alone does not help anyone.
pub(crate) fn describe_foreign(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with(b"PAR1") {
        "this is a Parquet file; convert it with `helder prepare`".into()
    } else if trimmed.starts_with("<!doctype") || trimmed.starts_with("<html") {
        "got an HTML page instead of data; the file is probably missing on the web server".into()
    } else if trimmed.starts_with('{') || trimmed.starts_with('[') {
        "this looks like JSON; convert it with `helder prepare`".into()
    } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
        || head.starts_with(&[0x04, 0x22, 0x4D, 0x18])
    {
        "this is a whole-file ZSTD or LZ4 archive; decompress it first, Arrow compresses inside the file".into()
    } else if head
        .iter()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || *b >= 0x80)
    {
        "this looks like a text file (CSV?); convert it with `helder prepare`".into()
    } else {
        format!(
            "the first bytes are {:02X?}, not the Arrow magic `ARROW1` or a stream message",
            &head[..head.len().min(8)]
        )
    }
}

fn read_file(buffer: Buffer) -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
    let len = buffer.len();
    // Magic + padding at the start, footer length + magic at the end.
    if len < 8 + 10 || &buffer[len - 6..] != MAGIC {
        return Err(CoreError::Truncated(format!(
            "{len} bytes and no closing `ARROW1` marker at the end"
        )));
    }
    let trailer_start = len - 10;
    let mut trailer = [0u8; 10];
    trailer.copy_from_slice(&buffer[trailer_start..]);
    let footer_len = read_footer_length(trailer)?;
    if footer_len > trailer_start.saturating_sub(8) {
        return Err(CoreError::Corrupt(format!(
            "footer claims {footer_len} bytes but the file has only {len}"
        )));
    }
    let footer = root_as_footer(&buffer[trailer_start - footer_len..trailer_start])
        .map_err(|e| CoreError::Corrupt(format!("unreadable footer: {e}")))?;
    let fb_schema = footer
        .schema()
        .ok_or_else(|| CoreError::Corrupt("footer without a schema".into()))?;
    let schema = Arc::new(try_fb_to_schema(fb_schema)?);
    crate::table_import::check_supported(&schema)?;
    let dictionaries = ipc_guard::dictionary_types(fb_schema, &schema);
    let mut decoder = Decoder::new(schema.clone(), dictionaries.clone());
    let mut read = |block: &Block| -> Result<Option<RecordBatch>, CoreError> {
        let data = block_slice(&buffer, block)?;
        let m = guard_block(&schema, &dictionaries, &data, block)?;
        let body = data.slice_with_length(m.body.start, m.body.len());
        decoder.message(&data[m.fb.clone()], &body, m.at)
    };
    for block in footer.dictionaries().iter().flatten() {
        if read(block)?.is_some() {
            return Err(CoreError::Corrupt(format!(
                "the footer lists a record batch at byte {} among the dictionaries",
                block.offset()
            )));
        }
    }
    let blocks = footer
        .recordBatches()
        .ok_or_else(|| CoreError::Corrupt("footer lists no record batches".into()))?;
    let mut batches = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(batch) = read(block)? {
            batches.push(batch);
        }
    }
    Ok((schema, batches))
}

/// Names what arrow-rs's validation found in a message at byte `at`, in words a data
/// specialist can act on: the checks themselves (dictionary keys inside the dictionary,
/// valid UTF-8, offsets inside their buffers) are arrow's full validation of every array.
pub(crate) fn explain(e: arrow_schema::ArrowError, at: i64) -> CoreError {
    let detail = e.to_string();
    let detail = detail
        .strip_prefix("Invalid argument error: ")
        .unwrap_or(&detail);
    let what = if detail.contains("out of bounds") && detail.contains("should be in") {
        "a dictionary index points outside its dictionary"
    } else if detail.contains("UTF8") || detail.contains("utf-8") {
        "text that is not valid UTF-8"
    } else {
        "a batch that does not decode"
    };
    CoreError::Corrupt(format!(
        "{what} in the message at byte {at} ({detail}); export the file again"
    ))
}

/// The bytes of one footer block, checked against the file size before slicing.
fn block_slice(buffer: &Buffer, block: &Block) -> Result<Buffer, CoreError> {
    let offset = usize::try_from(block.offset()).ok();
    let meta = usize::try_from(block.metaDataLength()).ok();
    let body = usize::try_from(block.bodyLength()).ok();
    let end = match (offset, meta, body) {
        (Some(o), Some(m), Some(b)) => o.checked_add(m).and_then(|x| x.checked_add(b)),
        _ => None,
    };
    match (offset, end) {
        (Some(o), Some(e)) if e <= buffer.len() => Ok(buffer.slice_with_length(o, e - o)),
        _ => Err(CoreError::Truncated(format!(
            "a block at byte {} of {} bytes runs past the end of the {}-byte file",
            block.offset(),
            i128::from(block.metaDataLength()) + i128::from(block.bodyLength()),
            buffer.len()
        ))),
    }
}

/// Checks a block's message before arrow-ipc trusts its offsets.
fn guard_block(
    schema: &arrow_schema::Schema,
    dictionaries: &[(i64, arrow_schema::DataType)],
    data: &Buffer,
    block: &Block,
) -> Result<ipc_guard::Checked, CoreError> {
    // block_slice checked both lengths to be non-negative and inside the file.
    ipc_guard::check_block(
        schema,
        dictionaries,
        data,
        block.metaDataLength() as usize,
        block.offset() as usize,
    )
}

fn read_stream(buffer: Buffer) -> Result<(SchemaRef, Vec<RecordBatch>), CoreError> {
    let checked = ipc_guard::check_stream(&buffer)?;
    let schema = Arc::new(checked.schema);
    let mut decoder = Decoder::new(schema.clone(), checked.dictionaries);
    let mut batches = Vec::new();
    for m in checked.messages {
        let body = buffer.slice_with_length(m.body.start, m.body.len());
        if let Some(batch) = decoder.message(&buffer[m.fb.clone()], &body, m.at)? {
            batches.push(batch);
        }
    }
    Ok((schema, batches))
}
