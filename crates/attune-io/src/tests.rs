use super::*;

#[test]
fn reads_shared_jsonl_fast() {
    let dir = std::path::Path::new("/work/shared/data");
    if !dir.exists() { return; }
    let t = std::time::Instant::now();
    let mut n = 0;
    for f in ["annomi/annomi.jsonl", "esconv/esconv.jsonl", "esconv_failed/esconv_failed.jsonl", "epitome/epitome.jsonl", "counsel_chat/counsel_chat.jsonl"] {
        let p = dir.join(f);
        if p.exists() {
            n += read_jsonl_path(&p, None).unwrap().len();
            let v = read_path(&p, &ReadOptions::default()).unwrap();
            assert!(!v.is_empty());
        }
    }
    eprintln!("read {n} conversations twice in {:?}", t.elapsed());
    assert!(n > 5000);
}
