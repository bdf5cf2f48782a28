//! Reads an Arrow IPC file or stream as its bytes arrive, a column at a time.
//!
//! [`crate::ipc::read_table`] needs the whole file in memory, and its arrays point into it,
//! so a large file is held whole until the engine has its own copies. Here each wanted
//! column's bytes are gathered on their own while the rest of the batch passes by, and the
//! column is decoded as soon as its last byte has arrived: checked by `ipc_guard` and
//! validated by arrow-ipc exactly as a whole file's batches are. A caller that turns each
//! column into the engine's form and then drops it holds one column at a time, never the
//! file; columns it did not ask for are never kept at all.

use std::ops::Range;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, RecordBatchOptions};
use arrow_buffer::{Buffer, MutableBuffer};
use arrow_ipc::convert::try_fb_to_schema;
use arrow_ipc::{root_as_message, MessageHeader};
use arrow_schema::{DataType, Schema, SchemaRef};

use crate::ipc::MAGIC;
use crate::ipc_decode::Decoder;
use crate::ipc_guard;
use crate::table::Table;
use crate::CoreError;

const CONTINUATION: [u8; 4] = [0xFF; 4];
/// A message's metadata is a few KB; a larger length is a corrupt file, not data.
const MAX_METADATA: usize = 16 << 20;
/// At most this much is reserved ahead for bytes a header announces; beyond it the buffer
/// grows as bytes really arrive, so a corrupt length cannot claim unbounded memory.
const MAX_RESERVE: usize = 256 << 20;

/// A decoded column of one record batch.
#[derive(Debug, Clone)]
pub struct StreamedColumn {
    /// The column's place among the wanted columns ([`ColumnStream::schema`]).
    pub index: usize,
    /// Which record batch it belongs to (0 for the first).
    pub batch: usize,
    pub array: ArrayRef,
}

/// An Arrow IPC file or stream, fed in chunks of any size (see the module docs).
pub struct ColumnStream {
    wanted: Option<Vec<String>>,
    /// The file's length when known (a download's Content-Length): nothing may run past it.
    length: Option<usize>,
    state: State,
    /// Bytes of a prefix, metadata or whole body being gathered.
    pending: Vec<u8>,
    /// Bytes consumed so far.
    at: usize,
    schema: Option<Parsed>,
    ready: Vec<StreamedColumn>,
    /// The last column's gathered bytes: once its arrays are gone, the next column is
    /// gathered into the same memory (see `gather_buffer`).
    spare: Option<Buffer>,
    batches: usize,
    rows: usize,
    /// Every byte so far until the schema has been read, to read the file whole
    /// (`State::Whole`) if its messages turn out not to be in the streaming layout.
    head: Option<Vec<u8>>,
    /// The input began with the file magic (which writers may pad with zeros).
    file: bool,
}

struct Parsed {
    dictionaries: Vec<(i64, DataType)>,
    decoder: Decoder,
    /// The file's schema, and each of its fields' place among the wanted columns.
    file: SchemaRef,
    slots: Vec<Option<usize>>,
    wanted: SchemaRef,
}

enum State {
    /// The first 8 bytes: the file magic, or a stream's first message prefix.
    Start,
    /// A message's 4-byte prefix: the continuation marker or (before Arrow 0.15) its length.
    Prefix,
    /// The length after a continuation marker.
    Length,
    Meta {
        len: usize,
        at: usize,
    },
    /// A body read whole: a dictionary batch (small) or a message Helder does not use.
    Body {
        fb: Vec<u8>,
        len: usize,
        at: usize,
    },
    Batch(Box<BatchBody>),
    /// A file whose first message does not follow the streaming layout (polars writes its
    /// schema only in the footer's form): gathered whole and read through its footer.
    Whole(Vec<u8>),
    /// After the end-of-stream marker (a file's footer follows; the columns are complete).
    Done,
}

