//! A reader for safetensors files (the weights of MiniLM and CAM++): an 8-byte little-endian header length,
//! a JSON header naming each tensor's dtype, shape and byte range, then the data.

/// The bytes of a safetensors file, parsed header first.
pub struct SafeTensors {
    header: serde_json::Map<String, serde_json::Value>,
    data: Vec<u8>,
    data_start: usize,
}

impl SafeTensors {
    pub fn parse(data: Vec<u8>) -> Result<SafeTensors, String> {
        let n = data.get(..8).ok_or("shorter than a safetensors header")?;
        let n = u64::from_le_bytes(n.try_into().map_err(|_| "bad header length")?) as usize;
        let head = data.get(8..8usize.saturating_add(n)).ok_or("the header runs past the end of the file")?;
        let header: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(head).map_err(|e| format!("the header is not JSON: {e}"))?;
        Ok(SafeTensors { header, data_start: 8 + n, data })
    }

    /// The tensor `name` as f32 values (it must be stored as F32), flattened row-major.
    pub fn f32(&self, name: &str) -> Result<Vec<f32>, String> {
        let t = self.header.get(name).ok_or("missing")?;
        if t.get("dtype").and_then(|d| d.as_str()) != Some("F32") {
            return Err(format!("dtype {:?} is not F32", t.get("dtype")));
        }
        let off: Vec<usize> = t
            .get("data_offsets")
            .and_then(|o| o.as_array())
            .map(|o| o.iter().filter_map(|v| v.as_u64().map(|v| v as usize)).collect())
            .unwrap_or_default();
        let [a, b] = off[..] else { return Err("no data_offsets".into()) };
        let bytes = self
            .data
            .get(self.data_start.saturating_add(a)..self.data_start.saturating_add(b))
            .ok_or("data_offsets run past the end of the file")?;
        if b < a || !bytes.len().is_multiple_of(4) {
            return Err("data_offsets do not hold whole f32 values".into());
        }
        Ok(bytes.chunks_exact(4).map(|q| f32::from_le_bytes([q[0], q[1], q[2], q[3]])).collect())
    }

    /// The shape of tensor `name`, if it is there.
    pub fn shape(&self, name: &str) -> Option<Vec<usize>> {
        let t = self.header.get(name)?;
        t.get("shape")?.as_array()?.iter().map(|v| v.as_u64().map(|v| v as usize)).collect()
    }
}
