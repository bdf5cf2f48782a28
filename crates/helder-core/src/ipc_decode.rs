//! Decodes IPC messages that `ipc_guard` has checked into record batches.
//!
//! Dictionary batches are read here rather than by arrow-ipc's file and stream decoders: a
//! delta's text values are appended to the dictionary they extend. arrow-ipc would call
//! arrow-select's generic concat for that, which brings about a third of a megabyte of
//! wasm (every array type's interleave and concat) to the phone for text dictionaries only.
//! Record batches are still decoded, and fully validated, by arrow-ipc itself.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{GenericStringBuilder, StringViewBuilder};
use arrow_array::{
    Array, ArrayRef, GenericStringArray, OffsetSizeTrait, RecordBatch, StringViewArray,
};
use arrow_buffer::Buffer;
use arrow_ipc::reader::read_record_batch;
use arrow_ipc::{root_as_message, MessageHeader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use crate::CoreError;

/// The state of one file or stream: its schema and the dictionaries read so far.
pub struct Decoder {
    schema: SchemaRef,
    /// The value type of each dictionary id (from `ipc_guard::dictionary_types`).
    types: Vec<(i64, DataType)>,
    dictionaries: HashMap<i64, ArrayRef>,
}

impl Decoder {
    pub fn new(schema: SchemaRef, types: Vec<(i64, DataType)>) -> Self {
        Decoder {
            schema,
            types,
            dictionaries: HashMap::new(),
        }
    }

    /// Reads a record batch message whose columns are `schema`'s: the file's, or one of its
    /// columns when the batch was cut into columns (`ipc_columns`).
    pub fn batch(
        &self,
        fb: &[u8],
        body: &Buffer,
        schema: SchemaRef,
        at: usize,
    ) -> Result<RecordBatch, CoreError> {
        let message = root_as_message(fb)
            .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
        let batch = message
            .header_as_record_batch()
            .ok_or_else(|| no_header(at))?;
        read_record_batch(
            body,
            batch,
            schema,
            &self.dictionaries,
            None,
            &message.version(),
        )
        .map_err(|e| crate::ipc::explain(e, at as i64))
    }

    /// Reads one message (`fb`, its flatbuffer) with its `body`; a record batch comes back,
    /// a dictionary is kept for the batches after it. `at` is the message's byte offset.
    pub fn message(
        &mut self,
        fb: &[u8],
        body: &Buffer,
        at: usize,
    ) -> Result<Option<RecordBatch>, CoreError> {
        let message = root_as_message(fb)
            .map_err(|e| CoreError::Corrupt(format!("unreadable message at byte {at}: {e}")))?;
        let version = message.version();
        match message.header_type() {
            MessageHeader::RecordBatch => self.batch(fb, body, self.schema.clone(), at).map(Some),
            MessageHeader::DictionaryBatch => {
                let dict = message
                    .header_as_dictionary_batch()
                    .ok_or_else(|| no_header(at))?;
                let id = dict.id();
                let value_type = crate::ipc_guard::value_type(&self.types, id)
                    .cloned()
                    .ok_or_else(|| {
                        CoreError::Corrupt(format!(
                            "dictionary batch at byte {at} has id {id}, which no column uses"
                        ))
                    })?;
                let data = dict.data().ok_or_else(|| no_header(at))?;
                let schema = Arc::new(Schema::new(vec![Field::new("", value_type, true)]));
                let values =
                    read_record_batch(body, data, schema, &self.dictionaries, None, &version)
                        .map_err(|e| crate::ipc::explain(e, at as i64))?
                        .column(0)
                        .clone();
                let values = if dict.isDelta() {
                    let old = self.dictionaries.get(&id).ok_or_else(|| {
                        CoreError::Corrupt(format!(
                            "the dictionary batch at byte {at} extends dictionary {id}, which has not come yet"
                        ))
                    })?;
                    append(old, &values).map_err(|e| match e {
                        // Only text dictionaries grow in deltas in practice.
                        Appending::Unsupported(t) => CoreError::UnsupportedType {
                            column: format!("(dictionary {id}, at byte {at})"),
                            data_type: format!("{t} values growing in dictionary deltas"),
                        },
                        Appending::Arrow(e) => crate::ipc::explain(e, at as i64),
                    })?
                } else {
                    values
                };
                self.dictionaries.insert(id, values);
                Ok(None)
            }
            // A stream's schema was read by the guard; nothing else carries data.
            _ => Ok(None),
        }
    }
}

fn no_header(at: usize) -> CoreError {
    CoreError::Corrupt(format!("message at byte {at} has no batch header"))
}

enum Appending {
    Unsupported(DataType),
    Arrow(ArrowError),
}

/// The values of `old` followed by those of `new` (same type: both read with the type the
/// schema gives the dictionary).
fn append(old: &ArrayRef, new: &ArrayRef) -> Result<ArrayRef, Appending> {
    let mismatch = || {
        Appending::Arrow(ArrowError::InvalidArgumentError(
            "a dictionary delta of another type".into(),
        ))
    };
    let out: ArrayRef = match old.data_type() {
        DataType::Utf8 => appended::<i32>(old, new).ok_or_else(mismatch)?,
        DataType::LargeUtf8 => appended::<i64>(old, new).ok_or_else(mismatch)?,
        DataType::Utf8View => {
            let (a, b) = both::<StringViewArray>(old, new).ok_or_else(mismatch)?;
            let mut out = StringViewBuilder::with_capacity(a.len() + b.len());
            a.iter().chain(b.iter()).for_each(|v| out.append_option(v));
            Arc::new(out.finish())
        }
        other => return Err(Appending::Unsupported(other.clone())),
    };
    Ok(out)
}

/// Two text arrays with `O`-sized offsets, one after the other.
fn appended<O: OffsetSizeTrait>(old: &ArrayRef, new: &ArrayRef) -> Option<ArrayRef> {
    let (a, b) = both::<GenericStringArray<O>>(old, new)?;
    let mut out = GenericStringBuilder::<O>::with_capacity(
        a.len() + b.len(),
        a.value_data().len() + b.value_data().len(),
    );
    a.iter().chain(b.iter()).for_each(|v| out.append_option(v));
    Some(Arc::new(out.finish()))
}

fn both<'a, T: 'static>(a: &'a ArrayRef, b: &'a ArrayRef) -> Option<(&'a T, &'a T)> {
    Some((
        a.as_any().downcast_ref::<T>()?,
        b.as_any().downcast_ref::<T>()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::types::Int32Type;
    use arrow_array::{DictionaryArray, StringArray};
    use arrow_ipc::writer::{DictionaryHandling, FileWriter, IpcWriteOptions, StreamWriter};

    fn batch(keys: &[i32], values: &[&str]) -> RecordBatch {
        let dict = DictionaryArray::<Int32Type>::try_new(
            keys.iter().copied().collect(),
            Arc::new(StringArray::from(values.to_vec())),
        )
        .unwrap();
        RecordBatch::try_from_iter([("wijk", Arc::new(dict) as ArrayRef)]).unwrap()
    }

    fn texts(b: &RecordBatch) -> Vec<String> {
        let d = b
            .column(0)
            .as_any()
            .downcast_ref::<DictionaryArray<Int32Type>>()
            .unwrap();
        let v = d.values().as_any().downcast_ref::<StringArray>().unwrap();
        d.keys()
            .iter()
            .map(|k| v.value(k.unwrap() as usize).to_string())
            .collect()
    }

    /// A growing text dictionary (as `helder prepare` writes it) reads back in file and
    /// stream form: the second batch's new value arrives as a delta.
    #[test]
    fn text_dictionaries_grow_in_deltas() {
        let first = batch(&[0, 1, 0], &["Noord", "Zuid"]);
        let second = batch(&[2, 0, 1], &["Noord", "Zuid", "West"]);
        let options =
            IpcWriteOptions::default().with_dictionary_handling(DictionaryHandling::Delta);
        let mut file = Vec::new();
        {
            let mut w =
                FileWriter::try_new_with_options(&mut file, &first.schema(), options.clone())
                    .unwrap();
            w.write(&first).unwrap();
            w.write(&second).unwrap();
            w.finish().unwrap();
        }
        let mut stream = Vec::new();
        {
            let mut w =
                StreamWriter::try_new_with_options(&mut stream, &first.schema(), options).unwrap();
            w.write(&first).unwrap();
            w.write(&second).unwrap();
            w.finish().unwrap();
        }
        // The stream really carries a delta (not the whole dictionary again).
        let checked = crate::ipc_guard::check_stream(&stream).unwrap();
        let deltas = checked
            .messages
            .iter()
            .filter_map(|m| root_as_message(&stream[m.fb.clone()]).ok())
            .filter_map(|m| m.header_as_dictionary_batch())
            .filter(|d| d.isDelta())
            .count();
        assert_eq!(deltas, 1);
        for bytes in [file, stream] {
            let (_, batches) = crate::ipc::read_batches(bytes).unwrap();
            assert_eq!(texts(&batches[0]), ["Noord", "Zuid", "Noord"]);
            assert_eq!(texts(&batches[1]), ["West", "Noord", "Zuid"]);
        }
    }
}
