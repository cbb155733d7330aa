//! Temporary dump.
use juece_core::task_import::*;

const FILES: [&str; 5] = [
    include_str!("../../../seeds/gazettes/000_12860487c06f20a9.txt"),
    include_str!("../../../seeds/gazettes/001_bbd8790e8b1422a3.txt"),
    include_str!("../../../seeds/gazettes/002_f98ac25ff1ac2a02.txt"),
    include_str!("../../../seeds/gazettes/003_fd149bfe66289cd6.txt"),
    include_str!("../../../seeds/gazettes/004_55f7b91f59157288.txt"),
];

#[test]
#[ignore]
fn dump() {
    let which: usize = std::env::var("F").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let verbose = std::env::var("V").is_ok();
    let text = FILES[which];
    for d in split_documents(text) {
        println!("DOC {} | {} | {:?} | {:?} | {}-{}", d.number, d.title, d.issuer, d.issued_on, d.first_line, d.last_line);
        let imp = import_document(&d);
        println!("  tasks {}", imp.tasks.len());
        for t in &imp.tasks {
            if verbose {
                println!("  #{} n={} [{}-{}] {:?} | sec={} | t={}\n     L={} R={} S={} O={} | dl={} {}\n     d={}", t.seq, t.number.clone().unwrap_or_default(), t.first_line, t.last_line, t.format, t.section.clone().unwrap_or_default(), t.title.clone().unwrap_or_default(), t.lead_units.join("/"), t.responsible_units.join("/"), t.supporting_units.join("/"), t.lead_officials.join("/"), t.deadline_text.clone().unwrap_or_default(), t.deadlines.iter().map(|d| format!("{:?}:{}", d.kind, d.due_on)).collect::<Vec<_>>().join(","), t.description.chars().take(50).collect::<String>());
            }
        }
        for u in &imp.unread {
            println!("  UNREAD {} {:?} {} | {}", u.line, u.kind, u.text, u.zh);
        }
    }
}

#[test]
#[ignore]
fn dump_whole() {
    for (i, text) in FILES.iter().enumerate() {
        let imp = import_tasks(text);
        let docs: usize = split_documents(text).iter().map(|d| import_document(d).tasks.len()).sum();
        println!("FILE {i}: whole {} docs {}", imp.tasks.len(), docs);
        for u in &imp.unread {
            println!("  UNREAD {} {:?} {} | {}", u.line, u.kind, u.text, u.en);
        }
    }
    for d in split_documents(FILES[2]) {
        let imp = import_tasks(&d.body);
        for u in &imp.unread { println!("  BODY UNREAD {} {} {:?} {}", d.number, u.line, u.kind, u.text); }
        if d.number.contains("27") { for t in &imp.tasks { println!("{:?}", t); } }
    }
}

#[test]
#[ignore]
fn dump_desc() {
    let f: usize = std::env::var("F").ok().and_then(|s| s.parse().ok()).unwrap_or(0);
    let n: String = std::env::var("N").unwrap_or_default();
    let seqs: Vec<u32> = std::env::var("S").unwrap_or_default().split(',').filter_map(|s| s.parse().ok()).collect();
    for d in split_documents(FILES[f]) {
        if !d.number.contains(&n) { continue; }
        for t in import_document(&d).tasks { if seqs.contains(&t.seq) { println!("#{} {:?} | {:?}\n{}\n", t.seq, t.number, t.title, t.description); } }
    }
}
