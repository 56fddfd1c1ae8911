//! Renders inputs of 1, 2, 4 and 8 MiB of each shape with `inkpost::render` (no
//! limits) and prints a Markdown table of the median times and the ratios
//! t(2n)/t(n): about 2 is linear, about 4 is quadratic.
//!
//! Each case runs in a child process (this binary with `--case KIND MIB RUNS`),
//! so a case that crashes (stack overflow) or runs past the time limit is
//! reported as such and the others still run.
//!
//!   inkpost-growth [--runs N] [--timeout SECONDS] [--sizes 1,2,4,8]
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MIB: usize = 1 << 20;

struct Kind {
    name: &'static str,
    what: &'static str,
    make: fn(usize) -> String,
}

const KINDS: &[Kind] = &[
    Kind { name: "quotes-100-deep", what: "blockquotes nested 100 deep, repeated", make: quotes_repeated },
    Kind { name: "quote-depth-n", what: "one blockquote nest, depth ∝ size (one line of `>`)", make: quote_deep },
    Kind { name: "long-line", what: "one long line (words, emphasis, code, links)", make: long_line },
    Kind { name: "list-items", what: "many list items", make: list_items },
    Kind { name: "wide-table", what: "wide table (columns ∝ size, 8 rows)", make: wide_table },
    Kind { name: "footnotes", what: "many footnote references + definitions", make: footnotes },
    Kind { name: "front-matter", what: "large front matter (keys and lists)", make: front_matter },
    Kind { name: "prose", what: "plain prose paragraphs", make: prose },
    Kind { name: "warnings-one-line", what: "one line of `a <x> ` (a warning every 6 bytes)", make: warnings_one_line },
    Kind { name: "mojibake-one-line", what: "one line of mis-decoded UTF-8 (a repair per word)", make: mojibake_one_line },
];

/// A small deterministic word stream (xorshift), so every run renders the same text.
struct Words(u64);
const WORDS: &[&str] = &[
    "the", "post", "renders", "quickly", "and", "safely", "with", "front", "matter", "a",
    "browser", "reads", "Markdown", "text", "into", "HTML", "of", "every", "paragraph",
    "sentence", "Jekyll", "site", "blog", "written", "by", "people", "who", "like", "plain",
    "files", "is", "not", "slow", "when", "it", "grows", "large", "over", "time",
];
impl Words {
    fn next(&mut self) -> &'static str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        WORDS[(self.0 % WORDS.len() as u64) as usize]
    }
    fn n(&mut self, k: usize) -> u64 {
        self.next();
        self.0 % k as u64
    }
}

fn header() -> String {
    "---\ntitle: Growth\ndate: 2026-01-02 10:00:00\ntags: [bench]\n---\n\n".to_string()
}

