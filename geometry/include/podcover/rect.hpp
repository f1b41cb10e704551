// Rectangles in podcover's one coordinate system (docs/geometry.md): the origin is the top-left
// corner of the full cover sheet as printed (bleed or wrap included), x grows to the right and
// y grows downward. The back cover is on the left, the front cover on the right, as the
// printers' templates show the outside of the cover.
#pragma once

#include <optional>

#include "podcover/length.hpp"

namespace podcover {

struct Rect {
    Length x;
    Length y;
    Length width;
    Length height;

    static Rect from_edges(Length left, Length top, Length right, Length bottom) {
        return Rect{left, top, right - left, bottom - top};
    }

    Length left() const { return x; }
    Length top() const { return y; }
    Length right() const { return x + width; }
    Length bottom() const { return y + height; }
    Size size() const { return Size{width, height}; }

    // Whether `other` lies inside this rectangle (edges may touch).
    bool contains(const Rect& other) const {
        return other.left() >= left() && other.right() <= right() && other.top() >= top() &&
               other.bottom() <= bottom();
    }
    // Whether the interiors of the two rectangles share any area.
    bool overlaps(const Rect& other) const {
        return other.left() < right() && left() < other.right() && other.top() < bottom() &&
               top() < other.bottom();
    }
    std::optional<Rect> intersection(const Rect& other) const {
        if (!overlaps(other))
            return std::nullopt;
        return from_edges(max(left(), other.left()), max(top(), other.top()),
                          min(right(), other.right()), min(bottom(), other.bottom()));
    }
    // Shrunk by `margin` on every side.
    Rect inset(Length margin) const { return inset(margin, margin, margin, margin); }
    Rect inset(Length left_margin, Length top_margin, Length right_margin,
               Length bottom_margin) const {
        return from_edges(left() + left_margin, top() + top_margin, right() - right_margin,
                          bottom() - bottom_margin);
    }

    friend bool operator==(const Rect&, const Rect&) = default;
};

}  // namespace podcover
