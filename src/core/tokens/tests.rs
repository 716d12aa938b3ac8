//! The token model over layouts in miniature: each layout is a scrap of HTML (parsed by a tiny
//! parser below), each expected token is marked `t="<id>"`, and the model must find exactly
//! those elements with exactly those verdicts.
use super::*;
use crate::core::guide::Pack;

fn lex() -> Lexicon {
    let pack: Pack =
        crate::core::guide::Pack::parse(include_str!("../../../extension/guides/pack.json"))
            .unwrap();
    Lexicon::from_pack(&pack)
}

/// A tiny HTML reader for the tests: tags with double-quoted attributes, text, `<#shadow>`.
fn parse(html: &str) -> (Tree, Vec<Option<String>>) {
    let mut tree = Tree::default();
    let mut ids = Vec::new();
    let mut stack: Vec<u32> = Vec::new();
    let mut rest = html;
    let void = ["input", "img", "br", "hr"];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').unwrap();
            rest = &r[end + 1..];
            stack.pop();
            continue;
        }
        if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').unwrap();
            let inner = &r[..end];
            rest = &r[end + 1..];
            let (tag, attrs) = inner.split_once(' ').unwrap_or((inner, ""));
            let mut get = std::collections::HashMap::new();
            let mut a = attrs.trim();
            while let Some(eq) = a.find("=\"") {
                let name = a[..eq].trim().to_string();
                let after = &a[eq + 2..];
                let close = after.find('"').unwrap();
                get.insert(name, after[..close].to_string());
                a = after[close + 1..].trim();
            }
            let parent = stack.last().copied().unwrap_or(NONE);
            let kind = if tag == "#shadow" {
                Kind::Shadow
            } else {
                Kind::Element
            };
            let button_input = tag == "input"
                && matches!(
                    get.get("type").map(String::as_str),
                    Some("button" | "submit")
                );
            let name = get
                .get("aria-label")
                .or(get.get("title"))
                .or(get.get("alt"))
                .or(if button_input { get.get("value") } else { None })
                .cloned()
                .unwrap_or_default();
            let mut bits = 0;
            if get.contains_key("aria-haspopup") {
                bits |= POPUP;
            }
            if get.contains_key("href") {
                bits |= HREF;
            }
            let i = tree.push(Node {
                parent,
                kind,
                tag: tag.to_string(),
                role: get.get("role").cloned().unwrap_or_default(),
                class: get.get("class").cloned().unwrap_or_default(),
                name,
                bits,
            });
            ids.push(get.get("t").cloned());
            if !void.contains(&tag) {
                stack.push(i);
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        rest = &rest[end..];
        if !text.is_empty() {
            tree.push(Node {
                parent: stack.last().copied().unwrap_or(NONE),
                kind: Kind::Text,
                tag: String::new(),
                role: String::new(),
                class: String::new(),
                name: text,
                bits: 0,
            });
            ids.push(None);
        }
    }
    tree.finish();
    (tree, ids)
}

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

/// id → (kind, created); panics on a token without an id (a container or a distractor).
fn verdicts(html: &str, lang: &str) -> Vec<(String, &'static str, Option<String>)> {
    let (tree, ids) = parse(&format!("<html><body>{html}</body></html>"));
    let toks = find(
        &tree,
        &lex(),
        dates::order_for_lang(lang),
        d(2025, 4, 1),
        d(2026, 11, 30),
    );
    let mut out: Vec<_> = toks
        .iter()
        .map(|t| {
            let id = ids[t.el as usize].clone().unwrap_or_else(|| {
                panic!(
                    "token on an unmarked <{}> (class {:?})",
                    tree.nodes[t.el as usize].tag, tree.nodes[t.el as usize].class
                )
            });
            (id, t.verdict.kind(), t.verdict.created().map(|d| d.iso()))
        })
        .collect();
    out.sort();
    out
}

