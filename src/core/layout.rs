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
