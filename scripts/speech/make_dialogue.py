"""Builds tests/audio/dialogue-stereo.flac: a short session we wrote, spoken by espeak-ng (Debian package
espeak-ng), therapist on the left channel and client on the right, 0.7 s between turns, and the truth (who
said what, when) in tests/audio/dialogue.json. Needs espeak-ng and flac.

usage: python3 scripts/speech/make_dialogue.py tests/audio
"""
import array, json, os, subprocess, sys, tempfile, wave

LINES = [
    ("T", "en-us", "Hello Sam. How has this week been for you?"),
    ("C", "en-gb+f3", "Honestly, not great. I sat in the car outside work for forty minutes and could not go in."),
    ("T", "en-us", "That sounds frightening. What was going through your mind while you sat there?"),
    ("C", "en-gb+f3", "I kept thinking that I mess up everything I touch, and that everyone would see it."),
    ("T", "en-us", "So part of you was bracing for being judged, and it kept you frozen in the car."),
    ("C", "en-gb+f3", "Yes. That is exactly it. I felt so alone with it."),
]
RATE = 16000

def main(out_dir):
    gap = int(0.7 * RATE)
    left, right, truth = array.array("h"), array.array("h"), []
    with tempfile.TemporaryDirectory() as tmp:
        for who, voice, text in LINES:
            f = os.path.join(tmp, "l.wav")
            subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", f, text], check=True)
            w = wave.open(f)
            sr, raw = w.getframerate(), array.array("h", w.readframes(w.getnframes()))
            n = int(len(raw) * RATE / sr)
            speech = array.array("h", [raw[min(int(i * sr / RATE), len(raw) - 1)] for i in range(n)])
            start = len(left) / RATE
            (left if who == "T" else right).extend(speech)
            (right if who == "T" else left).extend([0] * n)
            truth.append({"speaker": "therapist" if who == "T" else "client", "channel": "left" if who == "T" else "right",
                          "start": round(start, 3), "end": round(len(left) / RATE, 3), "text": text})
            left.extend([0] * gap)
            right.extend([0] * gap)
        inter = array.array("h", [0] * (2 * len(left)))
        inter[0::2], inter[1::2] = left, right
        wav = os.path.join(tmp, "d.wav")
        o = wave.open(wav, "wb")
        o.setnchannels(2); o.setsampwidth(2); o.setframerate(RATE)
        o.writeframes(inter.tobytes()); o.close()
        subprocess.run(["flac", "-8", "-f", "-s", wav, "-o", os.path.join(out_dir, "dialogue-stereo.flac")], check=True)
    json.dump({"source": "scripts/speech/make_dialogue.py (espeak-ng)", "turns": truth}, open(os.path.join(out_dir, "dialogue.json"), "w"), indent=1)

if __name__ == "__main__":
    main(sys.argv[1])
