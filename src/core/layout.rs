//! Where the popover goes: next to the target, flipped or shifted to stay in the viewport, and
//! docked when there is no room (small viewports) or no target.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Below,
    Above,
    Right,
    Left,
    /// No room beside the target: a fixed panel in the corner.
    Docked,
}

const GAP: f64 = 12.0;
const MARGIN: f64 = 8.0;

/// Place a `pw`×`ph` popover for `target` in a `vw`×`vh` viewport; returns (x, y, side).
pub fn place(target: Rect, pw: f64, ph: f64, vw: f64, vh: f64) -> (f64, f64, Side) {
    let clamp = |v: f64, lo: f64, hi: f64| if hi < lo { lo } else { v.max(lo).min(hi) };
    let cx = clamp(
        target.x + target.w / 2.0 - pw / 2.0,
        MARGIN,
        vw - pw - MARGIN,
    );
    let cy = clamp(
        target.y + target.h / 2.0 - ph / 2.0,
        MARGIN,
        vh - ph - MARGIN,
    );
    let below = target.y + target.h + GAP;
    if below + ph + MARGIN <= vh {
        return (cx, below, Side::Below);
    }
    let above = target.y - GAP - ph;
    if above >= MARGIN {
        return (cx, above, Side::Above);
    }
    let right = target.x + target.w + GAP;
    if right + pw + MARGIN <= vw {
        return (right, cy, Side::Right);
    }
    let left = target.x - GAP - pw;
    if left >= MARGIN {
        return (left, cy, Side::Left);
    }
    (
        (vw - pw - MARGIN).max(0.0),
        (vh - ph - MARGIN).max(0.0),
        Side::Docked,
    )
}

/// [`place`], keeping clear of `avoid` (our other panels, e.g. the reset reminder): the first
/// side with room that covers none of them, the popover slid along that side where needed;
/// where nothing fits, [`place`] as is (covering the other panel rather than the target).
pub fn place_clear(
    target: Rect,
    pw: f64,
    ph: f64,
    vw: f64,
    vh: f64,
    avoid: &[Rect],
) -> (f64, f64, Side) {
    let first = place(target, pw, ph, vw, vh);
    let hits = |x: f64, y: f64| {
        avoid
            .iter()
            .any(|o| x < o.x + o.w && o.x < x + pw && y < o.y + o.h && o.y < y + ph)
    };
    if !hits(first.0, first.1) {
        return first;
    }
    let fits = |x: f64, y: f64| {
        x >= MARGIN - 0.5
            && y >= MARGIN - 0.5
            && x + pw <= vw - MARGIN + 0.5
            && y + ph <= vh - MARGIN + 0.5
    };
    let cx = target.x + target.w / 2.0 - pw / 2.0;
    let cy = target.y + target.h / 2.0 - ph / 2.0;
    let below = target.y + target.h + GAP;
    let above = target.y - GAP - ph;
    let right = target.x + target.w + GAP;
    let left = target.x - GAP - pw;
    // Along a side: centred, or just past each panel in the way.
    let mut xs = vec![cx.max(MARGIN).min(vw - pw - MARGIN)];
    let mut ys = vec![cy.max(MARGIN).min(vh - ph - MARGIN)];
    for o in avoid {
        xs.extend([o.x + o.w + MARGIN, o.x - pw - MARGIN]);
        ys.extend([o.y + o.h + MARGIN, o.y - ph - MARGIN]);
    }
    let tries = [(Side::Below, below), (Side::Above, above)]
        .into_iter()
        .flat_map(|(side, y)| xs.iter().map(move |&x| (x, y, side)))
        .chain(
            [(Side::Right, right), (Side::Left, left)]
                .into_iter()
                .flat_map(|(side, x)| ys.iter().map(move |&y| (x, y, side))),
        );
    for (x, y, side) in tries {
        if fits(x, y) && !hits(x, y) {
            return (x, y, side);
        }
    }
    first
}

/// The spotlight hugs the target with a little padding, clipped to the viewport.
pub fn spotlight(target: Rect, vw: f64, vh: f64) -> Option<Rect> {
    let pad = 4.0;
    let x0 = (target.x - pad).max(0.0);
    let y0 = (target.y - pad).max(0.0);
    let x1 = (target.x + target.w + pad).min(vw);
    let y1 = (target.y + target.h + pad).min(vh);
    (x1 > x0 && y1 > y0).then_some(Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_of_other_panels() {
        let t = Rect {
            x: 600.0,
            y: 300.0,
            w: 80.0,
            h: 30.0,
        };
        // Nothing in the way: as place().
        assert_eq!(
            place_clear(t, 300.0, 200.0, 1280.0, 800.0, &[]),
            place(t, 300.0, 200.0, 1280.0, 800.0)
        );
        // A reminder where the popover would go (below, centred): slid past it, still below.
        let rem = Rect {
            x: 400.0,
            y: 340.0,
            w: 380.0,
            h: 300.0,
        };
        let (x, y, side) = place_clear(t, 300.0, 200.0, 1280.0, 800.0, &[rem]);
        assert_eq!(side, Side::Below);
        assert!(x >= rem.x + rem.w || x + 300.0 <= rem.x, "({x}, {y})");
        // No room anywhere but over it: covers the panel, never the target.
        let all = Rect {
            x: 0.0,
            y: 0.0,
            w: 1280.0,
            h: 800.0,
        };
        assert_eq!(
            place_clear(t, 300.0, 200.0, 1280.0, 800.0, &[all]),
            place(t, 300.0, 200.0, 1280.0, 800.0)
        );
    }

    fn r(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn prefers_below_then_flips() {
        let (_, y, s) = place(r(100.0, 100.0, 80.0, 30.0), 300.0, 200.0, 1280.0, 800.0);
        assert_eq!((y, s), (142.0, Side::Below));
        let (_, y, s) = place(r(100.0, 700.0, 80.0, 30.0), 300.0, 200.0, 1280.0, 800.0);
        assert_eq!((y, s), (488.0, Side::Above));
    }

    #[test]
    fn shifts_into_view_and_docks_when_no_room() {
        let (x, _, _) = place(r(1250.0, 100.0, 20.0, 20.0), 300.0, 200.0, 1280.0, 800.0);
        assert_eq!(x, 1280.0 - 300.0 - 8.0);
        // A phone-sized viewport with a tall target: nowhere beside it.
        let (_, _, s) = place(r(0.0, 20.0, 360.0, 600.0), 340.0, 300.0, 360.0, 640.0);
        assert_eq!(s, Side::Docked);
    }

    #[test]
    fn spotlight_clips_and_vanishes_off_screen() {
        assert_eq!(
            spotlight(r(10.0, 10.0, 20.0, 20.0), 100.0, 100.0),
            Some(r(6.0, 6.0, 28.0, 28.0))
        );
        assert_eq!(spotlight(r(10.0, 900.0, 20.0, 20.0), 100.0, 800.0), None);
    }
}
