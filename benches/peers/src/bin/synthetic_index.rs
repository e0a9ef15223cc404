//! Writes the index of a synthetic corpus, for measuring a process that answers from it
//! (peak memory with `/usr/bin/time -v toiawase query …`).
//!
//! ```sh
//! cargo run --release -p toiawase-peers --bin synthetic_index -- 10000 /tmp/synthetic-10k.idx
//! /usr/bin/time -v target/release/toiawase query /tmp/synthetic-10k.idx 'そだいごみ どうやって出す'
//! ```

#[rustfmt::skip]
#[path = "../../../support/synthetic.rs"]
mod synthetic;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let size: usize = args.next().unwrap_or_else(|| "10000".into()).parse()?;
    let path = args
        .next()
        .unwrap_or_else(|| format!("synthetic-{size}.idx"));
    let engine = toiawase::Engine::build(&synthetic::corpus(size, 42))?;
    engine.save(&path)?;
    println!(
        "wrote {path}: {} entries, {} bytes",
        size,
        std::fs::metadata(&path)?.len()
    );
    Ok(())
}
