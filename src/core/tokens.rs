//! The token model (issue 9): which elements of a page are API tokens, and what each one says
//! about itself. Pure: the DOM layer hands in a small tree of plain facts (tags, roles, classes,
//! names of controls, text) and gets back, for each token, its element, its verdict and where
//! its badge goes.
//!
//! A token element is found from any of these signals:
//! - a "created" label with its value (one element, label + value elements, a label text node
//!   followed by its value, `dt`/`dd`, or a table/grid column headed "Created");
//! - a per-item [More] / kebab / overflow trigger (named in any language, or an icon glyph);
//! - the "Legacy Account Tokens" title (that card is the legacy token pair's element);
//! - the repeated shape of a list (a sibling shaped like known tokens).
//!
//! Each signal climbs from where it sits to the largest element holding no second signal of
//! the same kind: that is one item of a list (its siblings hold the other tokens). Alone on a
//! page it climbs only as far as its card (no second heading, no `main`). Facts are then read
//! inside the token's element only; conflicting or missing facts give Date unknown.
use super::dates::{self, Date, Order, Parsed};
use super::flags::{self, Verdict};
use super::text;

pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Element,
    Text,
    /// An open shadow root (its host is the parent).
    Shadow,
}

/// One node of the page, as the DOM layer saw it (pre-order: a node's subtree follows it).
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: u32,
    pub kind: Kind,
    /// Lower-case tag name (elements).
    pub tag: String,
    pub role: String,
    pub class: String,
    /// `aria-label`, else `title`, else a button-type input's `value`, else an image's `alt`
    /// (elements); the whitespace-collapsed text (text nodes).
    pub name: String,
    pub bits: u8,
}

/// `aria-haspopup` is set.
pub const POPUP: u8 = 1;
/// Carries `data-ltg-token` from an earlier pass.
pub const MARKED: u8 = 2;
/// `href` is set.
pub const HREF: u8 = 4;
/// A read-only `<input>` holding a value (its content is never read).
pub const VALUE: u8 = 8;
/// Carries `data-ltg-mask` from an earlier pass (see `core::mask`).
pub const MASKED: u8 = 16;

/// The page as a tree. Build it with [`Tree::decode`] (the DOM layer's encoding) or
/// [`Tree::push`].
#[derive(Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// One past the last node of each node's subtree.
    end: Vec<u32>,
}

impl Tree {
    /// Records separated by U+001E, fields by U+001F: `e parent tag role class name bits`,
    /// `t parent text`, `s parent`. Malformed records are skipped (with their subtrees'
    /// parents then pointing at nothing, which only loses those nodes).
    pub fn decode(enc: &str) -> Tree {
        let mut t = Tree::default();
        for rec in enc.split('\u{1e}') {
            let mut f = rec.split('\u{1f}');
            let kind = match f.next() {
                Some("e") => Kind::Element,
                Some("t") => Kind::Text,
                Some("s") => Kind::Shadow,
                _ => continue,
            };
            let parent = f
                .next()
                .and_then(|p| p.parse::<i64>().ok())
                .map_or(NONE, |p| if p < 0 { NONE } else { p as u32 });
            let mut n = Node {
                parent,
                kind,
                tag: String::new(),
                role: String::new(),
                class: String::new(),
                name: String::new(),
                bits: 0,
            };
            match kind {
                Kind::Element => {
                    n.tag = f.next().unwrap_or("").to_string();
                    n.role = f.next().unwrap_or("").trim().to_ascii_lowercase();
                    n.class = f.next().unwrap_or("").to_string();
                    n.name = f.next().unwrap_or("").to_string();
                    n.bits = f.next().and_then(|b| b.parse().ok()).unwrap_or(0);
                }
                Kind::Text => n.name = f.next().unwrap_or("").to_string(),
                Kind::Shadow => {}
            }
            t.push(n);
        }
        t.finish();
        t
    }

    /// Append a node (its parent must come before it).
    pub fn push(&mut self, n: Node) -> u32 {
        self.nodes.push(n);
        (self.nodes.len() - 1) as u32
    }

