//! Building Arrow columns for the demo datasets: dimensions as dictionaries, dates as
//! date32, timestamps in Europe/Amsterdam, money as float64.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int16Array, Int32Array, Int8Array,
    RecordBatch, StringArray, TimestampMillisecondArray,
};
use arrow_schema::{Field, Schema};

/// Collects named columns and turns them into one record batch.
#[derive(Default)]
pub struct BatchBuilder {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

impl BatchBuilder {
    fn push(&mut self, name: &str, array: ArrayRef, nullable: bool) -> &mut Self {
        self.fields
            .push(Field::new(name, array.data_type().clone(), nullable));
        self.arrays.push(array);
        self
    }

    /// A text dimension: `keys` index into `values`.
    pub fn dict(
        &mut self,
        name: &str,
        keys: Vec<i32>,
        values: &[&str],
    ) -> anyhow::Result<&mut Self> {
        let dict = DictionaryArray::<Int32Type>::try_new(
            Int32Array::from(keys),
            Arc::new(StringArray::from(values.to_vec())),
        )?;
        Ok(self.push(name, Arc::new(dict), false))
    }

    pub fn date(&mut self, name: &str, days: Vec<i32>) -> &mut Self {
        self.push(name, Arc::new(Date32Array::from(days)), false)
    }

    pub fn f64(&mut self, name: &str, values: Vec<f64>) -> &mut Self {
        self.push(name, Arc::new(Float64Array::from(values)), false)
    }

    /// Numbers where `None` is null (e.g. a handling time of a report still open).
    pub fn f64_opt(&mut self, name: &str, values: Vec<Option<f64>>) -> &mut Self {
        let nullable = values.iter().any(Option::is_none);
        self.push(name, Arc::new(Float64Array::from(values)), nullable)
    }

    /// Small whole numbers where `None` is null.
    pub fn i8_opt(&mut self, name: &str, values: Vec<Option<i8>>) -> &mut Self {
        let nullable = values.iter().any(Option::is_none);
        self.push(name, Arc::new(Int8Array::from(values)), nullable)
    }

    pub fn i32(&mut self, name: &str, values: Vec<i32>) -> &mut Self {
        self.push(name, Arc::new(Int32Array::from(values)), false)
    }

    pub fn i16(&mut self, name: &str, values: Vec<i16>) -> &mut Self {
        self.push(name, Arc::new(Int16Array::from(values)), false)
    }

    pub fn i8(&mut self, name: &str, values: Vec<i8>) -> &mut Self {
        self.push(name, Arc::new(Int8Array::from(values)), false)
    }

    /// Local Dutch time stamps in milliseconds since the epoch; `None` is null.
    pub fn timestamp_ms(&mut self, name: &str, values: Vec<Option<i64>>) -> &mut Self {
        let nullable = values.iter().any(Option::is_none);
        let array = TimestampMillisecondArray::from(values).with_timezone("Europe/Amsterdam");
        self.push(name, Arc::new(array), nullable)
    }

    pub fn finish(&mut self) -> anyhow::Result<RecordBatch> {
        let schema = Arc::new(Schema::new(std::mem::take(&mut self.fields)));
        Ok(RecordBatch::try_new(
            schema,
            std::mem::take(&mut self.arrays),
        )?)
    }
}
