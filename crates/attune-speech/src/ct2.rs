//! Reader for CTranslate2's `model.bin` (binary version 6), the form in which the registry packages ship
//! Whisper: a header (version, spec name, revision), then named tensors (rank, dims, dtype, byte length,
//! data), then aliases (`decoder/projection/weight` → `decoder/embeddings/weight`). All little-endian.

use std::collections::HashMap;

/// Element types CTranslate2 writes (its `DataType` enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
    BF16,
}

impl DType {
    fn from_id(id: u8) -> Option<DType> {
        Some(match id {
            0 => DType::F32,
            1 => DType::I8,
            2 => DType::I16,
            3 => DType::I32,
            4 => DType::F16,
            5 => DType::BF16,
            _ => return None,
        })
    }
    fn size(self) -> usize {
        match self {
            DType::I8 => 1,
            DType::I16 | DType::F16 | DType::BF16 => 2,
            DType::F32 | DType::I32 => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Var {
    pub shape: Vec<usize>,
    pub dtype: DType,
    range: std::ops::Range<usize>,
}

/// A half-precision variable: its raw bits and its shape.
pub type HalfVar = (Vec<u16>, Vec<usize>);

/// A parsed `model.bin`: the bytes and an index of its variables.
pub struct Ct2File {
    pub spec: String,
    pub revision: u32,
    bytes: Vec<u8>,
    vars: HashMap<String, Var>,
}

struct Cursor<'a> {
    b: &'a [u8],
    p: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.p.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| format!("truncated at byte {} (wanted {n} more)", self.p))?;
        let s = &self.b[self.p..end];
        self.p = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    /// A length-prefixed string that includes its NUL terminator.
    fn string(&mut self) -> Result<String, String> {
        let n = self.u16()? as usize;
        let s = self.take(n)?;
        let s = s.strip_suffix(&[0]).unwrap_or(s);
        String::from_utf8(s.to_vec()).map_err(|_| format!("a name before byte {} is not UTF-8", self.p))
    }
}

impl Ct2File {
    pub fn parse(bytes: Vec<u8>) -> Result<Ct2File, String> {
        let mut c = Cursor { b: &bytes, p: 0 };
        let version = c.u32()?;
        if version != 6 {
            return Err(format!("CTranslate2 binary version {version}; this reader knows version 6"));
        }
        let spec = c.string()?;
        let revision = c.u32()?;
        let n = c.u32()? as usize;
        let mut vars = HashMap::with_capacity(n);
        for _ in 0..n {
            let name = c.string()?;
            let rank = c.u8()? as usize;
            let shape = (0..rank).map(|_| c.u32().map(|d| d as usize)).collect::<Result<Vec<_>, _>>()?;
            let id = c.u8()?;
            let dtype = DType::from_id(id).ok_or_else(|| format!("{name}: unknown data type {id}"))?;
            let nbytes = c.u32()? as usize;
            let count: usize = shape.iter().product();
            if count * dtype.size() != nbytes {
                return Err(format!("{name}: {nbytes} bytes for shape {shape:?} of {dtype:?}"));
            }
            let start = c.p;
            c.take(nbytes)?;
            vars.insert(name, Var { shape, dtype, range: start..start + nbytes });
        }
        let na = c.u32()? as usize;
        for _ in 0..na {
            let alias = c.string()?;
            let target = c.string()?;
            let v = vars.get(&target).cloned().ok_or_else(|| format!("alias {alias} names a missing variable {target}"))?;
            vars.insert(alias, v);
        }
        Ok(Ct2File { spec, revision, bytes, vars })
    }

    pub fn var(&self, name: &str) -> Result<&Var, String> {
        self.vars.get(name).ok_or_else(|| format!("the model has no variable {name}"))
    }