    /// Compute subtree ranges; call after the last push.
    pub fn finish(&mut self) {
        let len = self.nodes.len();
        // A parent that does not come before its child is dropped (it cannot be pre-order).
        for i in 0..len {
            let p = self.nodes[i].parent;
            if p != NONE && p as usize >= i {
                self.nodes[i].parent = NONE;
            }
        }
        self.end = (1..=len as u32).collect();
        for i in (0..len).rev() {
            let p = self.nodes[i].parent;
            if p != NONE {
                let e = self.end[i];
                if self.end[p as usize] < e {
                    self.end[p as usize] = e;
                }
            }
        }
    }

    /// One past the last node of `i`'s subtree.
    pub(crate) fn end_of(&self, i: u32) -> u32 {
        self.end[i as usize]
    }

    fn contains(&self, a: u32, b: u32) -> bool {
        a <= b && b < self.end[a as usize]
    }

    pub(crate) fn n(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    pub(crate) fn is_el(&self, i: u32) -> bool {
        self.n(i).kind == Kind::Element
    }

    pub(crate) fn parent(&self, i: u32) -> u32 {
        self.n(i).parent
    }

    pub(crate) fn children(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.end[i as usize];
        let mut k = i + 1;
        std::iter::from_fn(move || {
            if k >= end {
                return None;
            }
            let c = k;
            k = self.end[k as usize];
            Some(c)
        })
    }

    pub(crate) fn element_children(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        self.children(i).filter(move |&c| self.is_el(c))
    }

    /// Text of a subtree, space-joined, at most `max` bytes (cut at a char boundary).
    pub(crate) fn text(&self, i: u32, max: usize) -> String {
        let mut s = String::new();
        for k in i..self.end[i as usize] {
            let n = self.n(k);
            if n.kind == Kind::Text {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&n.name);
                if s.len() >= max {
                    let mut cut = max;
                    while !s.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    s.truncate(cut);
                    break;
                }
            }
        }
        s
    }

    fn has_text(&self, i: u32) -> bool {
        (i..self.end[i as usize]).any(|k| {
            let n = self.n(k);
            n.kind == Kind::Text && n.name.chars().any(char::is_alphanumeric)
        })
    }

    fn role_is(&self, i: u32, roles: &[&str]) -> bool {
        roles.contains(&self.n(i).role.as_str())
    }

    pub(crate) fn tag_is(&self, i: u32, tags: &[&str]) -> bool {
        self.is_el(i) && tags.contains(&self.n(i).tag.as_str())
    }

    fn is_heading(&self, i: u32) -> bool {
        self.tag_is(i, &["h1", "h2", "h3", "h4", "h5", "h6"]) || self.role_is(i, &["heading"])
    }

    fn is_rowish(&self, i: u32) -> bool {
        self.tag_is(i, &["tr", "li", "article"]) || self.role_is(i, &["row", "listitem", "article"])
    }

    fn is_header_cell(&self, i: u32) -> bool {
        self.tag_is(i, &["th"]) || self.role_is(i, &["columnheader"])
    }

    fn is_table(&self, i: u32) -> bool {
        self.tag_is(i, &["table"]) || self.role_is(i, &["table", "grid", "treegrid"])
    }

    fn is_row(&self, i: u32) -> bool {
        self.tag_is(i, &["tr"]) || self.role_is(i, &["row"])
    }

    fn is_form(&self, i: u32) -> bool {
        self.tag_is(i, &["input", "select", "textarea"])
            || self.role_is(i, &["combobox", "listbox", "textbox", "searchbox"])
    }

    fn is_buttonish(&self, i: u32) -> bool {
        let n = self.n(i);
        self.tag_is(i, &["button", "a", "input"])
            || self.role_is(i, &["button", "link"])
            || n.bits & POPUP != 0
    }

    /// Text here is never a token's label or title: form controls, menus, buttons, scripts.
    fn skips(&self, i: u32) -> bool {
        self.tag_is(
            i,
            &[
                "select", "option", "textarea", "label", "button", "input", "script", "style",
                "legend",
            ],
        ) || self.role_is(
            i,
            &[
                "option", "listbox", "menu", "menuitem", "menubar", "button", "tab", "tablist",
                "combobox",
            ],
        )
    }

    fn is_boundary(&self, i: u32) -> bool {
        self.tag_is(i, &["body", "html"])
    }

