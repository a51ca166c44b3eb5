"""Builds tests/audio/diarization-mono.flac: a two-person session we wrote, spoken by two flite voices trained on
different real speakers (Debian package flite: `rms`, a US male, as the therapist; `slt`, a US female, as the
client), mixed into one channel with pauses of 0.25-0.8 s and a few short replies, and the truth (who spoke
when) in tests/audio/diarization-mono.json. Used to measure diarization (DER). Needs flite and flac.

(espeak-ng's voices are one synthesizer with different settings; a speaker-embedding model hears them as one
person, so they cannot test diarization.)

usage: python3 scripts/speech/make_diarization.py tests/audio
"""
import array, json, os, subprocess, sys, tempfile, wave

LINES = [
    ("T", "Welcome back. Where would you like to start today?"),
    ("C", "I guess with the weekend. It did not go the way I hoped."),
    ("T", "Mm-hmm."),
    ("C", "My sister came to stay, and by Sunday we were not speaking at all."),
    ("T", "That sounds painful. What happened between you?"),
    ("C", "She said I always make everything about me, and I just walked out of the room."),
    ("T", "Right."),
    ("C", "I know walking out was not great. But I was so hurt I could not think."),
    ("T", "So the hurt came first, and leaving was the only way you had to protect yourself in that moment."),
    ("C", "Yes. Exactly."),
    ("T", "What do you make of what she said?"),
    ("C", "Part of me thinks she is right. That is what scares me."),
    ("T", "It scares you that there might be some truth in it."),
    ("C", "Mm."),
    ("T", "Take your time."),
    ("C", "I think I have been so tired that I stopped asking how anyone else is doing."),
]
VOICE = {"T": "rms", "C": "slt"}
GAPS = [0.6, 0.3, 0.25, 0.5, 0.7, 0.4, 0.35, 0.8, 0.45, 0.6, 0.5, 0.3, 0.7, 0.4, 0.5, 0.6]
RATE = 16000

def main(out_dir):
    mix, truth = array.array("h"), []
    with tempfile.TemporaryDirectory() as tmp:
        for (who, text), gap in zip(LINES, GAPS):
            f = os.path.join(tmp, "l.wav")
            subprocess.run(["flite", "-voice", VOICE[who], "-t", text, "-o", f], check=True)
            w = wave.open(f)
            sr, raw = w.getframerate(), array.array("h", w.readframes(w.getnframes()))
            n = int(len(raw) * RATE / sr)
            speech = array.array("h", [raw[min(int(i * sr / RATE), len(raw) - 1)] for i in range(n)])
            # the voice's own leading and trailing silence is not speech
            lo = next((i for i, v in enumerate(speech) if abs(v) > 300), 0)
            hi = len(speech) - next((i for i, v in enumerate(reversed(speech)) if abs(v) > 300), 0)
            speech = speech[lo:hi]
            start = len(mix) / RATE
            mix.extend(speech)
            truth.append({"speaker": "therapist" if who == "T" else "client", "voice": VOICE[who],
                          "start": round(start, 3), "end": round(len(mix) / RATE, 3), "text": text})
            mix.extend([0] * int(gap * RATE))
        wav = os.path.join(tmp, "d.wav")
        o = wave.open(wav, "wb")
        o.setnchannels(1); o.setsampwidth(2); o.setframerate(RATE)
        o.writeframes(mix.tobytes()); o.close()
        subprocess.run(["flac", "-8", "-f", "-s", wav, "-o", os.path.join(out_dir, "diarization-mono.flac")], check=True)
    json.dump({"source": "scripts/speech/make_diarization.py (flite 2.2: rms and slt)", "turns": truth},
              open(os.path.join(out_dir, "diarization-mono.json"), "w"), indent=1)

if __name__ == "__main__":
    main(sys.argv[1])
