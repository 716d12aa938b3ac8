//! Guide packs (data) and the walkthrough's step state machine. Pure: the page's facts come in
//! as answers to [`Prim`] questions, so every decision is tested natively.
use super::json::{self, Json};
use super::map::Map;
use super::text;

/// The shipped pack (`extension/guides/pack.json`): labels, UI messages, facts and steps.
#[derive(Debug, Clone)]
pub struct Pack {
    pub schema: u32,
    /// Label key → the label in every language (matched after [`text::normalize`]).
    pub labels: Map<Vec<String>>,
    /// Language → message key → text. The source pack holds every language; the shipped one
    /// holds none, and the core adds the one it speaks ([`Pack::add_messages`]).
    pub messages: Map<Map<String>>,
    /// The UI languages the pack speaks (`langs`, else the languages of `messages`).
    pub langs: Vec<String>,
    /// Named page facts, built from primitives and combinators.
    pub facts: Map<Fact>,
    /// Account type ("agency", "brand", "partner") → its steps in order.
    pub guides: Map<Vec<Step>>,
}

/// How to find one control by meaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    /// Label key: the accessible name or visible text, in any language.
    pub labels: String,
    /// Preferred ARIA roles (explicit or implicit); an element with one of them wins a tie.
    pub roles: Vec<String>,
    /// Also match non-interactive text (headings, labels), not only controls.
    pub text: bool,
    /// Search only inside the region headed by this label key (e.g. the legacy card).
    pub within: Option<String>,
    /// Several equal matches are fine (any token card's [More]); take the first.
    pub first: bool,
    /// Last-resort CSS selectors (the app's `data-testid="uicl-*"` conventions).
    pub css: Vec<String>,
}

/// A page fact. Primitives are answered by the DOM layer; the rest is decided here.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// A visible control (or text) matching the target exists.
    Visible(Target),
    /// The URL path contains one of these strings (case-insensitive).
    Path(Vec<String>),
    /// The URL hash contains one of these strings.
    Hash(Vec<String>),
    All(Vec<String>),
    Any(Vec<String>),
    Not(String),
}

