//! Tier 2: the DOM layer in real headless browsers (wasm-bindgen-test; run by `./build.sh test`
//! once with chromedriver and once with geckodriver).
#![cfg(target_arch = "wasm32")]

use legacy_token_guide::dom::Ui;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn mount_makes_one_open_styled_host() {
    let d = doc();
    let ui = Ui::mount(&d).unwrap();
    assert_eq!(ui.host.id(), "ltg-root");
    let shadow = ui.host.shadow_root().expect("open shadow root");
    let p = ui.part("div", "status").unwrap();
    p.set_class_name("sr");
    shadow.append_child(&p).unwrap();
    assert!(ui.find_part("status").is_some());
    let win = web_sys::window().unwrap();
    let cs = win.get_computed_style(&p).unwrap().unwrap();
    assert_eq!(cs.get_property_value("position").unwrap(), "absolute");
    let hs = win.get_computed_style(&ui.host).unwrap().unwrap();
    assert_eq!(hs.get_property_value("position").unwrap(), "fixed");
    // The host page's own elements are never restyled.
    assert_eq!(d.body().unwrap().get_attribute("style"), None);
    ui.host.remove();
    ui.ensure_attached().unwrap();
    assert!(ui.host.is_connected());
    ui.host.remove();
}

#[wasm_bindgen_test]
fn buttons_carry_actions_and_text_only() {
    let ui = Ui::mount(&doc()).unwrap();
    let b = ui.button("primary", "<b>x</b>", "next").unwrap();
    assert_eq!(b.get_attribute("data-ltg-action").as_deref(), Some("next"));
    // Text goes in as text: no element was parsed out of it.
    assert_eq!(b.children().length(), 0);
    assert_eq!(b.text_content().as_deref(), Some("<b>x</b>"));
    let _: web_sys::HtmlButtonElement = b.dyn_into().unwrap();
    ui.host.remove();
}

mod find {
    use super::doc;
    use legacy_token_guide::core::guide::Target;
    use legacy_token_guide::core::text::normalize;
    use legacy_token_guide::dom::find::{
        accessible_name, documents, find, is_visible, Found, Query,
    };
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    /// A scratch container with the given children (built with DOM calls, never HTML strings).
    fn sandbox() -> web_sys::Element {
        let d = doc();
        let c = d.create_element("section").unwrap();
        d.body().unwrap().append_child(&c).unwrap();
        c
    }

    fn add(
        parent: &web_sys::Element,
        tag: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> web_sys::Element {
        let e = doc().create_element(tag).unwrap();
        for (k, v) in attrs {
            e.set_attribute(k, v).unwrap();
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        parent.append_child(&e).unwrap();
        e
    }

    fn target(roles: &[&str]) -> Target {
        Target {
            labels: "x".into(),
            roles: roles.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| normalize(s)).collect()
    }

    #[wasm_bindgen_test]
    fn finds_by_text_in_any_language_and_by_aria_label() {
        let c = sandbox();
        let zh = add(&c, "button", &[], "启用旧版令牌");
        add(&c, "button", &[], "Something else");
        let t = target(&["button"]);
        let q = Query::new(
            &t,
            labels(&["Enable Legacy Tokens", "启用旧版令牌"]),
            vec![],
        );
        assert!(matches!(find(&documents(&doc()), &q), Found::One(e) if e == zh));
        // Icon-only button named by aria-label (full-width brackets in the label data).
        let more = add(
            &c,
            "div",
            &[
                ("role", "button"),
                ("tabindex", "0"),
                ("aria-label", "更多"),
            ],
            "⋮",
        );
        assert_eq!(accessible_name(&more), "更多");
        let q = Query::new(&t, labels(&["［更多］"]), vec![]);
        assert!(matches!(find(&documents(&doc()), &q), Found::One(e) if e == more));
        c.remove();
    }

    #[wasm_bindgen_test]
    fn hidden_elements_do_not_count_and_ties_are_reported() {
        let c = sandbox();
        let hidden = add(&c, "button", &[("hidden", "")], "Settings");
        assert!(!is_visible(&hidden));
        let t = target(&["link"]);
        let q = Query::new(&t, labels(&["Settings"]), vec![]);
        assert!(matches!(find(&documents(&doc()), &q), Found::None));
        add(&c, "button", &[], "Settings");
        add(&c, "button", &[], "Settings");
        assert!(matches!(find(&documents(&doc()), &q), Found::Many(2)));
        // A preferred role breaks the tie without guessing.
        let link = add(&c, "a", &[("href", "#s")], "Settings");
        assert!(matches!(find(&documents(&doc()), &q), Found::One(e) if e == link));
        c.remove();
    }

    #[wasm_bindgen_test]
    fn searches_open_shadow_roots_and_scopes_by_heading() {
        let c = sandbox();
        let host = add(&c, "x-card", &[], "");
        let sr = host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .unwrap();
        let inner = doc().create_element("button").unwrap();
        inner.set_text_content(Some("API Credentials"));
        sr.append_child(&inner).unwrap();
        let t = target(&["tab"]);
        let q = Query::new(&t, labels(&["API Credentials"]), vec![]);
        assert!(matches!(find(&documents(&doc()), &q), Found::One(e) if e == inner));

        // Two [More] buttons, one inside the Legacy Account Tokens card: `within` picks it.
        let other = add(&c, "div", &[], "");
        add(&other, "h3", &[], "Access Tokens");
        add(&other, "button", &[("aria-label", "More")], "");
        let card = add(&c, "div", &[], "");
        add(&card, "h3", &[], "Legacy Account Tokens");
        let mine = add(&card, "button", &[("aria-label", "More")], "");
        let t = Target {
            labels: "more".into(),
            roles: vec!["button".into()],
            within: Some("legacy".into()),
            ..Default::default()
        };
        let q = Query::new(&t, labels(&["More"]), labels(&["Legacy Account Tokens"]));
        assert!(matches!(find(&documents(&doc()), &q), Found::One(e) if e == mine));
        let _: web_sys::HtmlElement = mine.dyn_into().unwrap();
        c.remove();
    }
}

mod names {
    use super::doc;
    use legacy_token_guide::dom::find::accessible_name;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn icon_glyphs_fall_back_to_title() {
        let d = doc();
        let b = d.create_element("button").unwrap();
        b.set_text_content(Some("⋮"));
        b.set_attribute("title", "Mehr").unwrap();
        assert_eq!(accessible_name(&b), "Mehr");
        b.set_text_content(Some("Mehr anzeigen"));
        assert_eq!(accessible_name(&b), "Mehr anzeigen");
    }
}