    fn is_landmark(&self, i: u32) -> bool {
        self.tag_is(i, &["main", "form", "nav", "header", "footer", "aside"])
            || self.role_is(
                i,
                &["main", "navigation", "banner", "contentinfo", "dialog"],
            )
    }

    fn headings_in(&self, i: u32) -> usize {
        (i..self.end[i as usize])
            .filter(|&k| self.is_heading(k))
            .count()
    }

    /// The name a control shows: its name attributes, else its text, else an image's name.
    fn control_name(&self, i: u32) -> String {
        let n = self.n(i);
        if !n.name.trim().is_empty() {
            return n.name.clone();
        }
        let t = self.text(i, 80);
        if !t.trim().is_empty() {
            return t;
        }
        (i + 1..self.end[i as usize])
            .map(|k| self.n(k))
            .find(|c| c.kind == Kind::Element && !c.name.trim().is_empty())
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    fn signature(&self, i: u32) -> (&str, &str, &str) {
        let n = self.n(i);
        (&n.tag, &n.class, &n.role)
    }
}

/// The labels the model reads, normalised (see [`text::normalize`]).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub created: Vec<String>,
    pub title: Vec<String>,
    pub more: Vec<String>,
    /// Words that say "this is a token page" (Enable Legacy Tokens, Auth Token…).
    pub page: Vec<String>,
}

impl Lexicon {
    pub fn from_pack(pack: &super::guide::Pack) -> Lexicon {
        let mut more = pack.labels_norm("more");
        more.extend(pack.labels_norm("overflow"));
        let mut page = Vec::new();
        for k in [
            "enable-legacy",
            "platform-rest",
            "auth-token",
            "account-sid",
            "api-credentials",
        ] {
            page.extend(pack.labels_norm(k));
        }
        Lexicon {
            created: pack.labels_norm("created"),
            title: pack.labels_norm("legacy-account-tokens"),
            more,
            page,
        }
    }
}

/// Icon glyphs used alone as an overflow trigger.
const KEBABS: &[&str] = &["⋮", "⋯", "…", "...", "︙", "•••", "···", "⁝", "⠇"];

fn is_more(name: &str, lex: &Lexicon) -> bool {
    let t = name.trim();
    if KEBABS.contains(&t) {
        return true;
    }
    let n = text::normalize(t);
    !n.is_empty() && lex.more.contains(&n)
}

/// Where a token's badge goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// As the next sibling of this node (the token's name).
    After(u32),
    /// As the last child of this element.
    Append(u32),
}

/// One token found on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub el: u32,
    pub verdict: Verdict,
    pub place: Place,
    /// Its name as the page shows it (its heading, link or first text; empty if none is
    /// readable, never key-like text).
    pub name: String,
}