/// A question for the DOM layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Prim<'a> {
    Visible(&'a Target),
    Path(&'a [String]),
    Hash(&'a [String]),
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    /// What to spotlight; None for a text-only step.
    pub target: Option<Target>,
    /// Fact that proves the step done; None means the user acknowledges it with Next.
    pub done: Option<String>,
    /// Done as soon as any later step is proven done (navigation steps).
    pub implied: bool,
}

impl Target {
    fn from_json(v: &Json) -> Result<Target, String> {
        Ok(Target {
            labels: v
                .get("labels")
                .str()
                .ok_or("a target without labels")?
                .to_string(),
            roles: v.strings("roles"),
            text: v.flag("text"),
            within: v.opt_string("within"),
            first: v.flag("first"),
            css: v.strings("css"),
        })
    }
}

impl Fact {
    /// `{"visible": target}`, `{"path": [..]}`, `{"hash": [..]}`, `{"all": [..]}`,
    /// `{"any": [..]}` or `{"not": "fact"}`.
    fn from_json(v: &Json) -> Result<Fact, String> {
        let [(k, x)] = v.obj().unwrap_or_default() else {
            return Err("a fact is an object with one key".into());
        };
        Ok(match k.as_str() {
            "visible" => Fact::Visible(Target::from_json(x)?),
            "path" => Fact::Path(json::strings(x)),
            "hash" => Fact::Hash(json::strings(x)),
            "all" => Fact::All(json::strings(x)),
            "any" => Fact::Any(json::strings(x)),
            "not" => Fact::Not(x.str().ok_or("not: a fact name")?.to_string()),
            other => return Err(format!("unknown fact kind '{other}'")),
        })
    }
}

impl Pack {
    fn insert_messages(&mut self, lang: &str, m: &Json) {
        let m = m.obj().unwrap_or_default().iter();
        let m = m.filter_map(|(k, t)| Some((k.clone(), t.str()?.to_string())));
        self.messages.insert(lang.to_string(), m.collect());
    }

    /// Add one language's messages (`guides/messages-<lang>.json`, key → text), as shipped
    /// beside a pack without messages (`build.sh` splits them: a frame needs one language).
    pub fn add_messages(&mut self, lang: &str, text: &str) -> Result<(), String> {
        let v = json::parse(text).map_err(|e| e.0.to_string())?;
        if v.obj().is_none() {
            return Err(format!("messages-{lang}: not an object"));
        }
        self.insert_messages(lang, &v);
        Ok(())
    }

    /// The pack as shipped in the extension: everything but the messages, with `langs`; and
    /// each language's messages on their own (see [`Pack::add_messages`]). Input: the source
    /// pack's JSON text.
    pub fn split(text: &str) -> Result<(String, Vec<(String, String)>), String> {
        let v = json::parse(text).map_err(|e| e.0.to_string())?;
        let obj = v.obj().ok_or("the pack is not an object")?;
        let messages = v
            .get("messages")
            .obj()
            .ok_or("'messages' is not an object")?;
        let mut rest: Vec<(String, Json)> = obj
            .iter()
            .filter(|(k, _)| k != "messages")
            .cloned()
            .collect();
        let langs = messages.iter().map(|(l, _)| Json::Str(l.clone())).collect();
        rest.push(("langs".into(), Json::Arr(langs)));
        let per = messages
            .iter()
            .map(|(l, m)| (l.clone(), m.write()))
            .collect();
        Ok((Json::Obj(rest).write(), per))
    }

    /// Read the pack's JSON text. Errors say what is wrong (the pack is our own data).
    pub fn parse(text: &str) -> Result<Pack, String> {
        let v = json::parse(text).map_err(|e| e.0.to_string())?;
        let map = |key: &str| -> Result<&[(String, Json)], String> {
            v.get(key)
                .obj()
                .ok_or_else(|| format!("'{key}' is not an object"))
        };
        let mut pack = Pack {
            schema: v.get("schema").num().unwrap_or(0.0) as u32,
            labels: Map::new(),
            messages: Map::new(),
            langs: json::strings(v.get("langs")),
            facts: Map::new(),
            guides: Map::new(),
        };
        for (k, l) in map("labels")? {
            pack.labels.insert(k.clone(), json::strings(l));
        }
        for (lang, m) in v.get("messages").obj().unwrap_or_default() {
            pack.insert_messages(lang, m);
            if !pack.langs.contains(lang) {
                pack.langs.push(lang.clone());
            }
        }
        for (k, f) in map("facts")? {
            let f = Fact::from_json(f).map_err(|e| format!("fact {k}: {e}"))?;
            pack.facts.insert(k.clone(), f);
        }
        for (acct, steps) in map("guides")? {
            let mut out = Vec::new();
            for s in steps.arr().unwrap_or_default() {
                let target = match s.get("target") {
                    Json::Null => None,
                    t => Some(Target::from_json(t).map_err(|e| format!("{acct}: {e}"))?),
                };
                out.push(Step {
                    id: s.get("id").str().ok_or("a step without id")?.to_string(),
                    target,
                    done: s.opt_string("done"),
                    implied: s.flag("implied"),
                });
            }
            pack.guides.insert(acct.clone(), out);
        }
        Ok(pack)
    }

    /// Evaluate a named fact; unknown names and cycles are false (bad data never panics).
    pub fn fact(&self, name: &str, prim: &mut dyn FnMut(Prim) -> bool) -> bool {
        self.fact_depth(name, prim, 0)
    }

    fn fact_depth(&self, name: &str, prim: &mut dyn FnMut(Prim) -> bool, depth: u8) -> bool {
        if depth > 8 {
            return false;
        }
        let Some(f) = self.facts.get(name) else {
            return false;
        };
        match f {
            Fact::Visible(t) => prim(Prim::Visible(t)),
            Fact::Path(p) => prim(Prim::Path(p)),
            Fact::Hash(h) => prim(Prim::Hash(h)),
            Fact::All(v) => v.iter().all(|n| self.fact_depth(n, prim, depth + 1)),
            Fact::Any(v) => v.iter().any(|n| self.fact_depth(n, prim, depth + 1)),
            Fact::Not(n) => !self.fact_depth(n, prim, depth + 1),
        }
    }

    /// The label strings of a key, normalised for matching.
    pub fn labels_norm(&self, key: &str) -> Vec<String> {
        self.labels
            .get(key)
            .map(|v| v.iter().map(|s| text::normalize(s)).collect())
            .unwrap_or_default()
    }

    /// Problems a pack author should hear about (unknown facts, labels, duplicate ids).
    pub fn check(&self) -> Vec<String> {
        let mut errs = Vec::new();
        let label = |k: &str, errs: &mut Vec<String>, at: &str| {
            if !self.labels.contains_key(k) {
                errs.push(format!("{at}: unknown label key '{k}'"));
            }
        };
        for (name, f) in &self.facts {
            match f {
                Fact::Visible(t) => {
                    label(&t.labels, &mut errs, name);
                    if let Some(w) = &t.within {
                        label(w, &mut errs, name);
                    }
                }
                Fact::All(v) | Fact::Any(v) => {
                    for n in v {
                        if !self.facts.contains_key(n) {
                            errs.push(format!("fact {name}: unknown fact '{n}'"));
                        }
                    }
                }
                Fact::Not(n) if !self.facts.contains_key(n) => {
                    errs.push(format!("fact {name}: unknown fact '{n}'"))
                }
                _ => {}
            }
        }
        for (acct, steps) in &self.guides {
            let mut seen = Vec::new();
            for s in steps {
                if seen.contains(&&s.id) {
                    errs.push(format!("{acct}: duplicate step '{}'", s.id));
                }
                seen.push(&s.id);
                if let Some(d) = &s.done {
                    if !self.facts.contains_key(d) {
                        errs.push(format!("{acct}/{}: unknown fact '{d}'", s.id));
                    }
                }
                if let Some(t) = &s.target {
                    label(&t.labels, &mut errs, &s.id);
                }
                for k in ["title", "body"] {
                    let key = format!("step.{}.{k}", s.id);
                    if !self
                        .messages
                        .get("en")
                        .is_some_and(|m| m.contains_key(&key))
                    {
                        errs.push(format!("{acct}/{}: no English message '{key}'", s.id));
                    }
                }
            }
        }
        super::sort::natural(&mut errs);
        errs
    }
}

/// Walkthrough progress as stored (`ltg.guide`); unknown or bad fields fall back to defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub schema: u32,
    /// The walkthrough is running (popover shown).
    pub active: bool,
    /// "Don't show again": no launcher in the page.
    pub dismissed: bool,
    /// Account type the progress belongs to.
    pub account: Option<String>,
    /// Step ids proven done (or acknowledged).
    pub done: Vec<String>,
    /// The step being shown.
    pub current: Option<String>,
    /// The user went Back onto a finished step: do not auto-advance off it.
    pub pinned: bool,
}

pub const SCHEMA: u32 = 1;

impl Progress {
    /// Read stored progress; wrong-typed fields fall back to their defaults.
    pub fn from_json(v: &Json) -> Progress {
        Progress {
            schema: v.get("schema").num().unwrap_or(0.0) as u32,
            active: v.flag("active"),
            dismissed: v.flag("dismissed"),
            account: v.opt_string("account"),
            done: v.strings("done"),
            current: v.opt_string("current"),
            pinned: v.flag("pinned"),
        }
    }

    pub fn to_json(&self) -> Json {
        json::obj([
            ("schema", f64::from(self.schema).into()),
            ("active", self.active.into()),
            ("dismissed", self.dismissed.into()),
            ("account", self.account.clone().into()),
            ("done", self.done.clone().into()),
            ("current", self.current.clone().into()),
            ("pinned", self.pinned.into()),
        ])
    }
}

/// What the popover shows for the current step.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub index: usize,
    pub total: usize,
    pub step_done: bool,
    /// Earlier steps not proven done (skipping ahead is allowed; we say what is missing).
    pub missing_before: Vec<usize>,
    /// Every step is done.
    pub finished: bool,
}