/// A record batch's body passing by, with the byte ranges of the wanted columns.
struct BatchBody {
    fb: Vec<u8>,
    at: usize,
    len: usize,
    pos: usize,
    /// By position in the body; they never overlap.
    parts: Vec<Part>,
    /// Bytes of the largest wanted column.
    largest: usize,
    next: usize,
    gathered: MutableBuffer,
}

/// Where one wanted column lies in a batch's body and metadata.
struct Part {
    field: usize,
    slot: usize,
    bytes: Range<usize>,
    node: usize,
    buffers: Range<usize>,
    variadic: Option<i64>,
}

impl ColumnStream {
    /// A reader of the columns named `wanted` (all when `None`), in that order; `length` is
    /// the whole file's size when known.
    pub fn new(wanted: Option<&[&str]>, length: Option<usize>) -> Self {
        ColumnStream {
            wanted: wanted.map(|w| w.iter().map(|c| c.to_string()).collect()),
            length,
            state: State::Start,
            pending: Vec::new(),
            at: 0,
            schema: None,
            ready: Vec::new(),
            spare: None,
            batches: 0,
            rows: 0,
            head: Some(Vec::new()),
            file: false,
        }
    }

    /// The wanted columns' schema, once the file's schema has arrived.
    pub fn schema(&self) -> Option<SchemaRef> {
        self.schema.as_ref().map(|s| s.wanted.clone())
    }

    /// Rows of the record batches begun so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Record batches begun so far.
    pub fn batches(&self) -> usize {
        self.batches
    }

    /// The columns decoded since the last call.
    pub fn take_ready(&mut self) -> Vec<StreamedColumn> {
        std::mem::take(&mut self.ready)
    }