/// One created label and its value.
#[derive(Debug, Clone)]
struct Pair {
    /// Where the pair sits (the label's element; the row for a table column).
    at: u32,
    value: Option<String>,
    value_el: Option<u32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sig {
    Created = 0,
    More = 1,
    Title = 2,
}

struct Seed {
    at: u32,
    sig: Sig,
}

/// Does this page show tokens at all? Its path names a token page, or its text says so.
pub fn is_token_page(tree: &Tree, lex: &Lexicon, path: &str) -> bool {
    if super::page::is_token_path(path) {
        return true;
    }
    tree.nodes.iter().any(|n| {
        n.kind == Kind::Text && n.name.len() <= 80 && {
            let t = text::normalize(&n.name);
            lex.title.iter().chain(&lex.page).any(|l| *l == t)
        }
    })
}

/// Every token of the tree with its verdict. `order` reads numeric dates; a creation date after
/// `today` is impossible and reads as none.
pub fn find(tree: &Tree, lex: &Lexicon, order: Order, cutoff: Date, today: Date) -> Vec<Token> {
    let len = tree.nodes.len();
    if len == 0 {
        return Vec::new();
    }
    // Inherited "text here is never a label" flag.
    let mut skipped = vec![false; len];
    for i in 0..len {
        let p = tree.nodes[i].parent;
        skipped[i] = (p != NONE && skipped[p as usize]) || tree.skips(i as u32);
    }

    let (pairs, mut seeds) = gather(tree, lex, &skipped);

    // Signal counts per subtree, by kind.
    let mut counts = vec![[0u32; 3]; len];
    for s in &seeds {
        counts[s.at as usize][s.sig as usize] += 1;
    }
    for i in (0..len).rev() {
        let p = tree.nodes[i].parent;
        if p != NONE {
            let c = counts[i];
            for (k, v) in c.iter().enumerate() {
                counts[p as usize][k] += v;
            }
        }
    }
    // Climb while every counted kind stays single. Returns the top and whether a sibling's
    // signal stopped it (the top is then one item of a list).
    let climb = |from: u32, respect: [bool; 3]| -> (u32, bool) {
        let mut cur = from;
        loop {
            let p = tree.parent(cur);
            if p == NONE || tree.is_boundary(p) {
                return (cur, false);
            }
            if (0..3).any(|k| respect[k] && counts[p as usize][k] >= 2) {
                return (cur, true);
            }
            cur = p;
        }
    };
    // The element for one signal.
    let resolve = |from: u32, top: u32, sib: bool| -> u32 {
        let mut top = top;
        if tree.n(top).kind == Kind::Shadow {
            top = tree.parent(top);
        }
        let mut row = None;
        let mut x = from;
        loop {
            if tree.is_rowish(x) {
                row = Some(x);
            }
            if x == top || tree.parent(x) == NONE {
                break;
            }
            x = tree.parent(x);
        }
        if let Some(r) = row {
            return r;
        }
        if sib {
            return top;
        }
        shrink(tree, from, top)
    };

    struct Tok {
        el: u32,
        title: bool,
        weak: bool,
    }
    let mut toks: Vec<Tok> = Vec::new();
    let mut regions: Vec<u32> = Vec::new();
    let corroborated = seeds.iter().any(|s| s.sig != Sig::More);

    // [More] triggers first: the element a [More] acts on is the token (created labels inside
    // it are its facts, even two of them, e.g. the legacy pair's Read/Write and Read-Only rows).
    super::sort::by_key(&mut seeds, |s| match s.sig {
        Sig::More => 0,
        Sig::Title => 1,
        Sig::Created => 2,
    });
    // Which token covers each node (index + 1; 0 = none): tokens never nest, so every lookup
    // below is one read, and the whole pass stays linear in the page.
    let mut cover = vec![0u32; len];
    let holds_token = |cover: &[u32], el: u32| {
        cover[el as usize..tree.end[el as usize] as usize]
            .iter()
            .any(|&c| c != 0)
    };
    let mut pair_at = vec![u32::MAX; len];
    for (k, p) in pairs.iter().enumerate() {
        pair_at[p.at as usize] = k as u32;
    }
    for s in &seeds {
        let at = s.at;
        if let Some(k) = (cover[at as usize] as usize).checked_sub(1) {
            // Already inside a token: a fact of that token. A title marks it legacy.
            if s.sig == Sig::Title {
                toks[k].title = true;
            }
            continue;
        }
        let before = toks.len();
        match s.sig {
            Sig::More => {
                let (top, sib) = climb(at, [false, true, true]);
                let el = resolve(at, top, sib);
                let c = counts[el as usize];
                let title = c[Sig::Title as usize] >= 1;
                // A menu over several dated items is a list's menu, not a token's.
                if c[Sig::Created as usize] >= 2 && !title {
                    continue;
                }
                let facts = c[Sig::Created as usize] >= 1 || title;
                if !(facts || sib && corroborated) {
                    continue;
                }
                if holds_token(&cover, el) {
                    continue;
                }
                toks.push(Tok {
                    el,
                    title,
                    weak: false,
                });
            }
            Sig::Title => {
                let (top, sib) = climb(at, [true, true, true]);
                let top = if tree.n(top).kind == Kind::Shadow {
                    tree.parent(top)
                } else {
                    top
                };
                let title_only = {
                    let all = text::normalize(&tree.text(top, 200));
                    lex.title.contains(&all)
                };
                // A heading over the legacy pair (at most two tokens beside it, shaped unlike
                // them): everything under its parent is in the card. Beside a list of other
                // tokens, or shaped like them, it is a card of its own (membership never leaks
                // to neighbours).
                let parent = tree.parent(top);
                let pair_beside = parent != NONE && {
                    let (pc, tc) = (counts[parent as usize], counts[top as usize]);
                    let others = |k: Sig| pc[k as usize] - tc[k as usize];
                    others(Sig::Created) + others(Sig::More) > 0
                        && others(Sig::Created) <= 2
                        && others(Sig::More) <= 2
                };
                let like_sibling = parent != NONE
                    && tree.element_children(parent).any(|c| {
                        c != top
                            && counts[c as usize].iter().sum::<u32>() > 0
                            && similar(tree, c, top)
                    });
                if pair_beside && (title_only || !like_sibling) {
                    // A heading over the legacy tokens: everything under its parent is in the card.
                    regions.push(parent);
                    continue;
                }
                let el = resolve(at, top, sib);
                if holds_token(&cover, el) {
                    continue;
                }
                toks.push(Tok {
                    el,
                    title: true,
                    weak: false,
                });
            }
            Sig::Created => {
                let (top, sib) = climb(at, [true, true, true]);
                let mut el = resolve(at, top, sib);
                if el == at && !tree.is_rowish(el) {
                    // Several tokens share one container: the pair's value stands for its token.
                    let k = pair_at[at as usize];
                    if let Some(v) = pairs.get(k as usize).and_then(|p| p.value_el) {
                        el = v;
                    }
                }
                if holds_token(&cover, el) {
                    continue;
                }
                toks.push(Tok {
                    el,
                    title: false,
                    weak: false,
                });
            }
        }
        if let Some(t) = toks.get(before) {
            let (a, b) = (t.el as usize, tree.end[t.el as usize] as usize);
            cover[a..b].fill(before as u32 + 1);
        }
    }

    // The repeated shape of a list: siblings shaped like two or more known tokens are tokens.
    let mut extra = Vec::new();
    let mut lists: Vec<u32> = toks
        .iter()
        .map(|t| tree.parent(t.el))
        .filter(|&p| p != NONE)
        .collect();
    super::sort::natural(&mut lists);
    lists.dedup();
    for p in lists {
        let members: Vec<u32> = toks
            .iter()
            .filter(|t| tree.parent(t.el) == p)
            .map(|t| t.el)
            .collect();
        // Values standing for their token (a flat `dl`) are no list items.
        if members.len() < 2
            || members.iter().any(|&m| {
                tree.tag_is(m, &["dd", "dt", "td", "th"]) || tree.role_is(m, &["cell", "gridcell"])
            })
        {
            continue;
        }
        let mut shapes: Vec<(&str, &str, &str)> =
            members.iter().map(|&m| tree.signature(m)).collect();
        super::sort::natural(&mut shapes);
        shapes.dedup();
        for c in tree.element_children(p) {
            if cover[c as usize] != 0
                || counts[c as usize].iter().sum::<u32>() > 0
                || !tree.has_text(c)
                || (c..tree.end[c as usize]).any(|k| tree.is_header_cell(k))
                || tree.is_heading(c)
            {
                continue;
            }
            if shapes.binary_search(&tree.signature(c)).is_ok() {
                extra.push(Tok {
                    el: c,
                    title: false,
                    weak: true,
                });
            }
        }
    }
    // Each created pair belongs to the token covering its label (or standing for its value).
    let mut mine: Vec<Vec<usize>> = vec![Vec::new(); toks.len()];
    for (k, p) in pairs.iter().enumerate() {
        let owner = [Some(p.at), p.value_el]
            .into_iter()
            .flatten()
            .find_map(|n| (cover[n as usize] as usize).checked_sub(1));
        if let Some(t) = owner {
            mine[t].push(k);
        }
    }
    toks.extend(extra);
    mine.resize(toks.len(), Vec::new());
    let mut order_: Vec<usize> = (0..toks.len()).collect();
    super::sort::by_key(&mut order_, |&i| toks[i].el);

    order_
        .into_iter()
        .map(|i| {
            let t = &toks[i];
            let in_card = t.title || regions.iter().any(|&r| tree.contains(r, t.el));
            let mine: Vec<&Pair> = if t.weak {
                Vec::new()
            } else {
                mine[i].iter().map(|&k| &pairs[k]).collect()
            };
            let parsed = combine(&mine, order, today);
            let verdict = flags::decide_parsed(parsed, in_card, cutoff);
            let place = place(tree, t.el, &mine, &skipped);
            Token {
                el: t.el,
                verdict,
                name: name_at(tree, t.el, place),
                place,
            }
        })
        .collect()
}

/// The created values of one token as one fact: none, one date, or a conflict (none).
fn combine(pairs: &[&Pair], order: Order, today: Date) -> Parsed {
    let mut out: Option<Parsed> = None;
    for p in pairs {
        let Some(v) = p.value.as_deref() else {
            continue;
        };
        let mut got = dates::parse(v, order);
        // A creation date after today cannot be one.
        got = match got {
            Parsed::Date(d) if d > today => Parsed::Unreadable,
            Parsed::Ambiguous(a, b) if a > today && b > today => Parsed::Unreadable,
            Parsed::Ambiguous(a, b) if a > today => Parsed::Date(b),
            Parsed::Ambiguous(a, b) if b > today => Parsed::Date(a),
            g => g,
        };
        if got == Parsed::Unreadable {
            continue;
        }
        match &out {
            None => out = Some(got),
            Some(o) if *o == got => {}
            Some(_) => return Parsed::Unreadable,
        }
    }
    out.unwrap_or(Parsed::Unreadable)
}

/// No sibling stopped the climb: grow from the signal to its card — stop before `main` and the
/// like, and before a second heading comes in. Wrappers of a single element shrink back.
fn shrink(tree: &Tree, from: u32, top: u32) -> u32 {
    let mut cur = from;
    let mut heads = tree.headings_in(cur);
    while cur != top {
        let p = tree.parent(cur);
        if p == NONE || tree.is_landmark(p) || tree.is_boundary(p) {
            break;
        }
        if tree.n(p).kind == Kind::Shadow {
            cur = p;
            continue;
        }
        let h = tree.headings_in(p);
        // A heading coming in is the token's name, unless the token already has one or is
        // already a whole item (text beside its own [More]): then it heads a section.
        if h > heads && (heads >= 1 || item_like(tree, cur)) || h >= 2 {
            break;
        }
        cur = p;
        heads = h;
    }
    if tree.n(cur).kind == Kind::Shadow {
        cur = tree.parent(cur);
    }
    // Down through wrappers whose only content is one element on the way to the signal.
    loop {
        let kids: Vec<u32> = tree.children(cur).collect();
        let els: Vec<u32> = kids.iter().copied().filter(|&k| tree.is_el(k)).collect();
        let own_text = kids.iter().any(|&k| tree.n(k).kind == Kind::Text);
        if els.len() == 1 && !own_text && tree.contains(els[0], from) && els[0] != from {
            cur = els[0];
        } else {
            break;
        }
    }
    cur
}

/// Same tag, role and first class: items of one list.
fn similar(tree: &Tree, a: u32, b: u32) -> bool {
    let (na, nb) = (tree.n(a), tree.n(b));
    na.tag == nb.tag
        && na.role == nb.role
        && na.class.split_whitespace().next() == nb.class.split_whitespace().next()
}

/// Text beside a control of its own: a row with its actions.
fn item_like(tree: &Tree, i: u32) -> bool {
    let range = i..tree.end[i as usize];
    let mut in_control = vec![];
    let mut control = false;
    let mut text = false;
    for k in range {
        while in_control.last().is_some_and(|&e| k >= e) {
            in_control.pop();
        }
        if tree.is_el(k) && tree.is_buttonish(k) && !tree.tag_is(k, &["a"]) {
            control = true;
            in_control.push(tree.end[k as usize]);
        } else if in_control.is_empty() {
            let n = tree.n(k);
            text |= n.kind == Kind::Text && n.name.chars().any(char::is_alphanumeric);
        }
    }
    control && text
}

/// Next to the token's name: its heading (or the heading's link), else its first link, else
/// in a row the created value's cell (else the first cell with text), else after the first
/// piece of text that is not a label, else at its end.
fn place(tree: &Tree, el: u32, pairs: &[&Pair], skipped: &[bool]) -> Place {
    // Inside the token, never the token itself (the badge must be within its element).
    let range = el + 1..tree.end[el as usize];
    let ok = |k: u32| !skipped[k as usize];
    if let Some(h) = range.clone().find(|&k| tree.is_heading(k) && ok(k)) {
        let link = (h..tree.end[h as usize])
            .find(|&k| tree.n(k).bits & HREF != 0 || tree.role_is(k, &["link"]));
        return Place::After(link.unwrap_or(h));
    }
    if let Some(a) = range.clone().find(|&k| {
        ok(k) && tree.is_el(k) && (tree.n(k).bits & HREF != 0 || tree.role_is(k, &["link"]))
    }) {
        return Place::After(a);
    }
    if tree.is_row(el) {
        if let Some(v) = pairs.iter().find_map(|p| p.value_el) {
            return Place::Append(v);
        }
        if let Some(c) = tree.element_children(el).find(|&c| tree.has_text(c)) {
            return Place::Append(c);
        }
    }
    if !tree.is_el(el) || tree.tag_is(el, &["dd"]) {
        return Place::Append(el);
    }
    let is_label_text = |k: u32| {
        let p = tree.parent(k);
        pairs.iter().any(|pr| pr.at == p)
    };
    if let Some(t) = range.clone().find(|&k| {
        let n = tree.n(k);
        n.kind == Kind::Text
            && ok(k)
            && n.name.chars().any(char::is_alphanumeric)
            && !is_label_text(k)
            && tree.parent(k) != el
    }) {
        return Place::After(t);
    }
    Place::Append(el)
}

/// A token's name: where its badge goes is next to it (heading, link, first text), or in a row
/// its first cell with text.
fn name_at(tree: &Tree, el: u32, at: Place) -> String {
    let text = |i: u32| match tree.n(i).kind {
        Kind::Text => tree.n(i).name.clone(),
        _ => tree.text(i, 120),
    };
    let raw = match at {
        Place::After(i) => text(i),
        Place::Append(_) if tree.is_row(el) => tree
            .element_children(el)
            .find(|&c| tree.has_text(c))
            .map(text)
            .unwrap_or_default(),
        Place::Append(_) => String::new(),
    };
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > 80 || name.contains(super::mask::KEY_MARK) {
        return String::new();
    }
    name
}

/// The value shown for a label anywhere on the page ("Account ID: 4242", a `dt`/`dd` pair, a
/// label element and the element after it): the first one found, at most 80 characters, never
/// key-like text.
pub fn label_value(tree: &Tree, labels: &[String]) -> Option<String> {
    for t in 0..tree.nodes.len() as u32 {
        let n = tree.n(t);
        if n.kind != Kind::Text {
            continue;
        }
        let p = n.parent;
        if p == NONE || !tree.is_el(p) {
            continue;
        }
        let Some(rest) = flags::strip_label(&n.name, labels) else {
            continue;
        };
        let value = pair_for(tree, t, p, rest).and_then(|pair| pair.value);
        let value = value.map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "));
        if let Some(v) = value.filter(|v| {
            !v.is_empty() && v.chars().count() <= 80 && !v.contains(super::mask::KEY_MARK)
        }) {
            return Some(v);
        }
    }
    None
}

/// Created pairs, and the seeds of every signal.
fn gather(tree: &Tree, lex: &Lexicon, skipped: &[bool]) -> (Vec<Pair>, Vec<Seed>) {
    let mut pairs = Vec::new();
    let mut seeds = Vec::new();
    let mut tables: Vec<u32> = Vec::new();
    for i in 0..tree.nodes.len() as u32 {
        let n = tree.n(i);
        match n.kind {
            Kind::Text => {
                let p = n.parent;
                if p == NONE || !tree.is_el(p) || skipped[p as usize] {
                    continue;
                }
                if n.name.len() <= 80 && {
                    let t = text::normalize(&n.name);
                    lex.title.contains(&t)
                } {
                    seeds.push(Seed {
                        at: p,
                        sig: Sig::Title,
                    });
                    continue;
                }
                let Some(rest) = flags::strip_label(&n.name, &lex.created) else {
                    continue;
                };
                // A column header: every row of its table has its value in that column.
                let head = [p, tree.parent(p)]
                    .into_iter()
                    .find(|&h| h != NONE && tree.is_header_cell(h));
                if let Some(h) = head {
                    if !rest.is_empty() {
                        continue;
                    }
                    let mut t = h;
                    while t != NONE && !tree.is_table(t) {
                        t = tree.parent(t);
                    }
                    if t == NONE || tables.contains(&t) {
                        continue;
                    }
                    tables.push(t);
                    let col = tree
                        .element_children(tree.parent(h))
                        .position(|c| c == h)
                        .unwrap_or(0);
                    for r in t..tree.end[t as usize] {
                        if !tree.is_row(r)
                            || (r..tree.end[r as usize]).any(|k| tree.is_header_cell(k))
                            || in_tag(tree, r, t, "thead")
                        {
                            continue;
                        }
                        let cell = tree.element_children(r).nth(col);
                        let value = cell
                            .map(|c| tree.text(c, 200))
                            .filter(|v| !v.trim().is_empty());
                        pairs.push(Pair {
                            at: r,
                            value,
                            value_el: cell,
                        });
                        seeds.push(Seed {
                            at: r,
                            sig: Sig::Created,
                        });
                    }
                    continue;
                }
                if let Some(pair) = pair_for(tree, i, p, rest) {
                    pairs.push(pair);
                    seeds.push(Seed {
                        at: p,
                        sig: Sig::Created,
                    });
                }
            }
            Kind::Element => {
                let p = n.parent;
                if p != NONE && skipped[p as usize] {
                    continue;
                }
                if tree.is_buttonish(i)
                    && !tree.tag_is(i, &["select", "textarea"])
                    && (is_more(&tree.control_name(i), lex) || is_more(&tree.text(i, 16), lex))
                {
                    seeds.push(Seed {
                        at: i,
                        sig: Sig::More,
                    });
                }
            }
            Kind::Shadow => {}
        }
    }
    // One title per element (a title split over text nodes counts once).
    seeds.dedup_by(|a, b| a.at == b.at && a.sig == b.sig);
    (pairs, seeds)
}

fn in_tag(tree: &Tree, from: u32, stop: u32, tag: &str) -> bool {
    let mut x = tree.parent(from);
    while x != NONE && x != stop {
        if tree.tag_is(x, &[tag]) {
            return true;
        }
        x = tree.parent(x);
    }
    false
}

/// The value of a created label (text node `t` in element `p`, `rest` after the label).
fn pair_for(tree: &Tree, t: u32, p: u32, rest: &str) -> Option<Pair> {
    if !rest.is_empty() && !tree.tag_is(p, &["dt"]) {
        return Some(Pair {
            at: p,
            value: Some(rest.to_string()),
            value_el: None,
        });
    }
    // The label is a text node followed by its value inside the same element.
    let after: Vec<u32> = tree.children(p).skip_while(|&c| c != t).skip(1).collect();
    let after_text: String = after
        .iter()
        .map(|&c| match tree.n(c).kind {
            Kind::Text => tree.n(c).name.clone(),
            _ => tree.text(c, 200),
        })
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !after_text.trim().is_empty() {
        if after.iter().any(|&c| form_in(tree, c)) {
            return None;
        }
        return Some(Pair {
            at: p,
            value: (!flags::starts_with_label(&after_text)).then_some(after_text),
            value_el: after.iter().copied().find(|&c| tree.is_el(c)),
        });
    }
    // Else the element after the label (or after the label's only-child wrapper).
    let next_el = |x: u32| -> Option<u32> {
        let par = tree.parent(x);
        if par == NONE {
            return None;
        }
        tree.element_children(par).skip_while(|&c| c != x).nth(1)
    };
    let is_dt = tree.tag_is(p, &["dt"]);
    let mut sib = next_el(p);
    if sib.is_none() {
        let par = tree.parent(p);
        if par != NONE && tree.element_children(par).count() == 1 {
            sib = next_el(par);
        }
    }
    if is_dt && sib.is_some_and(|s| !tree.tag_is(s, &["dd"])) {
        sib = None;
    }
    if sib.is_some_and(|s| form_in(tree, s)) {
        return None;
    }
    let value = sib
        .map(|s| tree.text(s, 200))
        .filter(|v| !v.trim().is_empty() && !flags::starts_with_label(v));
    Some(Pair {
        at: p,
        value,
        value_el: sib,
    })
}

fn form_in(tree: &Tree, i: u32) -> bool {
    (i..tree.end[i as usize]).any(|k| tree.is_form(k))
}

#[cfg(test)]
mod tests;
