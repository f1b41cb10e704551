// How the check's stages write lengths, sizes and quoted text in messages (the same in every
// locale: Length::format), and the rectangle arithmetic they share. Internal to the checker.
#pragma once

#include <string>

#include "podcover/printer.hpp"
#include "podcover/rect.hpp"

namespace podcover::check {

// "0.6756 in"
inline std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}
// "0.047 in (1.18 mm)"
inline std::string in_mm(Length length) {
    return length.format_with_unit(Unit::in, 3) + " (" + length.format_with_unit(Unit::mm, 2) + ")";
}
// "12.9256 × 9.25 in"
inline std::string size_text(const Size& size) {
    return size.format(Unit::in, 4);
}
// 'The Salt Road', shortened to 60 characters.
inline std::string quoted(const std::string& text) {
    return "'" + (text.size() > 60 ? text.substr(0, 57) + "..." : text) + "'";
}
inline Rect shifted(const Rect& rect, Length dx, Length dy) {
    return Rect{rect.x + dx, rect.y + dy, rect.width, rect.height};
}
// " [KDP-H]": a printer number's source tags, for a finding's message; empty when it has none.
inline std::string source_tag(const Source& source) {
    return source.tags.empty() ? std::string() : " [" + source.tags + "]";
}
// The smallest rectangle holding both.
inline Rect united(const Rect& a, const Rect& b) {
    return Rect::from_edges(min(a.left(), b.left()), min(a.top(), b.top()),
                            max(a.right(), b.right()), max(a.bottom(), b.bottom()));
}
// Square inches.
inline double area_in2(const Rect& rect) {
    return rect.width.in() * rect.height.in();
}

}  // namespace podcover::check