    /// Takes the next bytes of the file; decoded columns wait for [`take_ready`](Self::take_ready).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), CoreError> {
        let mut got = Vec::new();
        let result = self.push_with(bytes, &mut |c| {
            got.push(c);
            Ok(())
        });
        self.ready.extend(got);
        result
    }

    /// Takes the next bytes of the file and hands each column to `sink` the moment it is
    /// decoded. A sink that is done with the column's arrays when it returns lets the next
    /// column be gathered into the same memory, so a large file costs one column's worth.
    pub fn push_with(
        &mut self,
        bytes: &[u8],
        sink: &mut dyn FnMut(StreamedColumn) -> Result<(), CoreError>,
    ) -> Result<(), CoreError> {
        if let State::Whole(all) = &mut self.state {
            all.extend_from_slice(bytes);
            return Ok(());
        }
        if let Some(head) = &mut self.head {
            head.extend_from_slice(bytes);
        }
        match self.stream(bytes, sink) {
            Ok(()) => {
                if self.schema.is_some() {
                    self.head = None;
                }
                Ok(())
            }
            // A length past the end of the file is an error in any layout.
            Err(e) => match self.head.take() {
                Some(all) if self.schema.is_none() && !matches!(e, CoreError::Truncated(_)) => {
                    self.state = State::Whole(all);
                    Ok(())
                }
                _ => Err(e),
            },
        }
    }

    fn stream(
        &mut self,
        mut bytes: &[u8],
        sink: &mut dyn FnMut(StreamedColumn) -> Result<(), CoreError>,
    ) -> Result<(), CoreError> {
        while !bytes.is_empty() {
            let state = std::mem::replace(&mut self.state, State::Done);
            self.state = match state {
                State::Done => {
                    self.at += bytes.len();
                    return Ok(());
                }
                State::Batch(mut body) => {
                    if self.feed(&mut body, &mut bytes, sink)? {
                        State::Prefix
                    } else {
                        State::Batch(body)
                    }
                }
                other => match self.gather(&mut bytes, need(&other)) {
                    Some(got) => self.gathered(other, got)?,
                    None => other,
                },
            };
        }
        // A batch whose wanted columns all lie before bytes still to come is done too.
        if let State::Batch(body) = &mut self.state {
            let mut body = std::mem::replace(body, Box::new(BatchBody::empty()));
            let mut none: &[u8] = &[];
            self.state = if self.feed(&mut body, &mut none, sink)? {
                State::Prefix
            } else {
                State::Batch(body)
            };
        }
        Ok(())
    }

    /// Checks that the file ended where it should: after its end-of-stream marker. A file
    /// gathered whole is read here, and its columns are ready after this.
    pub fn finish(&mut self) -> Result<(), CoreError> {
        if let State::Whole(all) = &mut self.state {
            let (schema, batches) = crate::ipc::read_batches(std::mem::take(all))?;
            self.state = State::Done;
            let parsed = self.parsed(schema, Vec::new())?;
            for batch in &batches {
                for (i, slot) in parsed.slots.iter().enumerate() {
                    if let Some(index) = slot {
                        self.ready.push(StreamedColumn {
                            index: *index,
                            batch: self.batches,
                            array: batch.column(i).clone(),
                        });
                    }
                }
                self.batches += 1;
                self.rows += batch.num_rows();
            }
            self.schema = Some(parsed);
            return Ok(());
        }
        match &self.state {
            State::Done => Ok(()),
            State::Start if self.at == 0 && self.pending.is_empty() => Err(CoreError::Empty),
            State::Batch(b) => Err(CoreError::Truncated(format!(
                "the data stops after {} bytes, inside the record batch at byte {} ({} of its {} bytes)",
                self.at + self.pending.len(),
                b.at,
                b.pos,
                b.len
            ))),
            _ => Err(CoreError::Truncated(format!(
                "the data stops after {} bytes, before the end-of-stream marker",
                self.at + self.pending.len()
            ))),
        }
    }

    /// Moves bytes into `pending` until it holds `n`; then hands them over.
    fn gather(&mut self, bytes: &mut &[u8], n: usize) -> Option<Vec<u8>> {
        let take = n.saturating_sub(self.pending.len()).min(bytes.len());
        if self.pending.capacity() == 0 {
            self.pending.reserve(n.min(MAX_RESERVE));
        }
        self.pending.extend_from_slice(&bytes[..take]);
        *bytes = &bytes[take..];
        self.at += take;
        (self.pending.len() == n).then(|| std::mem::take(&mut self.pending))
    }

    fn gathered(&mut self, state: State, got: Vec<u8>) -> Result<State, CoreError> {
        match state {
            State::Start => {
                if got.starts_with(MAGIC) {
                    self.file = true;
                    return Ok(State::Prefix);
                }
                if got[..4] == CONTINUATION {
                    let len = i32::from_le_bytes([got[4], got[5], got[6], got[7]]);
                    return self.message_len(len, 8);
                }
                // A stream from before Arrow 0.15: the length, then the metadata begins.
                let len = i32::from_le_bytes([got[0], got[1], got[2], got[3]]);
                if !(1..=MAX_METADATA as i32).contains(&len) {
                    return Err(CoreError::NotArrow(crate::ipc::describe_foreign(&got)));
                }
                self.pending = got[4..].to_vec();
                Ok(State::Meta {
                    len: len as usize,
                    at: 0,
                })
            }
            State::Prefix if got == CONTINUATION => Ok(State::Length),
            State::Prefix | State::Length => {
                let len = i32::from_le_bytes([got[0], got[1], got[2], got[3]]);
                self.message_len(len, 4)
            }
            State::Meta { at, .. } => self.message(got, at),
            State::Body { fb, at, .. } => {
                self.body(&fb, got, at)?;
                Ok(State::Prefix)
            }
            State::Batch(_) | State::Whole(_) | State::Done => Ok(state),
        }
    }

    /// After a message's length prefix (`prefix` bytes long, just read).
    fn message_len(&mut self, len: i32, prefix: usize) -> Result<State, CoreError> {
        let at = self.at - prefix;
        match usize::try_from(len) {
            Ok(0) if self.schema.is_some() => Ok(State::Done),
            // arrow-rs pads the file magic to 64 bytes.
            Ok(0) if self.file && prefix == 4 => Ok(State::Prefix),
            Ok(0) => Err(CoreError::Truncated(
                "the stream ends before its schema".into(),
            )),
            Ok(len) if len <= MAX_METADATA => {
                self.within_length(at, len)?;
                Ok(State::Meta { len, at })
            }
            _ => Err(CoreError::Corrupt(format!(
                "message at byte {at} claims {len} bytes of metadata; export the file again"
            ))),
        }
    }

    /// Checks that `len` bytes from here fit in the file, when its length is known.
    fn within_length(&self, at: usize, len: usize) -> Result<(), CoreError> {
        match self.length {
            Some(total) if self.at.saturating_add(len) > total => {
                Err(CoreError::Truncated(format!(
                    "the message at byte {at} needs {len} more bytes but the file is {total} bytes"
                )))
            }
            _ => Ok(()),
        }
    }

    /// A message's metadata has arrived: a schema, a dictionary or a record batch.
    fn message(&mut self, fb: Vec<u8>, at: usize) -> Result<State, CoreError> {
        let message = root_as_message(&fb)
            .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
        let len = usize::try_from(message.bodyLength()).map_err(|_| {
            CoreError::Corrupt(format!("message at byte {at} has a negative body length"))
        })?;
        self.within_length(at, len)?;
        match message.header_type() {
            MessageHeader::Schema => {
                let fb_schema = message.header_as_schema().ok_or_else(|| no_header(at))?;
                if self.schema.is_some() {
                    return Err(CoreError::Corrupt(format!(
                        "a second schema at byte {at}; export the file again"
                    )));
                }
                let schema = try_fb_to_schema(fb_schema)?;
                crate::table_import::check_supported(&schema)?;
                let dictionaries = ipc_guard::dictionary_types(fb_schema, &schema);
                self.schema = Some(self.parsed(Arc::new(schema), dictionaries)?);
            }
            MessageHeader::RecordBatch => {
                let batch = message
                    .header_as_record_batch()
                    .ok_or_else(|| no_header(at))?;
                let parsed = self.schema.as_ref().ok_or_else(|| {
                    CoreError::Corrupt(format!("a batch at byte {at} comes before the schema"))
                })?;
                let rows = usize::try_from(batch.length()).map_err(|_| {
                    CoreError::Corrupt(format!("batch at byte {at} has a negative row count"))
                })?;
                let parts = plan(parsed, &batch, len, at)?;
                self.rows += rows;
                self.batches += 1;
                return Ok(State::Batch(Box::new(BatchBody {
                    fb,
                    at,
                    len,
                    pos: 0,
                    largest: parts.iter().map(|p| p.bytes.len()).max().unwrap_or(0),
                    parts,
                    next: 0,
                    gathered: MutableBuffer::new(0),
                })));
            }
            _ => {}
        }
        Ok(if len == 0 {
            self.body(&fb, Vec::new(), at)?;
            State::Prefix
        } else {
            State::Body { fb, len, at }
        })
    }

    /// The columns wanted from `schema`, each named in it.
    fn parsed(
        &self,
        schema: SchemaRef,
        dictionaries: Vec<(i64, DataType)>,
    ) -> Result<Parsed, CoreError> {
        let names: Vec<String> = match &self.wanted {
            Some(w) => w.clone(),
            None => schema.fields().iter().map(|f| f.name().clone()).collect(),
        };
        let mut wanted = Vec::with_capacity(names.len());
        let mut slots = vec![None; schema.fields().len()];
        for (slot, name) in names.iter().enumerate() {
            let i = schema
                .index_of(name)
                .map_err(|_| CoreError::MissingColumn {
                    table: "the file".into(),
                    column: name.clone(),
                    available: schema
                        .fields()
                        .iter()
                        .map(|f| f.name().as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            slots[i] = Some(slot);
            wanted.push(schema.field(i).clone());
        }
        Ok(Parsed {
            decoder: Decoder::new(schema.clone(), dictionaries.clone()),
            dictionaries,
            file: schema,
            slots,
            wanted: Arc::new(Schema::new(wanted)),
        })
    }

    /// A whole body has arrived: a dictionary is kept for the batches after it.
    fn body(&mut self, fb: &[u8], body: Vec<u8>, at: usize) -> Result<(), CoreError> {
        let message = root_as_message(fb)
            .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
        if message.header_type() != MessageHeader::DictionaryBatch {
            return Ok(());
        }
        let parsed = self.schema.as_mut().ok_or_else(|| {
            CoreError::Corrupt(format!("a dictionary at byte {at} comes before the schema"))
        })?;
        ipc_guard::check_message(&parsed.file, &parsed.dictionaries, fb, &body, at)?;
        parsed.decoder.message(fb, &Buffer::from_vec(body), at)?;
        Ok(())
    }

    /// Passes body bytes by, gathering the wanted columns; true once the body is through.
    fn feed(
        &mut self,
        b: &mut BatchBody,
        bytes: &mut &[u8],
        sink: &mut dyn FnMut(StreamedColumn) -> Result<(), CoreError>,
    ) -> Result<bool, CoreError> {
        loop {
            while let Some(part) = b.parts.get(b.next) {
                if part.bytes.end > b.pos {
                    break;
                }
                let body = Buffer::from(std::mem::replace(&mut b.gathered, MutableBuffer::new(0)));
                let column = self.column(b, part, body.clone())?;
                sink(column)?;
                self.spare = Some(body);
                b.next += 1;
            }
            if b.pos == b.len {
                return Ok(true);
            }
            if bytes.is_empty() {
                return Ok(false);
            }
            let take = match b.parts.get(b.next) {
                Some(p) if b.pos >= p.bytes.start => {
                    let n = (p.bytes.end - b.pos).min(bytes.len());
                    if b.gathered.capacity() == 0 {
                        b.gathered = self.gather_buffer(b.largest.min(MAX_RESERVE));
                    }
                    b.gathered.extend_from_slice(&bytes[..n]);
                    n
                }
                Some(p) => (p.bytes.start - b.pos).min(bytes.len()),
                None => (b.len - b.pos).min(bytes.len()),
            };
            b.pos += take;
            self.at += take;
            *bytes = &bytes[take..];
        }
    }

    /// Memory for a column's bytes: the last column's, when nothing holds its arrays any
    /// more, else new. Sized for the batch's largest wanted column, so it is made once.
    fn gather_buffer(&mut self, capacity: usize) -> MutableBuffer {
        match self.spare.take().map(Buffer::into_mutable) {
            Some(Ok(mut reused)) => {
                reused.clear();
                reused.reserve(capacity);
                reused
            }
            _ => MutableBuffer::with_capacity(capacity),
        }
    }

    /// Decodes one gathered column through a message of its own: the batch's metadata
    /// cut to this column, its buffer offsets counted from the column's first byte.
    fn column(
        &self,
        b: &BatchBody,
        part: &Part,
        body: Buffer,
    ) -> Result<StreamedColumn, CoreError> {
        let parsed = self.schema.as_ref().ok_or_else(|| no_header(b.at))?;
        let fb = one_column_message(&b.fb, part, b.at)?;
        let schema = Arc::new(Schema::new(vec![parsed.file.field(part.field).clone()]));
        ipc_guard::check_message(&schema, &parsed.dictionaries, &fb, &body, b.at)?;
        let batch = parsed.decoder.batch(&fb, &body, schema, b.at)?;
        Ok(StreamedColumn {
            index: part.slot,
            batch: self.batches - 1,
            array: batch.column(0).clone(),
        })
    }
}

impl BatchBody {
    fn empty() -> Self {
        BatchBody {
            fb: Vec::new(),
            at: 0,
            len: 0,
            pos: 0,
            parts: Vec::new(),
            largest: 0,
            next: 0,
            gathered: MutableBuffer::new(0),
        }
    }
}

/// How many bytes a gathering state waits for.
fn need(state: &State) -> usize {
    match state {
        State::Start => 8,
        State::Prefix | State::Length => 4,
        State::Meta { len, .. } => *len,
        State::Body { len, .. } => *len,
        State::Batch(_) | State::Whole(_) | State::Done => 0,
    }
}

fn no_header(at: usize) -> CoreError {
    CoreError::Corrupt(format!("message at byte {at} has no batch header"))
}

/// Where each wanted column of a batch lies: its node, its buffers and their bytes.
fn plan(
    parsed: &Parsed,
    batch: &arrow_ipc::RecordBatch,
    body_len: usize,
    at: usize,
) -> Result<Vec<Part>, CoreError> {
    let short = || {
        CoreError::Corrupt(format!(
            "batch at byte {at} describes fewer columns than its schema"
        ))
    };
    let nodes = batch.nodes().ok_or_else(short)?;
    let buffers = batch.buffers().ok_or_else(short)?;
    let mut variadic = batch.variadicBufferCounts().into_iter().flatten();
    let mut parts = Vec::new();
    let mut next = 0usize;
    for (i, (field, slot)) in parsed.file.fields().iter().zip(&parsed.slots).enumerate() {
        let layout = match field.data_type() {
            DataType::Dictionary(key, _) => key.as_ref(),
            other => other,
        };
        // Buffers per column in the IPC layout: validity first, then the values.
        let (count, extra) = match layout {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Binary | DataType::LargeBinary => {
                (3, None)
            }
            DataType::Utf8View | DataType::BinaryView => {
                let n = variadic.next().ok_or_else(short)?;
                let n_us = usize::try_from(n).map_err(|_| short())?;
                (2usize.checked_add(n_us).ok_or_else(short)?, Some(n))
            }
            _ => (2, None),
        };
        let range = next..next.checked_add(count).ok_or_else(short)?;
        if i >= nodes.len() || range.end > buffers.len() {
            return Err(short());
        }
        if let Some(slot) = slot {
            let mut bytes: Option<Range<usize>> = None;
            for k in range.clone() {
                let buf = buffers.get(k);
                let (Ok(offset), Ok(len)) =
                    (usize::try_from(buf.offset()), usize::try_from(buf.length()))
                else {
                    return Err(outside(at, buf, body_len));
                };
                let end = offset
                    .checked_add(len)
                    .filter(|e| *e <= body_len)
                    .ok_or_else(|| outside(at, buf, body_len))?;
                if len > 0 {
                    bytes = Some(match bytes {
                        Some(r) => r.start.min(offset)..r.end.max(end),
                        None => offset..end,
                    });
                }
            }
            parts.push(Part {
                field: i,
                slot: *slot,
                bytes: bytes.unwrap_or(0..0),
                node: i,
                buffers: range.clone(),
                variadic: extra,
            });
        }
        next = range.end;
    }
    parts.sort_by_key(|p| (p.bytes.start, p.bytes.end));
    if parts.windows(2).any(|w| w[1].bytes.start < w[0].bytes.end) {
        return Err(CoreError::Corrupt(format!(
            "two columns of the batch at byte {at} share bytes; export the file again"
        )));
    }
    Ok(parts)
}

fn outside(at: usize, buf: &arrow_ipc::Buffer, body_len: usize) -> CoreError {
    CoreError::Corrupt(format!(
        "batch at byte {at} points at bytes {}..{} of a {body_len}-byte body",
        buf.offset(),
        i128::from(buf.offset()) + i128::from(buf.length())
    ))
}

/// The batch message `fb` cut to one column: its node, its buffers (offsets from the
/// column's first byte), its variadic count and the batch's compression.
fn one_column_message(fb: &[u8], part: &Part, at: usize) -> Result<Vec<u8>, CoreError> {
    let message = root_as_message(fb)
        .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
    let batch = message
        .header_as_record_batch()
        .ok_or_else(|| no_header(at))?;
    let (Some(nodes), Some(buffers)) = (batch.nodes(), batch.buffers()) else {
        return Err(no_header(at));
    };
    let node = nodes.get(part.node);
    let start = part.bytes.start as i64;
    let rebased: Vec<arrow_ipc::Buffer> = part
        .buffers
        .clone()
        .map(|k| {
            let b = buffers.get(k);
            if b.length() == 0 {
                arrow_ipc::Buffer::new(0, 0)
            } else {
                arrow_ipc::Buffer::new(b.offset() - start, b.length())
            }
        })
        .collect();
    let mut fbb = flatbuffers::FlatBufferBuilder::new();
    let nodes = fbb.create_vector(&[arrow_ipc::FieldNode::new(node.length(), node.null_count())]);
    let buffers = fbb.create_vector(&rebased);
    let variadic = part.variadic.map(|n| fbb.create_vector(&[n]));
    let compression = batch.compression().map(|c| {
        arrow_ipc::BodyCompression::create(
            &mut fbb,
            &arrow_ipc::BodyCompressionArgs {
                codec: c.codec(),
                method: c.method(),
            },
        )
    });
    let header = arrow_ipc::RecordBatch::create(
        &mut fbb,
        &arrow_ipc::RecordBatchArgs {
            length: batch.length(),
            nodes: Some(nodes),
            buffers: Some(buffers),
            compression,
            variadicBufferCounts: variadic,
        },
    );
    let out = arrow_ipc::Message::create(
        &mut fbb,
        &arrow_ipc::MessageArgs {
            version: message.version(),
            header_type: MessageHeader::RecordBatch,
            header: Some(header.as_union_value()),
            bodyLength: part.bytes.len() as i64,
            custom_metadata: None,
        },
    );
    fbb.finish(out, None);
    Ok(fbb.finished_data().to_vec())
}

/// Reads a whole file through a [`ColumnStream`], fed in the given chunks, into a table
/// of the wanted columns (all when `None`).
pub fn read_table_in_chunks<'a>(
    name: &str,
    wanted: Option<&[&str]>,
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Table, CoreError> {
    let mut stream = ColumnStream::new(wanted, None);
    let mut batches: Vec<Vec<Option<ArrayRef>>> = Vec::new();
    let mut keep = |columns: Vec<StreamedColumn>, width: usize| {
        for c in columns {
            if batches.len() <= c.batch {
                batches.resize_with(c.batch + 1, || vec![None; width]);
            }
            batches[c.batch][c.index] = Some(c.array);
        }
    };
    for chunk in chunks {
        stream.push(chunk)?;
        let width = stream.schema().map_or(0, |s| s.fields().len());
        keep(stream.take_ready(), width);
    }
    stream.finish()?;
    let schema = stream
        .schema()
        .ok_or_else(|| CoreError::Truncated("the stream ends before its schema".into()))?;
    let width = schema.fields().len();
    keep(stream.take_ready(), width);
    batches.resize_with(stream.batches(), || vec![None; width]);
    // Row counts come from the arrays; a batch with no wanted column is empty.
    let out = batches
        .into_iter()
        .map(|columns| {
            let columns: Vec<ArrayRef> = columns.into_iter().flatten().collect();
            let rows = columns.first().map_or(0, |c| c.len());
            RecordBatch::try_new_with_options(
                schema.clone(),
                columns,
                &RecordBatchOptions::new().with_row_count(Some(rows)),
            )
            .map_err(CoreError::from)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Table::from_arrow(name, schema, out))
}