    pub fn has(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    /// A variable as `f32` (from f32, f16 or bf16), with its shape.
    pub fn f32(&self, name: &str) -> Result<(Vec<f32>, Vec<usize>), String> {
        let v = self.var(name)?;
        let b = &self.bytes[v.range.clone()];
        let data = match v.dtype {
            DType::F32 => b.chunks_exact(4).map(|q| f32::from_le_bytes([q[0], q[1], q[2], q[3]])).collect(),
            DType::F16 => b.chunks_exact(2).map(|q| half::f16::from_le_bytes([q[0], q[1]]).to_f32()).collect(),
            DType::BF16 => b.chunks_exact(2).map(|q| half::bf16::from_le_bytes([q[0], q[1]]).to_f32()).collect(),
            d => return Err(format!("{name}: {d:?} is not a float type")),
        };
        Ok((data, v.shape.clone()))
    }

    /// A half-precision variable's raw bits, with its shape; `None` when it is stored in another type.
    pub fn f16_bits(&self, name: &str) -> Result<Option<HalfVar>, String> {
        let v = self.var(name)?;
        if v.dtype != DType::F16 {
            return Ok(None);
        }
        let b = &self.bytes[v.range.clone()];
        Ok(Some((b.chunks_exact(2).map(|q| u16::from_le_bytes([q[0], q[1]])).collect(), v.shape.clone())))
    }

    /// A scalar integer (flags and head counts are stored as int8/int16 scalars).
    pub fn int(&self, name: &str) -> Result<i64, String> {
        let v = self.var(name)?;
        let b = &self.bytes[v.range.clone()];
        Ok(match v.dtype {
            DType::I8 => b[0] as i8 as i64,
            DType::I16 => i16::from_le_bytes([b[0], b[1]]) as i64,
            DType::I32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i64,
            d => return Err(format!("{name}: {d:?} is not an integer type")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(vars: &[(&str, Vec<usize>, u8, Vec<u8>)], aliases: &[(&str, &str)]) -> Vec<u8> {
        let mut o = Vec::new();
        let s = |o: &mut Vec<u8>, t: &str| {
            o.extend(((t.len() + 1) as u16).to_le_bytes());
            o.extend(t.as_bytes());
            o.push(0);
        };
        o.extend(6u32.to_le_bytes());
        s(&mut o, "WhisperSpec");
        o.extend(3u32.to_le_bytes());
        o.extend((vars.len() as u32).to_le_bytes());
        for (n, shape, dt, data) in vars {
            s(&mut o, n);
            o.push(shape.len() as u8);
            for d in shape {
                o.extend((*d as u32).to_le_bytes());
            }
            o.push(*dt);
            o.extend((data.len() as u32).to_le_bytes());
            o.extend(data);
        }
        o.extend((aliases.len() as u32).to_le_bytes());
        for (a, t) in aliases {
            s(&mut o, a);
            s(&mut o, t);
        }
        o
    }

    #[test]
    fn reads_tensors_scalars_and_aliases() {
        let w: Vec<u8> = [1.5f32, -2.0].iter().flat_map(|v| half::f16::from_f32(*v).to_le_bytes()).collect();
        let b = file(&[("w", vec![2], 4, w), ("heads", vec![], 2, 6i16.to_le_bytes().to_vec())], &[("p", "w")]);
        let f = Ct2File::parse(b).unwrap();
        assert_eq!(f.spec, "WhisperSpec");
        assert_eq!(f.f32("w").unwrap(), (vec![1.5, -2.0], vec![2]));
        assert_eq!(f.f32("p").unwrap().0, vec![1.5, -2.0]);
        assert_eq!(f.int("heads").unwrap(), 6);
        assert!(f.f32("missing").unwrap_err().contains("missing"));
    }

    #[test]
    fn truncated_and_inconsistent_files_are_errors() {
        let b = file(&[("w", vec![4], 0, vec![0; 16])], &[]);
        for cut in [0, 3, 10, b.len() - 5] {
            assert!(Ct2File::parse(b[..cut].to_vec()).is_err(), "cut {cut}");
        }
        let bad = file(&[("w", vec![4], 0, vec![0; 12])], &[]);
        assert!(Ct2File::parse(bad).err().unwrap().contains("bytes for shape"));
        let mut v5 = b.clone();
        v5[0] = 5;
        assert!(Ct2File::parse(v5).err().unwrap().contains("version 5"));
    }
}