pub struct Machine<'a> {
    pub steps: &'a [Step],
}

impl<'a> Machine<'a> {
    pub fn new(steps: &'a [Step]) -> Self {
        Machine { steps }
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn current_index(&self, p: &Progress) -> usize {
        p.current
            .as_deref()
            .and_then(|id| self.index_of(id))
            .unwrap_or_else(|| self.first_open(p, 0).unwrap_or(0))
    }

    fn is_done(&self, p: &Progress, i: usize) -> bool {
        p.done.iter().any(|d| *d == self.steps[i].id)
    }

    fn first_open(&self, p: &Progress, from: usize) -> Option<usize> {
        (from..self.steps.len()).find(|&i| !self.is_done(p, i))
    }

    fn mark(&self, p: &mut Progress, i: usize) -> bool {
        if self.is_done(p, i) {
            return false;
        }
        p.done.push(self.steps[i].id.clone());
        true
    }

    /// Take in which steps the page proves done right now (`proven[i]`). Returns true when the
    /// progress changed (so it should be saved and redrawn).
    pub fn observe(&self, p: &mut Progress, proven: &[bool]) -> bool {
        let before = p.clone();
        // Drop ids that are not steps of this guide (old data, another pack version).
        p.done.retain(|d| self.steps.iter().any(|s| s.id == *d));
        for (i, ok) in proven.iter().enumerate().take(self.steps.len()) {
            if *ok {
                self.mark(p, i);
                for j in 0..i {
                    if self.steps[j].implied {
                        self.mark(p, j);
                    }
                }
            }
        }
        let cur = self.current_index(p);
        if p.current.is_none() {
            p.current = Some(self.steps[cur].id.clone());
        }
        if self.is_done(p, cur) && !p.pinned {
            // The user really did it: move on to the next step not yet done.
            if let Some(n) = self.first_open(p, cur + 1) {
                p.current = Some(self.steps[n].id.clone());
            }
        }
        *p != before
    }

    /// Next: acknowledges a text-only step, otherwise just moves on (skipping is allowed).
    pub fn next(&self, p: &mut Progress) {
        let cur = self.current_index(p);
        if self.steps[cur].done.is_none() {
            self.mark(p, cur);
        }
        p.pinned = false;
        if cur + 1 < self.steps.len() {
            p.current = Some(self.steps[cur + 1].id.clone());
        }
    }

    pub fn back(&self, p: &mut Progress) {
        let cur = self.current_index(p);
        if cur > 0 {
            p.current = Some(self.steps[cur - 1].id.clone());
            p.pinned = true;
        }
    }

    /// Start (or resume) the walkthrough at the first unfinished step.
    pub fn start(&self, p: &mut Progress, restart: bool) {
        // Starting a finished guide starts it over.
        if restart || self.first_open(p, 0).is_none() {
            p.done.clear();
        }
        p.active = true;
        p.dismissed = false;
        p.pinned = false;
        p.current = self
            .first_open(p, 0)
            .map(|i| self.steps[i].id.clone())
            .or_else(|| self.steps.last().map(|s| s.id.clone()));
    }

    pub fn view(&self, p: &Progress) -> View {
        let index = self.current_index(p);
        View {
            index,
            total: self.steps.len(),
            step_done: self.is_done(p, index),
            missing_before: (0..index).filter(|&i| !self.is_done(p, i)).collect(),
            finished: self.first_open(p, 0).is_none(),
        }
    }
}

/// The messages for `lang` with English as the fallback for any missing key.
pub fn message<'a>(pack: &'a Pack, lang: &str, key: &str) -> &'a str {
    pack.messages
        .get(lang)
        .and_then(|m| m.get(key))
        .or_else(|| pack.messages.get("en").and_then(|m| m.get(key)))
        .map(String::as_str)
        .unwrap_or("")
}