fn want(
    list: &[(&str, &'static str, Option<&str>)],
) -> Vec<(String, &'static str, Option<String>)> {
    let mut v: Vec<_> = list
        .iter()
        .map(|(i, k, c)| (i.to_string(), *k, c.map(str::to_string)))
        .collect();
    v.sort();
    v
}

const MORE: &str = r#"<button aria-label="More" aria-haspopup="menu">⋮</button>"#;

#[test]
fn legacy_card_without_dates_is_the_token_in_every_language() {
    for (lang, title, rw, ro, more) in [
        (
            "en-US",
            "Legacy Account Tokens",
            "Read/Write",
            "Read-Only",
            "More",
        ),
        ("zh-CN", "旧版帐户令牌", "读/写", "只读", "更多"),
        ("zh-CN", "旧版账户令牌", "读/写", "只读", "更多"),
        (
            "ja",
            "レガシーアカウントトークン",
            "読み書き",
            "読み取り専用",
            "その他",
        ),
        (
            "ja",
            "レガシー アカウント トークン",
            "読み書き",
            "読み取り専用",
            "詳細",
        ),
        (
            "de",
            "Legacy-Konto-Token",
            "Lesen/Schreiben",
            "Nur lesen",
            "Mehr",
        ),
    ] {
        let html = format!(
            r#"<main><h1>Platform REST Web Services</h1><button>Create Access Token</button>
            <div class="c1" t="L"><div class="hd"><h3>{title}</h3></div>
            <div class="row"><span>{rw}</span><span>AC12…</span></div>
            <div class="row"><span>{ro}</span><span>AC34…</span></div>
            <button title="{more}"><svg></svg></button></div></main>"#
        );
        assert_eq!(
            verdicts(&html, lang),
            want(&[("L", "legacy", None)]),
            "{lang} {title}"
        );
    }
}

#[test]
fn legacy_card_among_ordinary_cards_does_not_leak() {
    let html = format!(
        r#"<main><h1>API</h1><div class="list">
        <div class="card" t="L"><h3>Legacy Account Tokens</h3><p>Read/Write</p><p>Read-Only</p>{MORE}</div>
        <div class="card" t="A"><h3>Reporting</h3><p>Created Jun 30, 2025</p>{MORE}</div>
        <div class="card" t="B"><h3>Old sync</h3><p>Created Jan 5, 2025</p>{MORE}</div>
        <div class="card" t="C"><h3>Bridge</h3><p>Last used Jul 1, 2025</p>{MORE}</div>
        </div></main>"#
    );
    assert_eq!(
        verdicts(&html, "en-US"),
        want(&[
            ("A", "current", Some("2025-06-30")),
            ("B", "legacy", Some("2025-01-05")),
            ("C", "unknown", None),
            ("L", "legacy", None),
        ])
    );
    // Without any [More]: the title alone, dates alone, and the list's shape.
    let html = r#"<main><h1>API</h1><div class="list">
        <div class="card" t="L"><h3>Legacy Account Tokens</h3><p>Read/Write</p><p>Read-Only</p></div>
        <div class="card" t="A"><h3>Reporting</h3><p>Created Jun 30, 2025</p></div>
        <div class="card" t="B"><h3>Old sync</h3><p>Created Jan 5, 2025</p></div>
        <div class="card" t="C"><h3>Bridge</h3><p>Last used Jul 1, 2025</p></div>
        </div></main>"#;
    assert_eq!(
        verdicts(html, "en-US"),
        want(&[
            ("A", "current", Some("2025-06-30")),
            ("B", "legacy", Some("2025-01-05")),
            ("C", "unknown", None),
            ("L", "legacy", None),
        ])
    );
}

#[test]
fn label_text_node_then_value_child_reads_its_own_pair() {
    let html = r#"<ul class="tl">
        <li t="A"><strong>Sincronización</strong><p>Último uso <b>30 de junio de 2025</b></p><p>Creado el <b>5 de enero de 2025</b></p></li>
        <li t="B"><strong>Catálogo</strong><p>Creado el <b>30 de junio de 2025</b></p><p>Último uso <b>2 de julio de 2025</b></p></li>
        </ul>"#;
    assert_eq!(
        verdicts(html, "es"),
        want(&[
            ("A", "legacy", Some("2025-01-05")),
            ("B", "current", Some("2025-06-30")),
        ])
    );
}

#[test]
fn tables_grids_and_definition_lists() {
    let table = format!(
        r#"<table><thead><tr><th>Name</th><th>Last used</th><th>Created On</th><th></th></tr></thead>
        <tbody><tr t="A"><td>Alpha</td><td>Oct 2, 2025</td><td>Jan 15, 2025</td><td>{MORE}</td></tr>
        <tr t="B"><td>Beta</td><td>Jun 20, 2025</td><td>Jun 2, 2025</td><td>{MORE}</td></tr>
        <tr t="C"><td>Gamma</td><td>Aug 11, 2025</td><td>—</td><td>{MORE}</td></tr></tbody></table>"#
    );
    assert_eq!(
        verdicts(&table, "en-US"),
        want(&[
            ("A", "legacy", Some("2025-01-15")),
            ("B", "current", Some("2025-06-02")),
            ("C", "unknown", None),
        ])
    );
    let grid = r#"<div role="grid"><div role="rowgroup"><div role="row"><div role="columnheader">名称</div><div role="columnheader">创建时间</div></div></div>
        <div role="rowgroup"><div role="row" t="A"><div role="gridcell">甲</div><div role="gridcell">2024年3月12日</div></div>
        <div role="row" t="B"><div role="gridcell">乙</div><div role="gridcell">2025年6月2日</div></div></div></div>"#;
    assert_eq!(
        verdicts(grid, "zh-CN"),
        want(&[
            ("A", "legacy", Some("2024-03-12")),
            ("B", "current", Some("2025-06-02")),
        ])
    );
    let dl = r#"<dl class="x"><div class="g" t="A"><dt>Name</dt><dd>Alpha</dd><dt>Erstellt am</dt><dd>05.01.25</dd></div>
        <div class="g" t="B"><dt>Name</dt><dd>Beta</dd><dt>Erstellt am:</dt><dd>30.06.2025</dd></div></dl>"#;
    assert_eq!(
        verdicts(dl, "de"),
        want(&[
            ("A", "legacy", Some("2025-01-05")),
            ("B", "current", Some("2025-06-30")),
        ])
    );
    // No groups: each pair's value stands for its token.
    let flat = r#"<dl><dt>Created</dt><dd t="A">Jan 5, 2025</dd><dt>Created</dt><dd t="B">Jun 5, 2025</dd></dl>"#;
    assert_eq!(
        verdicts(flat, "en-US"),
        want(&[
            ("A", "legacy", Some("2025-01-05")),
            ("B", "current", Some("2025-06-05")),
        ])
    );
}

#[test]
fn legacy_pair_rows_inside_the_card() {
    // Each row its own token with [More] (both legacy: inside the card).
    let html = format!(
        r#"<section class="card"><div class="h"><h3>Legacy Account Tokens</h3></div>
        <div class="r" t="RW"><span>Read/Write</span><span>Created On: Mar 12, 2024</span>{MORE}</div>
        <div class="r" t="RO"><span>Read-Only</span><span>Created On: Jun 30, 2025</span>{MORE}</div></section>
        <section class="card"><h3>Access Tokens</h3><div class="r" t="S"><span>Created On: Jun 30, 2025</span>{MORE}</div></section>"#
    );
    assert_eq!(
        verdicts(&html, "en-US"),
        want(&[
            ("RO", "legacy", Some("2025-06-30")),
            ("RW", "legacy", Some("2024-03-12")),
            ("S", "current", Some("2025-06-30")),
        ])
    );
    // The card's head has a description: still the head of the pair, not a token.
    let html = format!(
        r#"<section class="card legacy"><div class="cardhead"><h2>Legacy Account Tokens</h2><p>Tokens created before April 2025.</p></div>
        <div class="tokrow" t="RW"><a href="/rw">Read/Write</a><span>Created On</span> <span>Mar 12, 2024</span>{MORE}</div>
        <div class="tokrow" t="RO"><a href="/ro">Read-Only</a><span>Created On</span> <span>Aug 30, 2022</span>{MORE}</div></section>"#
    );
    assert_eq!(
        verdicts(&html, "en-US"),
        want(&[
            ("RO", "legacy", Some("2022-08-30")),
            ("RW", "legacy", Some("2024-03-12")),
        ])
    );
    // One [More] for the pair: the card is the token; two different dates are no one date.
    let html = format!(
        r#"<main><h1>API</h1><div class="card" t="L"><div class="h"><h3>Legacy Account Tokens</h3>{MORE}</div>
        <div class="r"><span>Read/Write</span><span>Created On: Mar 12, 2024</span></div>
        <div class="r"><span>Read-Only</span><span>Created On: Aug 30, 2022</span></div></div></main>"#
    );
    assert_eq!(verdicts(&html, "en-US"), want(&[("L", "legacy", None)]));
}

#[test]
fn overview_pages() {
    // A scoped token's Overview: the page view is the token.
    let html = r#"<main><a href="/back">Back</a><div class="view" t="V"><h1>Reporting sync</h1>
        <div role="tablist"><button role="tab">Overview</button><button role="tab">API Credentials</button></div>
        <div role="tabpanel"><dl><dt>Name</dt><dd>Reporting sync</dd><dt>Created On</dt><dd>Jan 15, 2025</dd>
        <dt>Last used</dt><dd>Oct 2, 2025</dd></dl><div><label>API Version</label><select><option>v12</option></select></div></div></div></main>"#;
    assert_eq!(
        verdicts(html, "en-US"),
        want(&[("V", "legacy", Some("2025-01-15"))])
    );
    // The legacy pair's Overview: one token per created pair, both in the card.
    let html = r#"<main><div class="view"><h1>Legacy Account Tokens</h1><div role="tabpanel"><dl><dt>Name</dt><dd>Legacy Account Tokens</dd>
        <dt>Created On (Read/Write)</dt><dd t="RW">Mar 12, 2024</dd><dt>Created On (Read-Only)</dt><dd t="RO">Aug 30, 2022</dd></dl></div></div></main>"#;
    assert_eq!(
        verdicts(html, "en-US"),
        want(&[
            ("RO", "legacy", Some("2022-08-30")),
            ("RW", "legacy", Some("2024-03-12"))
        ])
    );
}

#[test]
fn distractors_are_not_tokens() {
    // A filter labelled "Created On", a page date, a dashboard [More]: nothing.
    let html = format!(
        r#"<header><span>Last login: Jan 5, 2025</span></header><main><h1>Dashboard</h1>
        <div class="filters"><span>Created On</span><select><option>Last 7 days</option></select></div>
        {MORE}<p>Revenue</p></main>"#
    );
    assert_eq!(verdicts(&html, "en-US"), want(&[]));
    let html = format!(
        r#"<div class="filters"><label>Created On</label><select><option>Last 30 days</option></select></div>
        <div class="l"><div class="c" t="A"><a href="/x">A</a><p>Created: Jan 5, 2025</p><p>Expires: Jan 5, 2027</p>{MORE}</div>
        <div class="c" t="B"><a href="/y">B</a><p>Created: May 5, 2025</p>{MORE}</div></div>"#
    );
    assert_eq!(
        verdicts(&html, "en-US"),
        want(&[
            ("A", "legacy", Some("2025-01-05")),
            ("B", "current", Some("2025-05-05")),
        ])
    );
}

#[test]
fn shadow_roots_single_cards_and_never_a_guess() {
    let html = format!(
        r#"<token-list t="X"><#shadow><div class="l"><div class="c" t="A"><b>A</b> Created 1/3/2025 {MORE}</div>
        <div class="c" t="B"><b>B</b> Created 6/5/2025 {MORE}</div></div></#shadow></token-list>"#
    );
    // en without a region: 1/3 vs 3/1 are both legacy; 6/5 vs 5/6 both current (no certain date).
    assert_eq!(
        verdicts(&html, "en"),
        want(&[("A", "legacy", None), ("B", "current", None)])
    );
    // 3/4/2025: one reading before the cut-off, one after → unknown.
    let html = r#"<main><h2>Access Tokens</h2><div class="w"><div class="c" t="A"><h3>Only</h3><p>Created 03/04/2025</p>
        <input type="button" value="More"></div></div></main>"#;
    assert_eq!(verdicts(html, "en"), want(&[("A", "unknown", None)]));
    // A future creation date is impossible: unknown.
    let html = r#"<div class="c" t="A"><h3>T</h3><p>Created Jan 5, 2030</p></div>"#;
    assert_eq!(verdicts(html, "en-US"), want(&[("A", "unknown", None)]));
}

#[test]
fn decode_reads_the_dom_layers_encoding() {
    let enc = "e\u{1f}-1\u{1f}html\u{1f}\u{1f}\u{1f}\u{1f}0\u{1e}e\u{1f}0\u{1f}div\u{1f}\u{1f}c\u{1f}\u{1f}0\u{1e}t\u{1f}1\u{1f}Created: Jan 5, 2025\u{1e}bogus\u{1e}s\u{1f}1";
    let t = Tree::decode(enc);
    assert_eq!(t.nodes.len(), 4);
    assert_eq!(t.nodes[2].name, "Created: Jan 5, 2025");
    assert_eq!(t.nodes[3].kind, Kind::Shadow);
    let toks = find(&t, &lex(), Order::MonthFirst, d(2025, 4, 1), d(2026, 1, 1));
    assert_eq!(toks.len(), 1);
    assert_eq!(toks[0].el, 1);
    // Garbage never panics.
    for s in [
        "",
        "\u{1e}\u{1e}",
        "e\u{1f}5",
        "t\u{1f}99999999999\u{1f}x",
        "e\u{1f}0\u{1f}a",
    ] {
        let t = Tree::decode(s);
        let _ = find(&t, &lex(), Order::Unknown, d(2025, 4, 1), d(2026, 1, 1));
    }
}