fn sentence(w: &mut Words, out: &mut String) {
    let len = 8 + w.n(10) as usize;
    for i in 0..len {
        let word = w.next();
        if i == 0 {
            let mut c = word.chars();
            let first = c.next().unwrap().to_uppercase().collect::<String>();
            out.push_str(&first);
            out.push_str(c.as_str());
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push_str(". ");
}

fn quotes_repeated(n: usize) -> String {
    let mut s = header();
    let mut w = Words(1);
    while s.len() < n {
        for depth in 1..=100 {
            s.push_str(&"> ".repeat(depth));
            sentence(&mut w, &mut s);
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

fn quote_deep(n: usize) -> String {
    let mut s = header();
    s.push_str(&">".repeat(n.saturating_sub(s.len() + 8)));
    s.push_str(" deep\n");
    s
}

fn long_line(n: usize) -> String {
    let mut s = header();
    let mut w = Words(2);
    while s.len() < n {
        match w.n(12) {
            0 => { s.push('*'); s.push_str(w.next()); s.push_str("* "); }
            1 => { s.push('`'); s.push_str(w.next()); s.push_str("` "); }
            2 => { s.push('['); s.push_str(w.next()); s.push_str("](https://example.com/"); s.push_str(w.next()); s.push_str(") "); }
            3 => { s.push_str("**"); s.push_str(w.next()); s.push_str("** "); }
            _ => { s.push_str(w.next()); s.push(' '); }
        }
    }
    s.push('\n');
    s
}

/// Each `<x>` is an unknown element, removed with a warning: the column of
/// every warning is on the same line (quadratic on 0e9dd05: 21.5 s in
/// Chromium for 1.2 MB).
fn warnings_one_line(n: usize) -> String {
    let mut s = header();
    while s.len() < n {
        s.push_str("a <x> ");
    }
    s.push('\n');
    s
}

/// `café` read as Windows-1252 (`cafÃ©`), repaired with a warning per word.
fn mojibake_one_line(n: usize) -> String {
    let mut s = header();
    while s.len() < n {
        s.push_str("cafÃ© ");
    }
    s.push('\n');
    s
}

fn list_items(n: usize) -> String {
    let mut s = header();
    let mut w = Words(3);
    let mut i = 0;
    while s.len() < n {
        s.push_str(if i % 7 == 6 { "  - " } else { "- " });
        s.push_str(w.next());
        s.push(' ');
        s.push_str(w.next());
        s.push_str(&format!(" {i}\n"));
        i += 1;
    }
    s
}

fn wide_table(n: usize) -> String {
    let mut s = header();
    // 8 body rows + header + delimiter: each line about n/10 bytes.
    let cols = (n / 10 / 8).max(1);
    s.push('|');
    for c in 0..cols { s.push_str(&format!(" h{c} |")); }
    s.push_str("\n|");
    for _ in 0..cols { s.push_str("---|"); }
    s.push('\n');
    let mut w = Words(4);
    for _ in 0..8 {
        s.push('|');
        for _ in 0..cols { s.push(' '); s.push_str(w.next()); s.push_str(" |"); }
        s.push('\n');
    }
    s
}

fn footnotes(n: usize) -> String {
    let mut s = header();
    let mut w = Words(5);
    // About half the bytes are references in paragraphs, half are definitions.
    let mut defs = String::new();
    let mut k = 0;
    while s.len() + defs.len() < n {
        for _ in 0..4 {
            s.push_str(w.next());
            s.push(' ');
            s.push_str(w.next());
            s.push_str(&format!("[^n{k}] "));
            defs.push_str(&format!("[^n{k}]: Note {k} about {} {}.\n", w.next(), w.next()));
            k += 1;
        }
        s.push_str("\n\n");
    }
    s.push('\n');
    s.push_str(&defs);
    s
}

fn front_matter(n: usize) -> String {
    // A quarter of the bytes in one `tags` list, the rest in keys (every tenth
    // with a nested map and a flow list); a one-line body.
    let mut s = String::from("---\ntitle: A post with a large front matter\ndate: 2026-01-02\ntags:\n");
    let mut w = Words(6);
    let mut k = 0;
    while s.len() < n / 4 {
        s.push_str(&format!("  - {}{k}\n", w.next()));
        k += 1;
    }
    let mut k = 0;
    while s.len() < n {
        s.push_str(&format!("key_{k}: {} {} {}\n", w.next(), w.next(), w.next()));
        if k % 10 == 0 {
            s.push_str(&format!("nested_{k}:\n  a: {}\n  b: [1, 2, 3]\n", w.next()));
        }
        k += 1;
    }
    s.push_str("---\n\nA short body.\n");
    s
}

fn prose(n: usize) -> String {
    let mut s = header();
    let mut w = Words(7);
    while s.len() < n {
        for _ in 0..5 { sentence(&mut w, &mut s); }
        s.push_str("\n\n");
    }
    s
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Child: render one case RUNS times after one warm-up, print the median ms and
/// the number of runs. A case whose first render takes over a second is slow
/// enough that warming up does not matter: that render is the one sample.
fn run_case(kind: &str, mib: usize, runs: usize) {
    let k = KINDS.iter().find(|k| k.name == kind).expect("unknown kind");
    let input = (k.make)(mib * MIB);
    let options = inkpost::Options::default();
    let mut times = Vec::new();
    let mut html_len = 0;
    for i in 0..=runs {
        let t = Instant::now();
        let out = inkpost::render(std::hint::black_box(&input), &options);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        html_len = out.html.len();
        std::hint::black_box(out);
        if i == 0 && ms > 1000.0 {
            times.push(ms);
            break;
        }
        if i > 0 { times.push(ms); }
    }
    println!("{:.3} {} {} {}", median(times.clone()), times.len(), input.len(), html_len);
}

enum Outcome { Ms(f64), Timeout, Crash(String), Skipped }

fn spawn_case(exe: &std::path::Path, kind: &str, mib: usize, runs: usize, timeout: Duration) -> Outcome {
    let mut child = Command::new(exe)
        .args(["--case", kind, &mib.to_string(), &runs.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(status) => {
                let mut out = String::new();
                child.stdout.take().unwrap().read_to_string(&mut out).ok();
                if status.success() {
                    if let Some(ms) = out.split_whitespace().next().and_then(|t| t.parse().ok()) {
                        return Outcome::Ms(ms);
                    }
                }
                let mut err = String::new();
                child.stderr.take().unwrap().read_to_string(&mut err).ok();
                let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
                return Outcome::Crash(format!("{status}; {}", last.chars().take(80).collect::<String>()));
            }
            None if started.elapsed() > timeout => {
                child.kill().ok();
                child.wait().ok();
                return Outcome::Timeout;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--case") {
        run_case(&args[2], args[3].parse().unwrap(), args[4].parse().unwrap());
        return;
    }
    let mut runs = 3;
    let mut timeout = 120.0;
    let mut sizes = vec![1usize, 2, 4, 8];
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--runs" => { runs = args[i + 1].parse().unwrap(); i += 1; }
            "--timeout" => { timeout = args[i + 1].parse().unwrap(); i += 1; }
            "--sizes" => { sizes = args[i + 1].split(',').map(|s| s.parse().unwrap()).collect(); i += 1; }
            other => { eprintln!("unknown argument {other}"); std::process::exit(2); }
        }
        i += 1;
    }
    let exe = std::env::current_exe().unwrap();
    let timeout = Duration::from_secs_f64(timeout);

    let mut head = String::from("| input | what |");
    let mut rule = String::from("|---|---|");
    for s in &sizes { head.push_str(&format!(" {s} MiB (ms) |")); rule.push_str("---:|"); }
    for w in sizes.windows(2) { head.push_str(&format!(" t({})/t({}) |", w[1], w[0])); rule.push_str("---:|"); }
    println!("{head}\n{rule}");
    for k in KINDS {
        let mut outcomes = Vec::new();
        let mut stop = false;
        for &mib in &sizes {
            if stop { outcomes.push(Outcome::Skipped); continue; }
            eprintln!("growth: {} {} MiB", k.name, mib);
            let o = spawn_case(&exe, k.name, mib, runs, timeout);
            // Skip the next size when it would pass the limit even if this case is
            // quadratic (4x the time at twice the size, plus margin); a render
            // over a second there is rendered once.
            match &o {
                Outcome::Ms(ms) if *ms * 4.5 * (if *ms * 4.0 > 1000.0 { 1.0 } else { runs as f64 + 1.0 }) > timeout.as_secs_f64() * 1e3 => stop = true,
                Outcome::Ms(_) => {}
                _ => stop = true,
            }
            outcomes.push(o);
        }
        let mut row = format!("| {} | {} |", k.name, k.what);
        for o in &outcomes {
            row.push_str(&match o {
                Outcome::Ms(ms) => format!(" {ms:.1} |"),
                Outcome::Timeout => format!(" timeout (> {:.0} s) |", timeout.as_secs_f64()),
                Outcome::Crash(why) => format!(" crashed ({}) |", why.replace('|', "/")),
                Outcome::Skipped => " skipped |".to_string(),
            });
        }
        for w in outcomes.windows(2) {
            row.push_str(&match (&w[0], &w[1]) {
                (Outcome::Ms(a), Outcome::Ms(b)) => format!(" {:.2} |", b / a),
                _ => " – |".to_string(),
            });
        }
        println!("{row}");
    }
    println!("\nMedian of {runs} runs after one warm-up (one run, no warm-up, when a render takes over a second), each case in its own process; a case stops growing after a timeout, a crash, or a time that would pass the {:.0} s limit at the next size if it grew quadratically.", timeout.as_secs_f64());
}