/// Fill `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The UI language: the user's setting, else the page's `<html lang>`, else the browser's, if
/// the pack speaks it; English otherwise.
pub fn choose_lang(pack: &Pack, setting: &str, page_lang: &str, ui_lang: &str) -> String {
    for cand in [setting, page_lang, ui_lang] {
        let short = super::page::short_lang(cand);
        if !short.is_empty() && short != "auto" && pack.langs.contains(&short) {
            return short;
        }
    }
    "en".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn shipped() -> Pack {
        let raw = include_str!("../../extension/guides/pack.json");
        Pack::parse(raw).expect("shipped pack parses")
    }

    fn steps(ids: &[(&str, bool, bool)]) -> Vec<Step> {
        ids.iter()
            .map(|(id, verifiable, implied)| Step {
                id: id.to_string(),
                target: None,
                done: verifiable.then(|| format!("{id}-done")),
                implied: *implied,
            })
            .collect()
    }

    #[test]
    fn shipped_pack_is_consistent() {
        let pack = shipped();
        assert_eq!(pack.check(), Vec::<String>::new());
        for acct in ["agency", "brand", "partner"] {
            assert!(pack.guides.contains_key(acct), "{acct} guide");
        }
        let ids: Vec<_> = pack.guides["agency"]
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "open-menu",
                "open-settings",
                "open-technical",
                "open-rest-web-services",
                "enable-legacy-tokens",
                "open-more-menu",
                "review-reset-options",
                "open-token-overview",
                "open-api-credentials"
            ]
        );
        assert_eq!(pack.guides["brand"][0].id, "open-user-profile");
        assert!(pack.guides["partner"].iter().any(|s| s.id == "open-api"));
        // Every UI language has every English message key.
        let en = &pack.messages["en"];
        for lang in ["zh", "ja", "de", "it", "es", "fr", "pt"] {
            let m = pack.messages.get(lang).unwrap_or_else(|| panic!("{lang}"));
            let missing: Vec<_> = en.keys().filter(|k| !m.contains_key(k)).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    #[test]
    fn facts_combine_and_survive_bad_data() {
        let pack = shipped();
        let mut asked = Vec::new();
        let mut prim = |p: Prim| {
            asked.push(format!("{p:?}"));
            matches!(p, Prim::Path(_))
        };
        assert!(pack.fact("tokens-page", &mut prim));
        assert!(!pack.fact("no-such-fact", &mut prim));
        let mut cyc = pack.clone();
        cyc.facts.insert("a".into(), Fact::Not("b".into()));
        cyc.facts.insert("b".into(), Fact::Not("a".into()));
        // A cycle ends at the depth limit instead of overflowing the stack.
        let _ = cyc.fact("a", &mut |_| true);
    }

    #[test]
    fn proven_steps_advance_and_imply_earlier_navigation() {
        let s = steps(&[
            ("menu", true, true),
            ("settings", true, true),
            ("enable", true, false),
            ("review", false, false),
            ("creds", true, false),
        ]);
        let m = Machine::new(&s);
        let mut p = Progress::default();
        m.start(&mut p, false);
        assert_eq!(p.current.as_deref(), Some("menu"));
        // Landing directly on the settings page proves the earlier navigation too.
        assert!(m.observe(&mut p, &[false, true, false, false, false]));
        assert_eq!(p.done, ["settings", "menu"]);
        assert_eq!(p.current.as_deref(), Some("enable"));
        // Nothing new: no change to save.
        assert!(!m.observe(&mut p, &[false, true, false, false, false]));
        // Not proven: Next skips ahead, and the view says what is still missing.
        m.next(&mut p);
        assert_eq!(p.current.as_deref(), Some("review"));
        let v = m.view(&p);
        assert_eq!((v.index, v.missing_before.clone()), (3, vec![2]));
        // A text-only step is done by acknowledging it.
        m.next(&mut p);
        assert!(p.done.contains(&"review".to_string()));
        // Back pins a finished step so it is not skipped again at once.
        m.back(&mut p);
        assert_eq!(p.current.as_deref(), Some("review"));
        m.observe(&mut p, &[false, false, false, true, false]);
        assert_eq!(p.current.as_deref(), Some("review"));
        m.next(&mut p);
        m.observe(&mut p, &[false, false, true, false, true]);
        assert!(m.view(&p).finished);
    }

    #[test]
    fn stale_progress_is_cleaned_and_restart_clears() {
        let s = steps(&[("a", true, false), ("b", true, false)]);
        let m = Machine::new(&s);
        let mut p = Progress {
            done: vec!["gone".into(), "a".into()],
            current: Some("gone".into()),
            ..Default::default()
        };
        m.observe(&mut p, &[false, false]);
        assert_eq!(p.done, ["a"]);
        assert_eq!(m.current_index(&p), 1);
        m.start(&mut p, true);
        assert!(p.done.is_empty());
        assert_eq!(p.current.as_deref(), Some("a"));
    }

    #[test]
    fn split_pack_is_the_source_pack() {
        let raw = include_str!("../../extension/guides/pack.json");
        let full = shipped();
        let (rest, per) = Pack::split(raw).unwrap();
        assert_eq!(per.len(), 8);
        let mut shipped = Pack::parse(&rest).unwrap();
        assert!(shipped.messages.is_empty());
        assert_eq!(shipped.langs, full.langs);
        assert_eq!(choose_lang(&shipped, "", "ja", ""), "ja");
        assert_eq!(
            format!("{:?}", shipped.labels),
            format!("{:?}", full.labels)
        );
        assert_eq!(
            format!("{:?}", shipped.guides),
            format!("{:?}", full.guides)
        );
        for (lang, text) in &per {
            shipped.add_messages(lang, text).unwrap();
            assert_eq!(shipped.messages[lang], full.messages[lang], "{lang}");
        }
        assert!(shipped.add_messages("xx", "[1]").is_err());
        assert!(shipped.add_messages("xx", "{").is_err());
    }

    #[test]
    fn languages_fall_back() {
        let pack = shipped();
        assert_eq!(choose_lang(&pack, "auto", "zh-CN", "en-US"), "zh");
        assert_eq!(choose_lang(&pack, "de", "zh-CN", "en-US"), "de");
        assert_eq!(choose_lang(&pack, "", "xx", "pt-BR"), "pt");
        assert_eq!(choose_lang(&pack, "", "", "ko"), "en");
        assert_eq!(
            message(&pack, "zz", "launcher"),
            message(&pack, "en", "launcher")
        );
        assert_eq!(
            fill("Step {n} of {t}", &[("n", "3"), ("t", "7")]),
            "Step 3 of 7"
        );
    }
}
