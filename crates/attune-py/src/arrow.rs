//! Building Arrow record batches from attune's rows, and reading string columns out of the batches
//! Python hands over (pyarrow, polars and pandas export strings as utf8, large_utf8 or utf8_view).

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use attune_report::tables::ColumnType;
use serde_json::Value;
use std::sync::Arc;

/// Columns added one at a time, each typed, then made into one batch.
#[derive(Default)]
pub struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

impl Columns {
    pub fn array(mut self, name: &str, a: ArrayRef) -> Self {
        self.fields.push(Field::new(name, a.data_type().clone(), true));
        self.arrays.push(a);
        self
    }
    pub fn str<S: AsRef<str>>(self, name: &str, v: impl IntoIterator<Item = Option<S>>) -> Self {
        self.array(name, Arc::new(v.into_iter().collect::<StringArray>()))
    }
    pub fn f64(self, name: &str, v: impl IntoIterator<Item = Option<f64>>) -> Self {
        self.array(name, Arc::new(v.into_iter().collect::<Float64Array>()))
    }
    pub fn i64(self, name: &str, v: impl IntoIterator<Item = Option<i64>>) -> Self {
        self.array(name, Arc::new(v.into_iter().collect::<Int64Array>()))
    }
    pub fn bool(self, name: &str, v: impl IntoIterator<Item = Option<bool>>) -> Self {
        self.array(name, Arc::new(v.into_iter().collect::<BooleanArray>()))
    }
    pub fn finish(self) -> Result<RecordBatch, ArrowError> {
        RecordBatch::try_new(Arc::new(Schema::new(self.fields)), self.arrays)
    }
}

/// A batch from serialized rows and their declared columns (attune-report's `TURN_COLUMNS` ...), so the
/// schema is the same whichever values a session happens to leave empty.
pub fn from_rows(columns: &[(&str, ColumnType)], rows: &[serde_json::Map<String, Value>]) -> Result<RecordBatch, ArrowError> {
    let mut out = Columns::default();
    for (name, ty) in columns {
        let a: ArrayRef = match ty {
            ColumnType::Str => {
                let mut b = StringBuilder::new();
                for r in rows {
                    match cell(r, name) {
                        Some(Value::String(s)) => b.append_value(s.as_str()),
                        Some(other) => b.append_value(other.to_string()),
                        None => b.append_null(),
                    }
                }
                Arc::new(b.finish())
            }
            ColumnType::F64 => {
                let mut b = Float64Builder::new();
                for r in rows {
                    b.append_option(cell(r, name).and_then(|v| v.as_f64()));
                }
                Arc::new(b.finish())
            }
            ColumnType::I64 => {
                let mut b = Int64Builder::new();
                for r in rows {
                    b.append_option(cell(r, name).and_then(|v| v.as_i64()));
                }
                Arc::new(b.finish())
            }
            ColumnType::Bool => {
                let mut b = BooleanBuilder::new();
                for r in rows {
                    b.append_option(cell(r, name).and_then(|v| v.as_bool()));
                }
                Arc::new(b.finish())
            }
        };
        out = out.array(name, a);
    }
    out.finish()
}

/// A row's value of a column, `None` when absent or null.
fn cell<'a>(r: &'a serde_json::Map<String, Value>, name: &str) -> Option<&'a Value> {
    r.get(name).filter(|v| !v.is_null())
}

/// The rows of serializable records as JSON objects.
pub fn to_maps<T: serde::Serialize>(rows: &[T]) -> Result<Vec<serde_json::Map<String, Value>>, String> {
    rows.iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) => Err("a row is not a JSON object".to_string()),
            Err(e) => Err(e.to_string()),
        })
        .collect()
}

/// Row `i` of a string-like column (utf8, large_utf8, utf8_view), `None` when null.
pub fn str_at(a: &dyn Array, i: usize) -> Option<&str> {
    if a.is_null(i) {
        return None;
    }
    match a.data_type() {
        DataType::Utf8 => Some(a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Some(a.as_string::<i64>().value(i)),
        DataType::Utf8View => Some(a.as_string_view().value(i)),
        _ => None,
    }
}

pub fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// The strings of row `i` of a list column (list or large_list of strings); nulls inside are an error.
pub fn str_list_at(a: &dyn Array, i: usize) -> Result<Option<Vec<String>>, String> {
    if a.is_null(i) {
        return Ok(None);
    }
    let values = match a.data_type() {
        DataType::List(_) => a.as_list::<i32>().value(i),
        DataType::LargeList(_) => a.as_list::<i64>().value(i),
        t => return Err(format!("expected a list of strings, found {t}")),
    };
    (0..values.len())
        .map(|k| str_at(values.as_ref(), k).map(str::to_string).ok_or_else(|| format!("item {k} of the list is null or not a string")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}
