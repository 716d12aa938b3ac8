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
